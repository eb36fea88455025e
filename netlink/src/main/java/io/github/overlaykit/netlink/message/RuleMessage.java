package io.github.overlaykit.netlink.message;

import io.github.overlaykit.codec.MalformedPacketException;
import java.nio.ByteBuffer;

/**
 * Flyweight over {@code struct fib_rule_hdr} (12 bytes), the header of {@code RTM_NEWRULE}, {@code RTM_DELRULE} and
 * {@code RTM_GETRULE}; {@code FRA_*} attributes follow.
 *
 * <pre>
 * +--------+--------+--------+--------+
 * | family |dst_len |src_len |  tos   |
 * +--------+--------+--------+--------+
 * | table  |  res1  |  res2  | action |
 * +--------+--------+--------+--------+
 * |            flags (u32)            |
 * +-----------------------------------+
 * </pre>
 *
 * <p>Fields are in host byte order whatever the buffer's {@link ByteBuffer#order()}. {@link #wrap} is
 * O(1) and unchecked; {@link #checkLength(int)} validates received bytes first. Not thread-safe;
 * allocates nothing except in {@link #toString()}.
 */
public final class RuleMessage {
    /** Size of {@code struct fib_rule_hdr} in bytes. */
    public static final int LENGTH = 12;

    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped flyweight; call {@link #wrap} before use. */
    public RuleMessage() {
    }

    /**
     * Points this flyweight at the structure without checking anything.
     *
     * @param buffer the bytes
     * @param offset where the structure starts (the netlink payload offset)
     * @return this
     */
    public RuleMessage wrap(ByteBuffer buffer, int offset) {
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
    public RuleMessage checkLength(int available) {
        if (available < LENGTH) {
            throw new MalformedPacketException("struct fib_rule_hdr", offset, LENGTH, available, "truncated struct fib_rule_hdr");
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
    public RuleMessage clear() {
        for (int i = 0; i < LENGTH; i++) {
            buffer.put(offset + i, (byte) 0);
        }
        return this;
    }

    /**
     * Returns {@code family}: the address family.
     *
     * @return the value, 0..255
     */
    public int family() {
        return Bytes.u8(buffer, offset + 0);
    }

    /**
     * Sets {@code family}.
     *
     * @param value the new value
     * @return this
     */
    public RuleMessage family(int value) {
        Bytes.u8(buffer, offset + 0, value);
        return this;
    }

    /**
     * Returns {@code dst_len}: the destination prefix length.
     *
     * @return the value, 0..255
     */
    public int dstLength() {
        return Bytes.u8(buffer, offset + 1);
    }

    /**
     * Sets {@code dst_len}.
     *
     * @param value the new value
     * @return this
     */
    public RuleMessage dstLength(int value) {
        Bytes.u8(buffer, offset + 1, value);
        return this;
    }

    /**
     * Returns {@code src_len}: the source prefix length.
     *
     * @return the value, 0..255
     */
    public int srcLength() {
        return Bytes.u8(buffer, offset + 2);
    }

    /**
     * Sets {@code src_len}.
     *
     * @param value the new value
     * @return this
     */
    public RuleMessage srcLength(int value) {
        Bytes.u8(buffer, offset + 2, value);
        return this;
    }

    /**
     * Returns {@code tos}: the TOS selector.
     *
     * @return the value, 0..255
     */
    public int tos() {
        return Bytes.u8(buffer, offset + 3);
    }

    /**
     * Sets {@code tos}.
     *
     * @param value the new value
     * @return this
     */
    public RuleMessage tos(int value) {
        Bytes.u8(buffer, offset + 3, value);
        return this;
    }

    /**
     * Returns {@code table}: the table id, or 0 when {@code FRA_TABLE} carries it.
     *
     * @return the value, 0..255
     */
    public int table() {
        return Bytes.u8(buffer, offset + 4);
    }

    /**
     * Sets {@code table}.
     *
     * @param value the new value
     * @return this
     */
    public RuleMessage table(int value) {
        Bytes.u8(buffer, offset + 4, value);
        return this;
    }

    /**
     * Returns {@code action}: the action ({@code FR_ACT_*}).
     *
     * @return the value, 0..255
     */
    public int action() {
        return Bytes.u8(buffer, offset + 7);
    }

    /**
     * Sets {@code action}.
     *
     * @param value the new value
     * @return this
     */
    public RuleMessage action(int value) {
        Bytes.u8(buffer, offset + 7, value);
        return this;
    }

    /**
     * Returns {@code flags}: {@code FIB_RULE_*} bits.
     *
     * @return the value, unsigned
     */
    public long flags() {
        return Bytes.u32(buffer, offset + 8);
    }

    /**
     * Sets {@code flags}.
     *
     * @param value the new value
     * @return this
     */
    public RuleMessage flags(long value) {
        Bytes.s32(buffer, offset + 8, (int) value);
        return this;
    }

    @Override
    public String toString() {
        return "struct fib_rule_hdr{" + "family=" + family() + ", " + "dstLength=" + dstLength() + ", " + "srcLength=" + srcLength() + ", " + "tos=" + tos() + ", " + "table=" + table() + ", " + "action=" + action() + ", " + "flags=" + flags() + "}";
    }
}
