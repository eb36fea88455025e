package io.github.overlaykit.netlink.message;

import io.github.overlaykit.codec.MalformedPacketException;
import java.nio.ByteBuffer;

/**
 * Flyweight over {@code struct nlmsgerr}, the body of an {@code NLMSG_ERROR} message: an ACK when
 * {@code error} is 0, otherwise a negative errno. With {@code NETLINK_EXT_ACK} the kernel appends
 * {@code NLMSGERR_ATTR_*} attributes after the echoed request (only its header when the message
 * carries {@code NLM_F_CAPPED}).
 *
 * <pre>
 * +-----------------------------------+
 * |          error (s32, -errno)      |
 * +-----------------------------------+
 * |  nlmsghdr of the request (16)     |
 * +-----------------------------------+
 * |  request payload (absent if       |
 * |  NLM_F_CAPPED)                    |
 * +-----------------------------------+
 * |  NLMSGERR_ATTR_MSG, _OFFS ...     |  if NLM_F_ACK_TLVS
 * +-----------------------------------+
 * </pre>
 *
 * <p>Host byte order. {@link #wrap} is unchecked; {@link #checkLength(int)} validates. Not
 * thread-safe; allocates nothing.
 */
public final class ErrorMessage {
    /** Size of {@code struct nlmsgerr} with the request header, without payload or attributes. */
    public static final int LENGTH = 4 + NetlinkMessageHeader.LENGTH;

    private final NetlinkMessageHeader request = new NetlinkMessageHeader();
    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped flyweight; call {@link #wrap} before use. */
    public ErrorMessage() {
    }

    /**
     * Points this flyweight at an {@code nlmsgerr} without checking anything.
     *
     * @param buffer the bytes
     * @param offset the payload offset of the {@code NLMSG_ERROR} message
     * @return this
     */
    public ErrorMessage wrap(ByteBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        request.wrap(buffer, offset + 4);
        return this;
    }

    /**
     * Checks that the fixed part fits in {@code available} bytes.
     *
     * @param available bytes of payload
     * @return this
     * @throws MalformedPacketException if fewer than {@link #LENGTH} bytes are there
     */
    public ErrorMessage checkLength(int available) {
        if (available < LENGTH) {
            throw new MalformedPacketException("nlmsgerr", offset, LENGTH, available, "truncated nlmsgerr");
        }
        return this;
    }

    /**
     * Returns {@code error}: 0 for an ACK, otherwise a negative errno.
     *
     * @return the signed error
     */
    public int error() {
        return Bytes.s32(buffer, offset);
    }

    /**
     * Sets {@code error}.
     *
     * @param error 0 or a negative errno
     * @return this
     */
    public ErrorMessage error(int error) {
        Bytes.s32(buffer, offset, error);
        return this;
    }

    /**
     * Returns the echoed header of the request this answers (its sequence number identifies it).
     *
     * @return a flyweight over the echoed header, owned by this object
     */
    public NetlinkMessageHeader request() {
        return request;
    }

    /**
     * Returns where the extended-ACK attributes start.
     *
     * @param messageFlags the {@code nlmsg_flags} of the {@code NLMSG_ERROR} message
     * @return the offset of the first {@code NLMSGERR_ATTR_*} attribute
     */
    public int attributesOffset(int messageFlags) {
        if ((messageFlags & 0x100) != 0 || error() == 0) { // NLM_F_CAPPED, or an ACK (never echoes a payload)
            return offset + LENGTH;
        }
        return offset + 4 + Bytes.align((int) Math.min(request.length(), Integer.MAX_VALUE - 8));
    }
}
