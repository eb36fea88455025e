package io.github.overlaykit.netlink.message;

import io.github.overlaykit.codec.MalformedPacketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over netlink attributes ({@code struct nlattr}) in a byte range: {@link #next()} moves to
 * the next attribute, the getters read the current one in place. Nested attributes are walked with a
 * second iterator via {@link #nested(AttributeIterator)}.
 *
 * <pre>
 * +-----------------+-+-+-------------+
 * |  nla_len (u16)  |N|O| nla_type    |   N = NLA_F_NESTED, O = NLA_F_NET_BYTEORDER
 * +-----------------+-+-+-------------+
 * |  payload (nla_len - 4 bytes)      |
 * |  ... zero padding to 4 bytes      |
 * +-----------------------------------+
 * </pre>
 *
 * <p>{@code nla_len} counts the header, not the padding; the next attribute starts at the aligned
 * length. {@link #next()} checks every header against the range, and each typed getter checks that
 * the payload is long enough, throwing {@link MalformedPacketException} (layer {@code "nlattr"}) with
 * the offset otherwise, so arbitrary bytes never escape as anything else. Multi-byte values are read
 * in host order, except the {@code Be} getters and addresses, which are network order. Not
 * thread-safe; allocates nothing except {@link #string()} and {@link #bytes()}.
 */
public final class AttributeIterator {
    private ByteBuffer buffer;
    private int next;
    private int end;
    private int current = -1;
    private int length;

    /** Creates an iterator over nothing; call {@link #reset} before use. */
    public AttributeIterator() {
    }

    /**
     * Starts iterating the attributes in {@code buffer[start, end)}.
     *
     * @param buffer the bytes
     * @param start  the offset of the first attribute
     * @param end    the offset after the last byte
     * @return this
     */
    public AttributeIterator reset(ByteBuffer buffer, int start, int end) {
        this.buffer = buffer;
        this.next = start;
        this.end = end;
        this.current = -1;
        this.length = 0;
        return this;
    }

    /**
     * Moves to the next attribute.
     *
     * @return false when the range is exhausted
     * @throws MalformedPacketException if an attribute header is truncated or its length is below 4 or
     *     beyond the range
     */
    public boolean next() {
        if (next >= end) {
            current = -1;
            return false;
        }
        int available = end - next;
        if (available < 4) {
            throw new MalformedPacketException("nlattr", next, 4, available, "truncated attribute header");
        }
        int len = Bytes.u16(buffer, next);
        if (len < 4 || len > available) {
            throw new MalformedPacketException("nlattr", next, len, available,
                    len < 4 ? "nla_len below header size" : "nla_len beyond the enclosing message");
        }
        current = next;
        length = len;
        next = next + Bytes.align(len);
        return true;
    }

    /**
     * Returns the type of the current attribute without the {@code NLA_F_*} bits.
     *
     * @return the type, 0..16383
     */
    public int type() {
        return Bytes.u16(buffer, current + 2) & 0x3FFF;
    }

    /**
     * Tells whether the current attribute carries {@code NLA_F_NESTED}.
     *
     * @return true if the nested flag is set (the kernel does not always set it on nests)
     */
    public boolean isNestedFlag() {
        return (Bytes.u16(buffer, current + 2) & 0x8000) != 0;
    }

    /**
     * Returns the offset of the current attribute's header.
     *
     * @return the offset in the buffer
     */
    public int offset() {
        return current;
    }

    /**
     * Returns the offset of the current attribute's payload.
     *
     * @return {@code offset() + 4}
     */
    public int valueOffset() {
        return current + 4;
    }

    /**
     * Returns the payload length of the current attribute.
     *
     * @return {@code nla_len - 4}
     */
    public int valueLength() {
        return length - 4;
    }

    /**
     * Returns the buffer being iterated.
     *
     * @return the buffer
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    private void need(int bytes) {
        if (length - 4 < bytes) {
            throw new MalformedPacketException("nlattr", current, bytes + 4, length,
                    "payload of attribute type " + type() + " too short");
        }
    }

    /**
     * Reads a u8 payload.
     *
     * @return 0..255
     * @throws MalformedPacketException if the payload is empty
     */
    public int u8() {
        need(1);
        return Bytes.u8(buffer, current + 4);
    }

    /**
     * Reads a host-order u16 payload.
     *
     * @return 0..65535
     * @throws MalformedPacketException if the payload is shorter than 2 bytes
     */
    public int u16() {
        need(2);
        return Bytes.u16(buffer, current + 4);
    }

    /**
     * Reads a host-order u16 at a byte offset within the payload (fields of structures such as
     * {@code fib_rule_port_range}).
     *
     * @param at offset within the payload
     * @return 0..65535
     * @throws MalformedPacketException if the payload ends before {@code at + 2}
     */
    public int u16At(int at) {
        need(at + 2);
        return Bytes.u16(buffer, current + 4 + at);
    }

    /**
     * Reads a big-endian u16 payload (ports: {@code NDA_PORT}, {@code IFLA_VXLAN_PORT}).
     *
     * @return 0..65535
     * @throws MalformedPacketException if the payload is shorter than 2 bytes
     */
    public int u16Be() {
        need(2);
        return Bytes.u16be(buffer, current + 4);
    }

    /**
     * Reads a big-endian u16 at a byte offset within the payload.
     *
     * @param at offset within the payload
     * @return 0..65535
     * @throws MalformedPacketException if the payload ends before {@code at + 2}
     */
    public int u16BeAt(int at) {
        need(at + 2);
        return Bytes.u16be(buffer, current + 4 + at);
    }

    /**
     * Reads a host-order u32 payload.
     *
     * @return the value, unsigned
     * @throws MalformedPacketException if the payload is shorter than 4 bytes
     */
    public long u32() {
        need(4);
        return Bytes.u32(buffer, current + 4);
    }

    /**
     * Reads a host-order 32-bit payload as a Java {@code int} (indexes, table ids, VNIs).
     *
     * @return the value, signed
     * @throws MalformedPacketException if the payload is shorter than 4 bytes
     */
    public int s32() {
        need(4);
        return Bytes.s32(buffer, current + 4);
    }

    /**
     * Reads a host-order 32-bit value at a byte offset within the payload (fields of structures such
     * as {@code nda_cacheinfo}).
     *
     * @param at offset within the payload
     * @return the value, signed
     * @throws MalformedPacketException if the payload ends before {@code at + 4}
     */
    public int s32At(int at) {
        need(at + 4);
        return Bytes.s32(buffer, current + 4 + at);
    }

    /**
     * Reads a host-order u64 payload.
     *
     * @return the value
     * @throws MalformedPacketException if the payload is shorter than 8 bytes
     */
    public long u64() {
        need(8);
        return Bytes.s64(buffer, current + 4);
    }

    /**
     * Reads an IPv4 address payload (network order).
     *
     * @return the address bits, most significant byte first
     * @throws MalformedPacketException if the payload is not exactly 4 bytes
     */
    public int ipv4() {
        if (length - 4 != 4) {
            throw new MalformedPacketException("nlattr", current, 8, length,
                    "attribute type " + type() + " is not an IPv4 address");
        }
        return Bytes.s32be(buffer, current + 4);
    }

    /**
     * Reads a 6-byte MAC address payload.
     *
     * @return the 48 bits in the low bits of a long
     * @throws MalformedPacketException if the payload is not exactly 6 bytes
     */
    public long mac() {
        if (length - 4 != 6) {
            throw new MalformedPacketException("nlattr", current, 10, length,
                    "attribute type " + type() + " is not a MAC address");
        }
        return Bytes.mac(buffer, current + 4);
    }

    /**
     * Tells whether the payload is a 6-byte MAC address.
     *
     * @return true for 6-byte payloads
     */
    public boolean isMac() {
        return length - 4 == 6;
    }

    /**
     * Reads a string payload, stopping at the first NUL.
     *
     * @return the text (UTF-8)
     */
    public String string() {
        int start = current + 4;
        int stop = current + length;
        int i = start;
        while (i < stop && buffer.get(i) != 0) {
            i++;
        }
        byte[] bytes = new byte[i - start];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = buffer.get(start + k);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Compares a string payload with {@code text} without allocating.
     *
     * @param text ASCII text
     * @return true if the payload up to its first NUL equals {@code text}
     */
    public boolean stringEquals(String text) {
        int start = current + 4;
        int stop = current + length;
        int i = 0;
        for (; i < text.length(); i++) {
            if (start + i >= stop || buffer.get(start + i) != (byte) text.charAt(i)) {
                return false;
            }
        }
        return start + i == stop || buffer.get(start + i) == 0;
    }

    /**
     * Copies the payload.
     *
     * @return a new array holding the payload
     */
    public byte[] bytes() {
        byte[] bytes = new byte[length - 4];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = buffer.get(current + 4 + k);
        }
        return bytes;
    }

    /**
     * Points {@code child} at the attributes nested in the current attribute's payload.
     *
     * @param child the iterator to reset (must not be this one)
     * @return {@code child}
     */
    public AttributeIterator nested(AttributeIterator child) {
        return child.reset(buffer, current + 4, current + length);
    }
}
