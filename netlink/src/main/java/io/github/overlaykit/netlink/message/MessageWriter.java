package io.github.overlaykit.netlink.message;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes netlink messages in place, libmnl-style: a header, a family structure, then attributes,
 * with nests whose lengths are patched when they end. Several messages may follow each other in one
 * buffer (a batch for one {@code sendmsg}).
 *
 * <pre>
 * begin(RTM_NEWROUTE, flags)    -&gt; nlmsghdr, nlmsg_len patched by end()
 * reserve(RouteMessage.LENGTH)  -&gt; zeroed rtmsg, filled through a flyweight
 * putIpv4(RTA_DST, ...)         -&gt; nlattr + payload + zero padding to 4 bytes
 * beginNest(RTA_METRICS) ... endNest(start)
 * end(start)
 * </pre>
 *
 * <p>Host byte order except the {@code Be} writers and addresses (network order). Padding is always
 * zero. Writing past the buffer's limit throws {@link BufferOverflowException} and leaves the buffer
 * partly written. Nests are written with the type as given: OR in {@code NLA_F_NESTED} if wanted
 * (iproute2 leaves it out of {@code IFLA_LINKINFO}; the kernel accepts both). Not thread-safe;
 * allocates nothing except {@link #putString} for non-ASCII text.
 */
public final class MessageWriter {
    private ByteBuffer buffer;
    private int position;

    /** Creates a writer over nothing; call {@link #wrap} before use. */
    public MessageWriter() {
    }

    /**
     * Starts writing at {@code offset}.
     *
     * @param buffer the destination
     * @param offset where the first message goes (4-byte aligned)
     * @return this
     */
    public MessageWriter wrap(ByteBuffer buffer, int offset) {
        this.buffer = buffer;
        this.position = offset;
        return this;
    }

    /**
     * Returns the buffer being written.
     *
     * @return the buffer
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    /**
     * Returns where the next byte goes.
     *
     * @return the write offset
     */
    public int position() {
        return position;
    }

    /**
     * Moves the write offset back, dropping what was written after it (used to undo a message that
     * did not fit a batch).
     *
     * @param offset an offset previously returned by {@link #position()}
     * @return this
     */
    public MessageWriter rewind(int offset) {
        this.position = offset;
        return this;
    }

    private int claim(int bytes) {
        int aligned = Bytes.align(bytes);
        if (position + aligned > buffer.limit()) {
            throw new BufferOverflowException();
        }
        int at = position;
        for (int i = bytes; i < aligned; i++) {
            buffer.put(at + i, (byte) 0);
        }
        position += aligned;
        return at;
    }

    /**
     * Writes a message header with {@code nlmsg_len}, sequence and port id zero.
     *
     * @param type  {@code RTM_*}
     * @param flags {@code NLM_F_*}
     * @return the message's start, to pass to {@link #end(int)}
     */
    public int begin(int type, int flags) {
        int at = claim(NetlinkMessageHeader.LENGTH);
        Bytes.s32(buffer, at, 0);
        Bytes.u16(buffer, at + 4, type);
        Bytes.u16(buffer, at + 6, flags);
        Bytes.s32(buffer, at + 8, 0);
        Bytes.s32(buffer, at + 12, 0);
        return at;
    }

    /**
     * Reserves a zeroed, aligned block (a family structure such as {@code rtmsg}).
     *
     * @param length the structure size
     * @return its offset, to wrap a flyweight on
     */
    public int reserve(int length) {
        int at = claim(length);
        for (int i = 0; i < length; i++) {
            buffer.put(at + i, (byte) 0);
        }
        return at;
    }

    /**
     * Patches {@code nlmsg_len} of the message that starts at {@code start}.
     *
     * @param start the value {@link #begin} returned
     * @return the message length
     */
    public int end(int start) {
        int length = position - start;
        Bytes.s32(buffer, start, length);
        return length;
    }

    private int attribute(int type, int payload) {
        int at = claim(4 + payload);
        Bytes.u16(buffer, at, 4 + payload);
        Bytes.u16(buffer, at + 2, type);
        return at + 4;
    }

    /**
     * Writes an attribute without payload (a flag such as {@code IFLA_VXLAN_GBP}).
     *
     * @param type the attribute type
     * @return this
     */
    public MessageWriter putFlag(int type) {
        attribute(type, 0);
        return this;
    }

    /**
     * Writes a u8 attribute.
     *
     * @param type  the attribute type
     * @param value 0..255
     * @return this
     */
    public MessageWriter putU8(int type, int value) {
        Bytes.u8(buffer, attribute(type, 1), value);
        return this;
    }

    /**
     * Writes a host-order u16 attribute.
     *
     * @param type  the attribute type
     * @param value 0..65535
     * @return this
     */
    public MessageWriter putU16(int type, int value) {
        Bytes.u16(buffer, attribute(type, 2), value);
        return this;
    }

    /**
     * Writes a big-endian u16 attribute (ports).
     *
     * @param type  the attribute type
     * @param value 0..65535
     * @return this
     */
    public MessageWriter putU16Be(int type, int value) {
        Bytes.u16be(buffer, attribute(type, 2), value);
        return this;
    }

    /**
     * Writes two big-endian u16 values as one attribute ({@code IFLA_VXLAN_PORT_RANGE}).
     *
     * @param type  the attribute type
     * @param first the first value
     * @param second the second value
     * @return this
     */
    public MessageWriter putU16BePair(int type, int first, int second) {
        int at = attribute(type, 4);
        Bytes.u16be(buffer, at, first);
        Bytes.u16be(buffer, at + 2, second);
        return this;
    }

    /**
     * Writes a host-order u32 attribute.
     *
     * @param type  the attribute type
     * @param value the value (the low 32 bits are written)
     * @return this
     */
    public MessageWriter putU32(int type, long value) {
        Bytes.s32(buffer, attribute(type, 4), (int) value);
        return this;
    }

    /**
     * Writes an IPv4 address attribute in network order.
     *
     * @param type    the attribute type
     * @param address the address bits, most significant byte first
     * @return this
     */
    public MessageWriter putIpv4(int type, int address) {
        Bytes.s32be(buffer, attribute(type, 4), address);
        return this;
    }

    /**
     * Writes a 6-byte MAC address attribute.
     *
     * @param type the attribute type
     * @param mac  the 48 bits in the low bits
     * @return this
     */
    public MessageWriter putMac(int type, long mac) {
        Bytes.mac(buffer, attribute(type, 6), mac);
        return this;
    }

    /**
     * Writes a NUL-terminated string attribute, as iproute2 writes names.
     *
     * @param type the attribute type
     * @param text the text (UTF-8)
     * @return this
     */
    public MessageWriter putString(int type, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int at = attribute(type, bytes.length + 1);
        for (int i = 0; i < bytes.length; i++) {
            buffer.put(at + i, bytes[i]);
        }
        buffer.put(at + bytes.length, (byte) 0);
        return this;
    }

    /**
     * Writes an attribute with raw bytes.
     *
     * @param type  the attribute type
     * @param bytes the payload
     * @return this
     */
    public MessageWriter putBytes(int type, byte[] bytes) {
        int at = attribute(type, bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            buffer.put(at + i, bytes[i]);
        }
        return this;
    }

    /**
     * Starts a nested attribute; its length is patched by {@link #endNest(int)}.
     *
     * @param type the attribute type, with {@code NLA_F_NESTED} ORed in if wanted
     * @return the nest's start
     */
    public int beginNest(int type) {
        return attribute(type, 0) - 4;
    }

    /**
     * Ends a nested attribute by patching its {@code nla_len}.
     *
     * @param start the value {@link #beginNest} returned
     * @return this
     */
    public MessageWriter endNest(int start) {
        Bytes.u16(buffer, start, position - start);
        return this;
    }
}
