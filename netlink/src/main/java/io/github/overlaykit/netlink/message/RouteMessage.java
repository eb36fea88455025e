package io.github.overlaykit.netlink.message;

import io.github.overlaykit.codec.MalformedPacketException;
import java.nio.ByteBuffer;

/**
 * Flyweight over {@code struct rtmsg} (12 bytes), the header of {@code RTM_NEWROUTE}, {@code RTM_DELROUTE} and
 * {@code RTM_GETROUTE}; {@code RTA_*} attributes follow.
 *
 * <pre>
 * +--------+--------+--------+--------+
 * | family |dst_len |src_len |  tos   |
 * +--------+--------+--------+--------+
 * | table  |protocol| scope  |  type  |
 * +--------+--------+--------+--------+
 * |          rtm_flags (u32)          |
 * +-----------------------------------+
 * </pre>
 *
 * <p>Fields are in host byte order whatever the buffer's {@link ByteBuffer#order()}. {@link #wrap} is
 * O(1) and unchecked; {@link #checkLength(int)} validates received bytes first. Not thread-safe;
 * allocates nothing except in {@link #toString()}.
 */
public final class RouteMessage {
    /** Size of {@code struct rtmsg} in bytes. */
    public static final int LENGTH = 12;

    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped flyweight; call {@link #wrap} before use. */
    public RouteMessage() {
    }

    /**
     * Points this flyweight at the structure without checking anything.
     *
     * @param buffer the bytes
     * @param offset where the structure starts (the netlink payload offset)
     * @return this
     */
    public RouteMessage wrap(ByteBuffer buffer, int offset) {
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
    public RouteMessage checkLength(int available) {
        if (available < LENGTH) {
            throw new MalformedPacketException("struct rtmsg", offset, LENGTH, available, "truncated struct rtmsg");
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
    public RouteMessage clear() {
        for (int i = 0; i < LENGTH; i++) {
            buffer.put(offset + i, (byte) 0);
        }
        return this;
    }

    /**
     * Returns {@code rtm_family}: the address family ({@code AF_INET}).
     *
     * @return the value, 0..255
     */
    public int family() {
        return Bytes.u8(buffer, offset + 0);
    }

    /**
     * Sets {@code rtm_family}.
     *
     * @param value the new value
     * @return this
     */
    public RouteMessage family(int value) {
        Bytes.u8(buffer, offset + 0, value);
        return this;
    }

    /**
     * Returns {@code rtm_dst_len}: the destination prefix length.
     *
     * @return the value, 0..255
     */
    public int dstLength() {
        return Bytes.u8(buffer, offset + 1);
    }

    /**
     * Sets {@code rtm_dst_len}.
     *
     * @param value the new value
     * @return this
     */
    public RouteMessage dstLength(int value) {
        Bytes.u8(buffer, offset + 1, value);
        return this;
    }

    /**
     * Returns {@code rtm_src_len}: the source prefix length.
     *
     * @return the value, 0..255
     */
    public int srcLength() {
        return Bytes.u8(buffer, offset + 2);
    }

    /**
     * Sets {@code rtm_src_len}.
     *
     * @param value the new value
     * @return this
     */
    public RouteMessage srcLength(int value) {
        Bytes.u8(buffer, offset + 2, value);
        return this;
    }

    /**
     * Returns {@code rtm_tos}: the TOS selector.
     *
     * @return the value, 0..255
     */
    public int tos() {
        return Bytes.u8(buffer, offset + 3);
    }

    /**
     * Sets {@code rtm_tos}.
     *
     * @param value the new value
     * @return this
     */
    public RouteMessage tos(int value) {
        Bytes.u8(buffer, offset + 3, value);
        return this;
    }

    /**
     * Returns {@code rtm_table}: the table id, or {@code RT_TABLE_UNSPEC} when {@code RTA_TABLE} carries it.
     *
     * @return the value, 0..255
     */
    public int table() {
        return Bytes.u8(buffer, offset + 4);
    }

    /**
     * Sets {@code rtm_table}.
     *
     * @param value the new value
     * @return this
     */
    public RouteMessage table(int value) {
        Bytes.u8(buffer, offset + 4, value);
        return this;
    }

    /**
     * Returns {@code rtm_protocol}: who installed the route ({@code RTPROT_*}).
     *
     * @return the value, 0..255
     */
    public int protocol() {
        return Bytes.u8(buffer, offset + 5);
    }

    /**
     * Sets {@code rtm_protocol}.
     *
     * @param value the new value
     * @return this
     */
    public RouteMessage protocol(int value) {
        Bytes.u8(buffer, offset + 5, value);
        return this;
    }

    /**
     * Returns {@code rtm_scope}: the scope ({@code RT_SCOPE_*}).
     *
     * @return the value, 0..255
     */
    public int scope() {
        return Bytes.u8(buffer, offset + 6);
    }

    /**
     * Sets {@code rtm_scope}.
     *
     * @param value the new value
     * @return this
     */
    public RouteMessage scope(int value) {
        Bytes.u8(buffer, offset + 6, value);
        return this;
    }

    /**
     * Returns {@code rtm_type}: the route type ({@code RTN_*}).
     *
     * @return the value, 0..255
     */
    public int type() {
        return Bytes.u8(buffer, offset + 7);
    }

    /**
     * Sets {@code rtm_type}.
     *
     * @param value the new value
     * @return this
     */
    public RouteMessage type(int value) {
        Bytes.u8(buffer, offset + 7, value);
        return this;
    }

    /**
     * Returns {@code rtm_flags}: {@code RTNH_F_*} and {@code RTM_F_*} bits.
     *
     * @return the value, unsigned
     */
    public long flags() {
        return Bytes.u32(buffer, offset + 8);
    }

    /**
     * Sets {@code rtm_flags}.
     *
     * @param value the new value
     * @return this
     */
    public RouteMessage flags(long value) {
        Bytes.s32(buffer, offset + 8, (int) value);
        return this;
    }

    @Override
    public String toString() {
        return "struct rtmsg{" + "family=" + family() + ", " + "dstLength=" + dstLength() + ", " + "srcLength=" + srcLength() + ", " + "tos=" + tos() + ", " + "table=" + table() + ", " + "protocol=" + protocol() + ", " + "scope=" + scope() + ", " + "type=" + type() + ", " + "flags=" + flags() + "}";
    }
}
