package io.github.overlaykit.netlink.message;

import io.github.overlaykit.codec.MalformedPacketException;
import java.nio.ByteBuffer;

/**
 * Flyweight over {@code struct rtnexthop} (8 bytes), one entry of {@code RTA_MULTIPATH}: a nexthop with its own
 * attributes ({@code RTA_GATEWAY}) after it.
 *
 * <pre>
 * +-----------------+--------+--------+
 * | rtnh_len (u16)  | flags  |  hops  |
 * +-----------------+--------+--------+
 * |          rtnh_ifindex (s32)       |
 * +-----------------------------------+
 * |  RTA_GATEWAY ... (rtnh_len - 8)   |
 * </pre>
 *
 * <p>Fields are in host byte order whatever the buffer's {@link ByteBuffer#order()}. {@link #wrap} is
 * O(1) and unchecked; {@link #checkLength(int)} validates received bytes first. Not thread-safe;
 * allocates nothing except in {@link #toString()}.
 */
public final class RouteNexthop {
    /** Size of {@code struct rtnexthop} in bytes. */
    public static final int LENGTH = 8;

    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped flyweight; call {@link #wrap} before use. */
    public RouteNexthop() {
    }

    /**
     * Points this flyweight at the structure without checking anything.
     *
     * @param buffer the bytes
     * @param offset where the structure starts (the netlink payload offset)
     * @return this
     */
    public RouteNexthop wrap(ByteBuffer buffer, int offset) {
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
    public RouteNexthop checkLength(int available) {
        if (available < LENGTH) {
            throw new MalformedPacketException("struct rtnexthop", offset, LENGTH, available, "truncated struct rtnexthop");
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
    public RouteNexthop clear() {
        for (int i = 0; i < LENGTH; i++) {
            buffer.put(offset + i, (byte) 0);
        }
        return this;
    }

    /**
     * Returns {@code rtnh_len}: the entry length including its attributes.
     *
     * @return the value, 0..65535
     */
    public int length() {
        return Bytes.u16(buffer, offset + 0);
    }

    /**
     * Sets {@code rtnh_len}.
     *
     * @param value the new value
     * @return this
     */
    public RouteNexthop length(int value) {
        Bytes.u16(buffer, offset + 0, value);
        return this;
    }

    /**
     * Returns {@code rtnh_flags}: {@code RTNH_F_*} bits.
     *
     * @return the value, 0..255
     */
    public int flags() {
        return Bytes.u8(buffer, offset + 2);
    }

    /**
     * Sets {@code rtnh_flags}.
     *
     * @param value the new value
     * @return this
     */
    public RouteNexthop flags(int value) {
        Bytes.u8(buffer, offset + 2, value);
        return this;
    }

    /**
     * Returns {@code rtnh_hops}: the weight minus one.
     *
     * @return the value, 0..255
     */
    public int hops() {
        return Bytes.u8(buffer, offset + 3);
    }

    /**
     * Sets {@code rtnh_hops}.
     *
     * @param value the new value
     * @return this
     */
    public RouteNexthop hops(int value) {
        Bytes.u8(buffer, offset + 3, value);
        return this;
    }

    /**
     * Returns {@code rtnh_ifindex}: the output interface index.
     *
     * @return the value, signed
     */
    public int ifindex() {
        return Bytes.s32(buffer, offset + 4);
    }

    /**
     * Sets {@code rtnh_ifindex}.
     *
     * @param value the new value
     * @return this
     */
    public RouteNexthop ifindex(int value) {
        Bytes.s32(buffer, offset + 4, value);
        return this;
    }

    @Override
    public String toString() {
        return "struct rtnexthop{" + "length=" + length() + ", " + "flags=" + flags() + ", " + "hops=" + hops() + ", " + "ifindex=" + ifindex() + "}";
    }
}
