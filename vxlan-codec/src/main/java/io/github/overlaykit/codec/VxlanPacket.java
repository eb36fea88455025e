package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Flyweight over a VXLAN header (RFC 7348 §5), with the Linux Group Based Policy extension
 * (draft-smith-vxlan-group-policy; Linux {@code include/net/vxlan.h}).
 *
 * <pre>
 * RFC 7348:
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Group Based Policy (G = 0x80 in byte 0; D = 0x40 and A = 0x08 in byte 1):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |G|R|R|R|I|R|R|R|R|D|R|R|A|R|R|R|        Group Policy ID        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The policy-applied bit A is 0x08 in byte 1 as in the draft and Linux ({@code VXLAN_GBP_POLICY_APPLIED
 * (BIT(3) << 16)}); gopacket reads it as 0x80, which is wrong. RFC 7348 says reserved bits are ignored
 * on receipt, Linux drops packets with unknown bits: {@link #reservedBitsSet()} and
 * {@link #reservedBitsSetWithGroupPolicy()} let the caller choose. VXLAN-GPE (port 4790) and remote
 * checksum offload are not decoded. The inner Ethernet frame follows at {@link #payloadOffset()}; it
 * carries no FCS.
 *
 * <p>Does not copy: valid only while the wrapped buffer is. Big-endian whatever
 * {@link ByteBuffer#order()} says. Not thread-safe; no method allocates except {@link #toString()}.
 */
public final class VxlanPacket extends BufferView {
    /** Length of the header. */
    public static final int HEADER_LENGTH = 8;
    /** Offset of the VNI (3 bytes, then the last reserved byte). */
    public static final int VNI_OFFSET = 4;
    /** I flag in byte 0: the VNI is valid. */
    public static final int FLAG_I = 0x08;
    /** G flag in byte 0: Group Based Policy extension present. */
    public static final int FLAG_G = 0x80;
    /** D bit in byte 1 (GBP): don't learn the source. */
    public static final int GBP_DONT_LEARN = 0x40;
    /** A bit in byte 1 (GBP): policy already applied. */
    public static final int GBP_POLICY_APPLIED = 0x08;
    /** Largest VNI (24 bits). */
    public static final int MAX_VNI = 0xFF_FFFF;

    private int offset;

    /** Creates an unattached flyweight; call {@link #wrap(ByteBuffer, int)} before use. */
    public VxlanPacket() {
    }

    /**
     * Attaches to a header without checking anything.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset index of the flags byte
     * @return this
     */
    public VxlanPacket wrap(ByteBuffer buffer, int offset) {
        view(buffer);
        this.offset = offset;
        return this;
    }

    /** Attaches to the buffer of a parser that has already looked for its array. */
    VxlanPacket wrap(BufferView source, int offset) {
        view(source);
        this.offset = offset;
        return this;
    }

    /**
     * Checks that the 8-byte header is present.
     *
     * @param available bytes present from {@link #offset()}
     * @return this
     * @throws MalformedPacketException if fewer than 8 bytes are present
     */
    public VxlanPacket checkLength(int available) {
        if (available < HEADER_LENGTH || available > buffer.limit() - offset) {
            throw new MalformedPacketException("VXLAN", offset, HEADER_LENGTH, available, "truncated header");
        }
        return this;
    }

    /**
     * Returns the wrapped buffer.
     *
     * @return the buffer given to {@link #wrap(ByteBuffer, int)}
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    /**
     * Returns where the header starts.
     *
     * @return the absolute index of the flags byte
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns the flags byte (byte 0).
     *
     * @return 0..255; 0x08 when only I is set
     */
    public int flags() {
        return u8(offset);
    }

    /**
     * Returns the I flag: the VNI is valid (RFC 7348: MUST be 1).
     *
     * @return true if 0x08 is set in byte 0
     */
    public boolean iFlag() {
        return (flags() & FLAG_I) != 0;
    }

    /**
     * Returns the 24-bit VXLAN Network Identifier.
     *
     * @return 0..16777215
     */
    public int vni() {
        return s32(offset + VNI_OFFSET) >>> 8;
    }

    /**
     * Returns bytes 1–3 (reserved in RFC 7348; D, A and the group policy ID under GBP).
     *
     * @return 24 bits
     */
    public int reserved1() {
        return s32(offset) & 0xFF_FFFF;
    }

    /**
     * Returns byte 7 (reserved; Linux drops packets where it is non-zero).
     *
     * @return 0..255
     */
    public int reserved2() {
        return u8(offset + 7);
    }

    /**
     * Tells whether any bit that RFC 7348 reserves is set: flag bits other than I, bytes 1–3, byte 7.
     *
     * @return true if Linux without extensions would drop the packet
     */
    public boolean reservedBitsSet() {
        return (s32(offset) & ~(FLAG_I << 24)) != 0 || reserved2() != 0;
    }

    /**
     * Tells whether any bit is set that neither RFC 7348 nor the GBP extension defines (G, I, D, A and the
     * group policy ID are allowed).
     *
     * @return true if Linux with GBP enabled would drop the packet
     */
    public boolean reservedBitsSetWithGroupPolicy() {
        int allowed = (FLAG_G | FLAG_I) << 24 | (GBP_DONT_LEARN | GBP_POLICY_APPLIED) << 16 | 0xFFFF;
        return (s32(offset) & ~allowed) != 0 || reserved2() != 0;
    }

    /**
     * Returns the G flag: the Group Based Policy extension is present.
     *
     * @return true if 0x80 is set in byte 0
     */
    public boolean groupPolicyExtension() {
        return (flags() & FLAG_G) != 0;
    }

    /**
     * Returns the GBP D bit (don't learn).
     *
     * @return true if 0x40 is set in byte 1
     */
    public boolean dontLearn() {
        return (u8(offset + 1) & GBP_DONT_LEARN) != 0;
    }

    /**
     * Returns the GBP A bit (policy applied).
     *
     * @return true if 0x08 is set in byte 1
     */
    public boolean policyApplied() {
        return (u8(offset + 1) & GBP_POLICY_APPLIED) != 0;
    }

    /**
     * Returns the GBP group policy ID (bytes 2–3).
     *
     * @return 0..65535
     */
    public int groupPolicyId() {
        return u16(offset + 2);
    }

    /**
     * Returns where the inner Ethernet frame starts.
     *
     * @return the absolute index after the header
     */
    public int payloadOffset() {
        return offset + HEADER_LENGTH;
    }

    /**
     * Writes the usual RFC 7348 header: flags 0x08 (I), VNI, every reserved bit zero.
     *
     * @param vni 0..16777215
     * @return this
     */
    public VxlanPacket header(int vni) {
        put32(offset, FLAG_I << 24);
        put32(offset + VNI_OFFSET, vni << 8);
        return this;
    }

    /**
     * Sets the flags byte.
     *
     * @param flags e.g. {@link #FLAG_I}
     * @return this
     */
    public VxlanPacket flags(int flags) {
        put8(offset, flags);
        return this;
    }

    /**
     * Sets or clears the I flag, keeping the other flags.
     *
     * @param set true to mark the VNI valid
     * @return this
     */
    public VxlanPacket iFlag(boolean set) {
        return flags(set ? flags() | FLAG_I : flags() & ~FLAG_I);
    }

    /**
     * Sets the VNI, keeping byte 7.
     *
     * @param vni 0..16777215 (higher bits ignored)
     * @return this
     */
    public VxlanPacket vni(int vni) {
        put32(offset + VNI_OFFSET, vni << 8 | reserved2());
        return this;
    }

    /**
     * Sets bytes 1–3.
     *
     * @param value 24 bits
     * @return this
     */
    public VxlanPacket reserved1(int value) {
        put8(offset + 1, value >>> 16);
        put16(offset + 2, value);
        return this;
    }

    /**
     * Sets byte 7.
     *
     * @param value 0..255
     * @return this
     */
    public VxlanPacket reserved2(int value) {
        put8(offset + 7, value);
        return this;
    }

    /**
     * Sets or clears the G flag, keeping the other flags.
     *
     * @param set true if the GBP fields are present
     * @return this
     */
    public VxlanPacket groupPolicyExtension(boolean set) {
        return flags(set ? flags() | FLAG_G : flags() & ~FLAG_G);
    }

    /**
     * Sets or clears the GBP D bit, keeping the rest of byte 1.
     *
     * @param set true for "don't learn"
     * @return this
     */
    public VxlanPacket dontLearn(boolean set) {
        int b = u8(offset + 1);
        put8(offset + 1, set ? b | GBP_DONT_LEARN : b & ~GBP_DONT_LEARN);
        return this;
    }

    /**
     * Sets or clears the GBP A bit, keeping the rest of byte 1.
     *
     * @param set true for "policy applied"
     * @return this
     */
    public VxlanPacket policyApplied(boolean set) {
        int b = u8(offset + 1);
        put8(offset + 1, set ? b | GBP_POLICY_APPLIED : b & ~GBP_POLICY_APPLIED);
        return this;
    }

    /**
     * Sets the GBP group policy ID.
     *
     * @param groupPolicyId 0..65535
     * @return this
     */
    public VxlanPacket groupPolicyId(int groupPolicyId) {
        put16(offset + 2, groupPolicyId);
        return this;
    }

    /**
     * Appends a one-line summary in smoltcp's style.
     *
     * @param out where to append
     * @return {@code out}
     */
    public StringBuilder appendTo(StringBuilder out) {
        out.append("VXLAN flags=0x").append(Integer.toHexString(flags())).append(" vni=").append(vni());
        if (groupPolicyExtension()) {
            out.append(" gbp=").append(groupPolicyId());
            if (dontLearn()) {
                out.append(" D");
            }
            if (policyApplied()) {
                out.append(" A");
            }
        }
        return out;
    }

    /** Returns the summary of {@link #appendTo(StringBuilder)}; allocates. */
    @Override
    public String toString() {
        return appendTo(new StringBuilder(48)).toString();
    }
}
