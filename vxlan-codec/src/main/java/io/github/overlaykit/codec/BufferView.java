package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * The buffer a flyweight reads, with big-endian accessors at absolute buffer indexes that go through the
 * backing array when the buffer is a whole array (not direct, not read-only, not a slice).
 *
 * <p>Why: on JDK 17 a {@code byteBufferViewVarHandle} read from a heap buffer goes through
 * {@code Unsafe} with a base object C2 cannot see, and the same decode measured 31 ns in one JVM and 56 ns
 * in the next; through {@code byteArrayViewVarHandle} it took 23 ns every time (docs/benchmarks.md, "heap
 * buffers read through their array").
 *
 * <p>Bounds: on the array path an index outside the array, which is the buffer's capacity, throws
 * {@link IndexOutOfBoundsException}; bytes between the limit and the capacity can be read. Checking the
 * limit on every read as well made the parse 20 % slower, and those bytes belong to the same buffer (a
 * slice, which shares a larger array, takes the buffer path). Direct and read-only buffers are bounded by
 * their limit, as the buffer's own accessors are. The parser never reads past the length it is given.
 *
 * <p>Attaching to the buffer already attached stores nothing: each reference store costs a GC barrier,
 * and skipping them for the parser's eight flyweights took its parse from 24 to 18 ns.
 */
abstract class BufferView {
    /** The wrapped buffer; null until attached. */
    ByteBuffer buffer;
    /**
     * The buffer's backing array when the buffer is all of it (not direct, not read-only, not a slice),
     * else null.
     */
    private byte[] array;

    BufferView() {
    }

    /** Attaches to a buffer, finding its array. */
    final void view(ByteBuffer buffer) {
        if (buffer == this.buffer) {
            return; // same buffer, same array: and no reference stores (each costs a GC barrier)
        }
        this.buffer = buffer;
        array = buffer != null && buffer.hasArray() && buffer.arrayOffset() == 0
                && buffer.capacity() == buffer.array().length ? buffer.array() : null;
    }

    /** Attaches to the buffer another view is attached to, without looking for its array again. */
    final void view(BufferView other) {
        ByteBuffer otherBuffer = other.buffer;
        if (otherBuffer != buffer) { // usually the same buffer as the last packet's: skip the barriers
            buffer = otherBuffer;
            array = other.array;
        }
    }

    final int u8(int index) {
        byte[] a = array;
        if (a != null) {
            return a[index] & 0xFF;
        }
        return buffer.get(index) & 0xFF;
    }

    final int u16(int index) {
        byte[] a = array;
        if (a != null) {
            return (short) Bytes.ARRAY_SHORT.get(a, index) & 0xFFFF;
        }
        return Bytes.u16(buffer, index);
    }

    final int s32(int index) {
        byte[] a = array;
        if (a != null) {
            return (int) Bytes.ARRAY_INT.get(a, index);
        }
        return Bytes.s32(buffer, index);
    }

    final long u32(int index) {
        return s32(index) & 0xFFFF_FFFFL;
    }

    final long s64(int index) {
        byte[] a = array;
        if (a != null) {
            return (long) Bytes.ARRAY_LONG.get(a, index);
        }
        return Bytes.s64(buffer, index);
    }

    /** Reads a 48-bit MAC address. */
    final long u48(int index) {
        return ((long) u16(index) << 32) | u32(index + 2);
    }

    // Writes go through the buffer: they are not on the decode path, and a read-only buffer must keep
    // throwing ReadOnlyBufferException (it has no accessible array, so reads use the buffer anyway).

    final void put8(int index, int value) {
        Bytes.put8(buffer, index, value);
    }

    final void put16(int index, int value) {
        Bytes.put16(buffer, index, value);
    }

    final void put32(int index, int value) {
        Bytes.put32(buffer, index, value);
    }

    final void put48(int index, long value) {
        Bytes.put48(buffer, index, value);
    }

    final void put64(int index, long value) {
        Bytes.put64(buffer, index, value);
    }
}
