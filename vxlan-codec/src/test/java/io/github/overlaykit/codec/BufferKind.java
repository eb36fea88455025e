package io.github.overlaykit.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The buffer kinds every flyweight is tested over. Each places the bytes at {@link #base()} of its buffer;
 * kinds other than HEAP also set a little-endian {@link ByteBuffer#order()} to prove the accessors ignore it.
 */
enum BufferKind {
    HEAP(0, false),
    DIRECT(0, true),
    READ_ONLY(0, false),
    OFFSET(37, false),
    OFFSET_DIRECT(13, true);

    private final int base;
    private final boolean direct;

    BufferKind(int base, boolean direct) {
        this.base = base;
        this.direct = direct;
    }

    /** Index of the first copied byte. */
    int base() {
        return base;
    }

    /** True if setters may be used on buffers of this kind. */
    boolean writable() {
        return this != READ_ONLY;
    }

    /**
     * A buffer holding {@code bytes} at {@link #base()} and ending with them, so that a read past the bytes
     * throws (the base bytes before them are 0x5A).
     */
    ByteBuffer of(byte[] bytes) {
        ByteBuffer buffer = allocate(bytes.length, (byte) 0x5A); // allocate adds the base
        if (this == READ_ONLY) {
            ByteBuffer heap = ByteBuffer.wrap(bytes.clone());
            return heap.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        buffer.put(base, bytes);
        return buffer;
    }

    /** A writable buffer of {@code base() + length} bytes, every byte {@code fill}. */
    ByteBuffer allocate(int length, byte fill) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(base + length) : ByteBuffer.allocate(base + length);
        byte[] fillBytes = new byte[base + length];
        Arrays.fill(fillBytes, fill);
        buffer.put(0, fillBytes);
        if (this != HEAP) {
            buffer.order(ByteOrder.LITTLE_ENDIAN);
        }
        return buffer;
    }

    /** Copies {@code length} bytes from {@code index} of any buffer. */
    static byte[] bytes(ByteBuffer buffer, int index, int length) {
        byte[] out = new byte[length];
        buffer.get(index, out);
        return out;
    }
}
