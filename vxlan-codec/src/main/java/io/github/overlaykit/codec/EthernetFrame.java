package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Flyweight over an Ethernet II header with any number (up to {@link #MAX_TAGS}) of stacked IEEE 802.1Q
 * (TPID 0x8100) / 802.1ad (TPID 0x88a8, and the pre-standard 0x9100 / 0x9200) VLAN tags.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Destination MAC address                      |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                    Source MAC address                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  TPID 0x88a8 / 0x8100 (tag 0) | PCP |D|      VLAN ID          |  zero or more
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  4-byte tags
 * |     EtherType (final)         |  payload ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #wrap(ByteBuffer, int)} is O(1) and unchecked; call {@link #checkLength(int)} before using
 * accessors on untrusted bytes. Tags are found by walking the type fields from offset 12 each time a
 * tag-dependent accessor is called (one or two reads in practice). Tag setters must be called in tag
 * order, and {@link #etherType(int)} after them, because positions follow the tags already written.
 * There is no FCS (captures and VXLAN payloads carry none); 802.3 length frames (type below 0x0600) are
 * reported as such by {@link EtherType#isLength(int)} and not decoded further.
 *
 * <p>Does not copy: valid only while the wrapped buffer is. Byte order is big-endian whatever
 * {@link ByteBuffer#order()} says. Not thread-safe; no method allocates except {@link #toString()}.
 */
public final class EthernetFrame extends BufferView {
    /** Length of an untagged header. */
    public static final int HEADER_LENGTH = 14;
    /** Length of one VLAN tag (TPID + TCI). */
    public static final int TAG_LENGTH = 4;
    /** Most tags {@link #checkLength(int)} accepts; more are rejected as malformed. */
    public static final int MAX_TAGS = 8;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = 0;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = 6;
    /** Offset of the first type field (the EtherType of an untagged frame, else the first TPID). */
    public static final int TYPE_OFFSET = 12;

    private int offset;

    /** Creates an unattached flyweight; call {@link #wrap(ByteBuffer, int)} before use. */
    public EthernetFrame() {
    }

    /**
     * Attaches to a frame without checking anything.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset index of the first byte of the destination address
     * @return this
     */
    public EthernetFrame wrap(ByteBuffer buffer, int offset) {
        view(buffer);
        this.offset = offset;
        return this;
    }

    /** Attaches to the buffer of a parser that has already looked for its array. */
    EthernetFrame wrap(BufferView source, int offset) {
        view(source);
        this.offset = offset;
        return this;
    }

    /**
     * Checks that the header, including every tag, lies within {@code available} bytes, so that no
     * accessor can fail afterwards.
     *
     * @param available bytes of the frame present from {@link #offset()}
     * @return this
     * @throws MalformedPacketException if the header or a tag is cut off, or there are more than
     *                                  {@link #MAX_TAGS} tags
     */
    public EthernetFrame checkLength(int available) {
        if (available < HEADER_LENGTH || available > buffer.limit() - offset) {
            throw new MalformedPacketException("Ethernet", offset, HEADER_LENGTH, available, "truncated header");
        }
        int tags = 0;
        int typeIndex = offset + TYPE_OFFSET;
        while (EtherType.isVlanTag(u16(typeIndex))) {
            tags++;
            if (tags > MAX_TAGS) {
                throw new MalformedPacketException("Ethernet", offset, HEADER_LENGTH + TAG_LENGTH * tags, available,
                        "more than " + MAX_TAGS + " VLAN tags");
            }
            int needed = HEADER_LENGTH + TAG_LENGTH * tags;
            if (needed > available) {
                throw new MalformedPacketException("Ethernet", offset, needed, available, "truncated VLAN tag");
            }
            typeIndex += TAG_LENGTH;
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
     * Returns where the frame starts.
     *
     * @return the absolute index of the destination address
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns the destination address.
     *
     * @return 48 bits in the low bits (see {@link MacAddress})
     */
    public long destination() {
        return u48(offset + DESTINATION_OFFSET);
    }

    /**
     * Returns the source address.
     *
     * @return 48 bits in the low bits (see {@link MacAddress})
     */
    public long source() {
        return u48(offset + SOURCE_OFFSET);
    }

    /**
     * Counts the VLAN tags: type fields equal to a TPID ({@link EtherType#isVlanTag(int)}), at most
     * {@link #MAX_TAGS}.
     *
     * @return 0 for an untagged frame, 2 for QinQ
     */
    public int tagCount() {
        int tags = 0;
        int typeIndex = offset + TYPE_OFFSET;
        while (tags < MAX_TAGS && EtherType.isVlanTag(u16(typeIndex))) {
            tags++;
            typeIndex += TAG_LENGTH;
        }
        return tags;
    }

    /**
     * Returns a tag's protocol identifier.
     *
     * @param index 0 for the outermost tag
     * @return the TPID, e.g. {@link EtherType#QINQ} or {@link EtherType#VLAN}
     */
    public int tagProtocol(int index) {
        return u16(offset + TYPE_OFFSET + TAG_LENGTH * index);
    }

    /**
     * Returns a tag's whole control information field.
     *
     * @param index 0 for the outermost tag
     * @return the 16-bit TCI (PCP, DEI, VID)
     */
    public int tagControl(int index) {
        return u16(offset + TYPE_OFFSET + 2 + TAG_LENGTH * index);
    }

    /**
     * Returns a tag's priority code point.
     *
     * @param index 0 for the outermost tag
     * @return PCP, 0..7
     */
    public int tagPriority(int index) {
        return tagControl(index) >>> 13;
    }

    /**
     * Returns a tag's drop eligible indicator.
     *
     * @param index 0 for the outermost tag
     * @return the DEI bit
     */
    public boolean tagDropEligible(int index) {
        return (tagControl(index) & 0x1000) != 0;
    }

    /**
     * Returns a tag's VLAN identifier.
     *
     * @param index 0 for the outermost tag
     * @return VID, 0..4095 (0 means priority-tagged, 4095 is reserved)
     */
    public int tagVlanId(int index) {
        return tagControl(index) & 0x0FFF;
    }

    /**
     * Returns the type field after the last tag: the EtherType of the payload (or an 802.3 length).
     *
     * @return e.g. {@link EtherType#IPV4}
     */
    public int etherType() {
        return u16(offset + TYPE_OFFSET + TAG_LENGTH * tagCount());
    }

    /**
     * Returns the header length including tags.
     *
     * @return 14 + 4 × {@link #tagCount()}
     */
    public int headerLength() {
        return HEADER_LENGTH + TAG_LENGTH * tagCount();
    }

    /**
     * Returns where the payload starts.
     *
     * @return the absolute index after the last type field
     */
    public int payloadOffset() {
        return offset + headerLength();
    }

    /**
     * Sets the destination address.
     *
     * @param mac 48 bits in the low bits
     * @return this
     */
    public EthernetFrame destination(long mac) {
        put48(offset + DESTINATION_OFFSET, mac);
        return this;
    }

    /**
     * Sets the source address.
     *
     * @param mac 48 bits in the low bits
     * @return this
     */
    public EthernetFrame source(long mac) {
        put48(offset + SOURCE_OFFSET, mac);
        return this;
    }

    /**
     * Writes a whole tag at its position; tags before it must already be written.
     *
     * @param index        0 for the outermost tag
     * @param protocol     the TPID, e.g. {@link EtherType#QINQ}
     * @param priority     PCP, 0..7
     * @param dropEligible the DEI bit
     * @param vlanId       VID, 0..4095
     * @return this
     */
    public EthernetFrame tag(int index, int protocol, int priority, boolean dropEligible, int vlanId) {
        tagProtocol(index, protocol);
        return tagControl(index, (priority & 7) << 13 | (dropEligible ? 0x1000 : 0) | (vlanId & 0x0FFF));
    }

    /**
     * Sets a tag's protocol identifier.
     *
     * @param index    0 for the outermost tag
     * @param protocol the TPID
     * @return this
     */
    public EthernetFrame tagProtocol(int index, int protocol) {
        put16(offset + TYPE_OFFSET + TAG_LENGTH * index, protocol);
        return this;
    }

    /**
     * Sets a tag's whole control information field.
     *
     * @param index   0 for the outermost tag
     * @param control the 16-bit TCI
     * @return this
     */
    public EthernetFrame tagControl(int index, int control) {
        put16(offset + TYPE_OFFSET + 2 + TAG_LENGTH * index, control);
        return this;
    }

    /**
     * Sets a tag's priority code point, keeping DEI and VID.
     *
     * @param index    0 for the outermost tag
     * @param priority PCP, 0..7
     * @return this
     */
    public EthernetFrame tagPriority(int index, int priority) {
        return tagControl(index, (tagControl(index) & 0x1FFF) | (priority & 7) << 13);
    }

    /**
     * Sets a tag's drop eligible indicator, keeping PCP and VID.
     *
     * @param index        0 for the outermost tag
     * @param dropEligible the DEI bit
     * @return this
     */
    public EthernetFrame tagDropEligible(int index, boolean dropEligible) {
        return tagControl(index, (tagControl(index) & ~0x1000) | (dropEligible ? 0x1000 : 0));
    }

    /**
     * Sets a tag's VLAN identifier, keeping PCP and DEI.
     *
     * @param index  0 for the outermost tag
     * @param vlanId VID, 0..4095
     * @return this
     */
    public EthernetFrame tagVlanId(int index, int vlanId) {
        return tagControl(index, (tagControl(index) & 0xF000) | (vlanId & 0x0FFF));
    }

    /**
     * Sets the type field after the tags present in the buffer now (write tags first).
     *
     * @param type the EtherType, e.g. {@link EtherType#IPV4}
     * @return this
     */
    public EthernetFrame etherType(int type) {
        put16(offset + TYPE_OFFSET + TAG_LENGTH * tagCount(), type);
        return this;
    }

    /**
     * Appends a one-line summary in smoltcp's style.
     *
     * @param out where to append
     * @return {@code out}
     */
    public StringBuilder appendTo(StringBuilder out) {
        out.append("EthernetII src=");
        MacAddress.appendTo(source(), out).append(" dst=");
        MacAddress.appendTo(destination(), out);
        int tags = tagCount();
        for (int i = 0; i < tags; i++) {
            out.append(" tag=").append(EtherType.name(tagProtocol(i))).append(" vlan ").append(tagVlanId(i))
                    .append(" p ").append(tagPriority(i));
            if (tagDropEligible(i)) {
                out.append(" DEI");
            }
        }
        return out.append(" type=").append(EtherType.name(etherType()));
    }

    /** Returns the summary of {@link #appendTo(StringBuilder)}; allocates. */
    @Override
    public String toString() {
        return appendTo(new StringBuilder(96)).toString();
    }
}
