package io.github.overlaykit.netlink.message;

import io.github.overlaykit.codec.MalformedPacketException;
import java.nio.ByteBuffer;

/**
 * Flyweight over {@code struct nlmsghdr}, the 16-byte header of every netlink message, in host byte
 * order whatever the buffer's {@link ByteBuffer#order()}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     nlmsg_len (u32, incl. header)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        nlmsg_type (u16)       |        nlmsg_flags (u16)      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        nlmsg_seq (u32)                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        nlmsg_pid (u32, port id)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            payload: family header, then attributes            |
 * </pre>
 *
 * <p>{@link #wrap} is O(1) and unchecked; call {@link #checkLength(int)} before trusting
 * {@link #length()} on received bytes. Accessors do not check bounds beyond what {@link ByteBuffer}
 * does. Not thread-safe; allocates nothing except in {@link #toString()}.
 */
public final class NetlinkMessageHeader {
    /** Size of the header in bytes ({@code NLMSG_HDRLEN}). */
    public static final int LENGTH = 16;

    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped flyweight; call {@link #wrap} before use. */
    public NetlinkMessageHeader() {
    }

    /**
     * Points this flyweight at a header without checking anything.
     *
     * @param buffer the bytes
     * @param offset where the header starts
     * @return this
     */
    public NetlinkMessageHeader wrap(ByteBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Checks that a whole message (header and the length it declares) lies within {@code available}
     * bytes from {@link #offset()}.
     *
     * @param available bytes readable from the offset
     * @return this
     * @throws MalformedPacketException if the header or the declared message does not fit, or the
     *     declared length is shorter than the header
     */
    public NetlinkMessageHeader checkLength(int available) {
        if (available < LENGTH) {
            throw new MalformedPacketException("nlmsghdr", offset, LENGTH, available, "truncated header");
        }
        long declared = length();
        if (declared < LENGTH) {
            throw new MalformedPacketException("nlmsghdr", offset, LENGTH, (int) declared, "nlmsg_len below header size");
        }
        if (declared > available) {
            throw new MalformedPacketException("nlmsghdr", offset, (int) Math.min(declared, Integer.MAX_VALUE), available,
                    "nlmsg_len beyond the received bytes");
        }
        return this;
    }

    /**
     * Returns the wrapped buffer.
     *
     * @return the buffer
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    /**
     * Returns where the header starts.
     *
     * @return the offset in {@link #buffer()}
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns where the payload (the family header) starts.
     *
     * @return {@code offset() + 16}
     */
    public int payloadOffset() {
        return offset + LENGTH;
    }

    /**
     * Returns {@code nlmsg_len}, the message length including this header.
     *
     * @return the length, unsigned
     */
    public long length() {
        return Bytes.u32(buffer, offset);
    }

    /**
     * Sets {@code nlmsg_len}.
     *
     * @param length the message length including this header
     * @return this
     */
    public NetlinkMessageHeader length(long length) {
        Bytes.s32(buffer, offset, (int) length);
        return this;
    }

    /**
     * Returns {@code nlmsg_type}: {@code NLMSG_*} or {@code RTM_*}.
     *
     * @return the type, 0..65535
     */
    public int type() {
        return Bytes.u16(buffer, offset + 4);
    }

    /**
     * Sets {@code nlmsg_type}.
     *
     * @param type {@code NLMSG_*} or {@code RTM_*}
     * @return this
     */
    public NetlinkMessageHeader type(int type) {
        Bytes.u16(buffer, offset + 4, type);
        return this;
    }

    /**
     * Returns {@code nlmsg_flags} ({@code NLM_F_*}).
     *
     * @return the flags, 0..65535
     */
    public int flags() {
        return Bytes.u16(buffer, offset + 6);
    }

    /**
     * Sets {@code nlmsg_flags}.
     *
     * @param flags {@code NLM_F_*} bits
     * @return this
     */
    public NetlinkMessageHeader flags(int flags) {
        Bytes.u16(buffer, offset + 6, flags);
        return this;
    }

    /**
     * Returns {@code nlmsg_seq}, echoed by the kernel in its replies.
     *
     * @return the sequence number, unsigned
     */
    public long sequence() {
        return Bytes.u32(buffer, offset + 8);
    }

    /**
     * Sets {@code nlmsg_seq}.
     *
     * @param sequence the sequence number
     * @return this
     */
    public NetlinkMessageHeader sequence(long sequence) {
        Bytes.s32(buffer, offset + 8, (int) sequence);
        return this;
    }

    /**
     * Returns {@code nlmsg_pid}: the sender's port id in requests, the requester's in replies.
     *
     * @return the port id, unsigned
     */
    public long portId() {
        return Bytes.u32(buffer, offset + 12);
    }

    /**
     * Sets {@code nlmsg_pid}.
     *
     * @param portId the port id (0 lets the kernel fill it in)
     * @return this
     */
    public NetlinkMessageHeader portId(long portId) {
        Bytes.s32(buffer, offset + 12, (int) portId);
        return this;
    }

    @Override
    public String toString() {
        return "nlmsghdr{len=" + length() + ", type=" + type() + ", flags=0x" + Integer.toHexString(flags())
                + ", seq=" + sequence() + ", pid=" + portId() + "}";
    }
}
