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

    private Bytes() {
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
