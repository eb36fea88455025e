package io.github.overlaykit.netlink.message;

import io.github.overlaykit.codec.MalformedPacketException;
import java.nio.ByteBuffer;

/**
 * Flyweight over {@code struct ifaddrmsg} (8 bytes), the header of {@code RTM_NEWADDR}, {@code RTM_DELADDR} and
 * {@code RTM_GETADDR}; {@code IFA_*} attributes follow.
 *
 * <pre>
 * +--------+--------+--------+--------+
 * | family |prefixln|  flags | scope  |
 * +--------+--------+--------+--------+
 * |           ifa_index (u32)         |
 * +-----------------------------------+
 * </pre>
 *
 * <p>Fields are in host byte order whatever the buffer's {@link ByteBuffer#order()}. {@link #wrap} is
 * O(1) and unchecked; {@link #checkLength(int)} validates received bytes first. Not thread-safe;
 * allocates nothing except in {@link #toString()}.
 */
public final class AddressMessage {
    /** Size of {@code struct ifaddrmsg} in bytes. */
    public static final int LENGTH = 8;

    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped flyweight; call {@link #wrap} before use. */
    public AddressMessage() {
    }

    /**
     * Points this flyweight at the structure without checking anything.
     *
     * @param buffer the bytes
     * @param offset where the structure starts (the netlink payload offset)
     * @return this
     */
    public AddressMessage wrap(ByteBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Checks that the structure fits in {@code available} bytes from {@link #offset()}.
     *
     * @param available bytes readable from the offset
     * @return this
     * @throws MalformedPacketException if fewer than {@link #LENGTH} bytes are available
     */
    public AddressMessage checkLength(int available) {
        if (available < LENGTH) {
            throw new MalformedPacketException("struct ifaddrmsg", offset, LENGTH, available, "truncated struct ifaddrmsg");
        }
        return this;
    }

    /**
     * Returns where the structure starts.
     *
     * @return the offset in the wrapped buffer
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns where the attributes after the structure start.
     *
     * @return {@code offset() + LENGTH}
     */
    public int attributesOffset() {
        return offset + LENGTH;
    }

    /**
     * Zeroes the whole structure (padding included), as iproute2 does before filling it in.
     *
     * @return this
     */
    public AddressMessage clear() {
        for (int i = 0; i < LENGTH; i++) {
            buffer.put(offset + i, (byte) 0);
        }
        return this;
    }

    /**
     * Returns {@code ifa_family}: the address family.
     *
     * @return the value, 0..255
     */
    public int family() {
        return Bytes.u8(buffer, offset + 0);
    }

    /**
     * Sets {@code ifa_family}.
     *
     * @param value the new value
     * @return this
     */
    public AddressMessage family(int value) {
        Bytes.u8(buffer, offset + 0, value);
        return this;
    }

    /**
     * Returns {@code ifa_prefixlen}: the prefix length.
     *
     * @return the value, 0..255
     */
    public int prefixLength() {
        return Bytes.u8(buffer, offset + 1);
    }

    /**
     * Sets {@code ifa_prefixlen}.
     *
     * @param value the new value
     * @return this
     */
    public AddressMessage prefixLength(int value) {
        Bytes.u8(buffer, offset + 1, value);
        return this;
    }

    /**
     * Returns {@code ifa_flags}: the low 8 {@code IFA_F_*} bits ({@code IFA_FLAGS} carries all 32).
     *
     * @return the value, 0..255
     */
    public int flags() {
        return Bytes.u8(buffer, offset + 2);
    }

    /**
     * Sets {@code ifa_flags}.
     *
     * @param value the new value
     * @return this
     */
    public AddressMessage flags(int value) {
        Bytes.u8(buffer, offset + 2, value);
        return this;
    }

    /**
     * Returns {@code ifa_scope}: the scope ({@code RT_SCOPE_*}).
     *
     * @return the value, 0..255
     */
    public int scope() {
        return Bytes.u8(buffer, offset + 3);
    }

    /**
     * Sets {@code ifa_scope}.
     *
     * @param value the new value
     * @return this
     */
    public AddressMessage scope(int value) {
        Bytes.u8(buffer, offset + 3, value);
        return this;
    }

    /**
     * Returns {@code ifa_index}: the interface index (a u32 in the kernel; indexes stay below 2<sup>31</sup>).
     *
     * @return the value, signed
     */
    public int index() {
        return Bytes.s32(buffer, offset + 4);
    }

    /**
     * Sets {@code ifa_index}.
     *
     * @param value the new value
     * @return this
     */
    public AddressMessage index(int value) {
        Bytes.s32(buffer, offset + 4, value);
        return this;
    }

    @Override
    public String toString() {
        return "struct ifaddrmsg{" + "family=" + family() + ", " + "prefixLength=" + prefixLength() + ", " + "flags=" + flags() + ", " + "scope=" + scope() + ", " + "index=" + index() + "}";
    }
}
