package io.github.overlaykit.netlink.message;

import io.github.overlaykit.codec.MalformedPacketException;
import java.nio.ByteBuffer;

/**
 * Flyweight over {@code struct ifinfomsg} (16 bytes), the header of {@code RTM_NEWLINK}, {@code RTM_DELLINK},
 * {@code RTM_GETLINK} and {@code RTM_SETLINK}; {@code IFLA_*} attributes follow.
 *
 * <pre>
 * +--------+--------+-----------------+
 * | family |  pad   |  ifi_type (u16) |
 * +--------+--------+-----------------+
 * |           ifi_index (s32)         |
 * +-----------------------------------+
 * |           ifi_flags (u32)         |
 * +-----------------------------------+
 * |           ifi_change (u32)        |
 * +-----------------------------------+
 * </pre>
 *
 * <p>Fields are in host byte order whatever the buffer's {@link ByteBuffer#order()}. {@link #wrap} is
 * O(1) and unchecked; {@link #checkLength(int)} validates received bytes first. Not thread-safe;
 * allocates nothing except in {@link #toString()}.
 */
public final class LinkMessage {
    /** Size of {@code struct ifinfomsg} in bytes. */
    public static final int LENGTH = 16;

    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped flyweight; call {@link #wrap} before use. */
    public LinkMessage() {
    }

    /**
     * Points this flyweight at the structure without checking anything.
     *
     * @param buffer the bytes
     * @param offset where the structure starts (the netlink payload offset)
     * @return this
     */
    public LinkMessage wrap(ByteBuffer buffer, int offset) {
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
    public LinkMessage checkLength(int available) {
        if (available < LENGTH) {
            throw new MalformedPacketException("struct ifinfomsg", offset, LENGTH, available, "truncated struct ifinfomsg");
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
    public LinkMessage clear() {
        for (int i = 0; i < LENGTH; i++) {
            buffer.put(offset + i, (byte) 0);
        }
        return this;
    }

    /**
     * Returns {@code ifi_family}: the address family ({@code AF_UNSPEC} for links).
     *
     * @return the value, 0..255
     */
    public int family() {
        return Bytes.u8(buffer, offset + 0);
    }

    /**
     * Sets {@code ifi_family}.
     *
     * @param value the new value
     * @return this
     */
    public LinkMessage family(int value) {
        Bytes.u8(buffer, offset + 0, value);
        return this;
    }

    /**
     * Returns {@code ifi_type}: the hardware type ({@code ARPHRD_*}).
     *
     * @return the value, 0..65535
     */
    public int type() {
        return Bytes.u16(buffer, offset + 2);
    }

    /**
     * Sets {@code ifi_type}.
     *
     * @param value the new value
     * @return this
     */
    public LinkMessage type(int value) {
        Bytes.u16(buffer, offset + 2, value);
        return this;
    }

    /**
     * Returns {@code ifi_index}: the interface index (0 lets the kernel choose on create).
     *
     * @return the value, signed
     */
    public int index() {
        return Bytes.s32(buffer, offset + 4);
    }

    /**
     * Sets {@code ifi_index}.
     *
     * @param value the new value
     * @return this
     */
    public LinkMessage index(int value) {
        Bytes.s32(buffer, offset + 4, value);
        return this;
    }

    /**
     * Returns {@code ifi_flags}: {@code IFF_*} device flags.
     *
     * @return the value, unsigned
     */
    public long flags() {
        return Bytes.u32(buffer, offset + 8);
    }

    /**
     * Sets {@code ifi_flags}.
     *
     * @param value the new value
     * @return this
     */
    public LinkMessage flags(long value) {
        Bytes.s32(buffer, offset + 8, (int) value);
        return this;
    }

    /**
     * Returns {@code ifi_change}: the mask of {@code ifi_flags} bits to change.
     *
     * @return the value, unsigned
     */
    public long change() {
        return Bytes.u32(buffer, offset + 12);
    }

    /**
     * Sets {@code ifi_change}.
     *
     * @param value the new value
     * @return this
     */
    public LinkMessage change(long value) {
        Bytes.s32(buffer, offset + 12, (int) value);
        return this;
    }

    @Override
    public String toString() {
        return "struct ifinfomsg{" + "family=" + family() + ", " + "type=" + type() + ", " + "index=" + index() + ", " + "flags=" + flags() + ", " + "change=" + change() + "}";
    }
}
