package io.github.overlaykit.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Big-endian absolute accessors over any {@link ByteBuffer} (heap, direct, read-only), independent of
 * {@link ByteBuffer#order()}: the VarHandles fix the byte order themselves.
 */
final class Bytes {
    static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    // The same accessors over a byte[]: BufferView and the array-path helpers below read heap buffers with them.
    static final VarHandle ARRAY_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle ARRAY_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    /**
     * The array to read and write a buffer through (see {@link BufferView} for why): its backing array when
     * buffer index and array index are the same (writable heap buffer, array offset 0), else null. Indexes
     * past the buffer's limit but inside the array are not refused by the array path: callers check the
     * range against the limit first.
     */
    static byte[] arrayOf(ByteBuffer buffer) {
        return buffer.hasArray() && buffer.arrayOffset() == 0 ? buffer.array() : null;
    }

    // The same accessors through arrayOf(buffer) when it is not null (one test of a local per access).

    static int u8(byte[] array, ByteBuffer buffer, int index) {
        return array != null ? array[index] & 0xFF : u8(buffer, index);
    }

    static int u16(byte[] array, ByteBuffer buffer, int index) {
        return array != null ? (short) ARRAY_SHORT.get(array, index) & 0xFFFF : u16(buffer, index);
    }

    static int s32(byte[] array, ByteBuffer buffer, int index) {
        return array != null ? (int) ARRAY_INT.get(array, index) : s32(buffer, index);
    }

    static long s64(byte[] array, ByteBuffer buffer, int index) {
        return array != null ? (long) ARRAY_LONG.get(array, index) : s64(buffer, index);
    }

    static void put16(byte[] array, ByteBuffer buffer, int index, int value) {
        if (array != null) {
            ARRAY_SHORT.set(array, index, (short) value);
        } else {
            put16(buffer, index, value);
        }
    }

    static void put32(byte[] array, ByteBuffer buffer, int index, int value) {
        if (array != null) {
            ARRAY_INT.set(array, index, value);
        } else {
            put32(buffer, index, value);
        }
    }

    static void put64(byte[] array, ByteBuffer buffer, int index, long value) {
        if (array != null) {
            ARRAY_LONG.set(array, index, value);
        } else {
            put64(buffer, index, value);
        }
    }

    static int u8(ByteBuffer buffer, int index) {
        return buffer.get(index) & 0xFF;
    }

    static int u16(ByteBuffer buffer, int index) {
        return (short) SHORT.get(buffer, index) & 0xFFFF;
    }

    static int s32(ByteBuffer buffer, int index) {
        return (int) INT.get(buffer, index);
    }

    static long u32(ByteBuffer buffer, int index) {
        return s32(buffer, index) & 0xFFFF_FFFFL;
    }

    static long s64(ByteBuffer buffer, int index) {
        return (long) LONG.get(buffer, index);
    }

    static void put8(ByteBuffer buffer, int index, int value) {
        buffer.put(index, (byte) value);
    }

    static void put16(ByteBuffer buffer, int index, int value) {
        SHORT.set(buffer, index, (short) value);
    }

    static void put32(ByteBuffer buffer, int index, int value) {
        INT.set(buffer, index, value);
    }

    static void put64(ByteBuffer buffer, int index, long value) {
        LONG.set(buffer, index, value);
    }

    static void put48(ByteBuffer buffer, int index, long value) {
        put16(buffer, index, (int) (value >>> 32));
        put32(buffer, index + 2, (int) value);
    }
}
