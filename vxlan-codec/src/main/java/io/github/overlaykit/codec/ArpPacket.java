package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Flyweight over an ARP packet (RFC 826); the address getters read Ethernet (6-byte) and IPv4
 * (4-byte) addresses.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Hardware Type (1 Ethernet)  |   Protocol Type (0x0800 IPv4) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | HW Length (6) | Proto Len (4) |  Operation (1 request/2 reply)|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Sender Hardware Address (hlen)                |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               | Sender Protocol Address (plen)|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                               | Target Hardware Address (hlen)|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Target Protocol Address (plen)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Field positions follow the length bytes ({@link #senderHardwareAddressOffset()} and friends), so a
 * packet with unusual lengths (e.g. a too-long target hardware address) is laid out as sent and
 * {@link #checkLength(int)} checks 8 + 2 × (hlen + plen) bytes. The address getters read 6 and 4 bytes
 * at those positions and are only meaningful when {@link #isEthernetIpv4()}. Setters write the
 * Ethernet/IPv4 layout at the positions given by the length bytes already in the buffer, so write
 * {@link #hardwareLength(int)} and {@link #protocolLength(int)} first.
 *
 * <p>Does not copy: valid only while the wrapped buffer is. Big-endian whatever
 * {@link ByteBuffer#order()} says. Not thread-safe; no method allocates except {@link #toString()}.
 */
public final class ArpPacket extends BufferView {
    /** Length of the fixed part (types, lengths, operation). */
    public static final int FIXED_LENGTH = 8;
    /** Length of an Ethernet/IPv4 ARP packet. */
    public static final int ETHERNET_IPV4_LENGTH = 28;
    /** Hardware type: Ethernet. */
    public static final int HARDWARE_ETHERNET = 1;
    /** Operation: request. */
    public static final int REQUEST = 1;
    /** Operation: reply. */
    public static final int REPLY = 2;

    private int offset;

    /** Creates an unattached flyweight; call {@link #wrap(ByteBuffer, int)} before use. */
    public ArpPacket() {
    }

    /**
     * Attaches to a packet without checking anything.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset index of the hardware type
     * @return this
     */
    public ArpPacket wrap(ByteBuffer buffer, int offset) {
        view(buffer);
        this.offset = offset;
        return this;
    }

    /** Attaches to the buffer of a parser that has already looked for its array. */
    ArpPacket wrap(BufferView source, int offset) {
        view(source);
        this.offset = offset;
        return this;
    }

    /**
     * Checks that the fixed part and the four addresses, as long as the length bytes say, are present.
     *
     * @param available bytes present from {@link #offset()}
     * @return this
     * @throws MalformedPacketException if bytes are missing
     */
    public ArpPacket checkLength(int available) {
        if (available < FIXED_LENGTH || available > buffer.limit() - offset) {
            throw new MalformedPacketException("ARP", offset, FIXED_LENGTH, available, "truncated header");
        }
        int length = length();
        if (length > available) {
            throw new MalformedPacketException("ARP", offset, length, available, "truncated addresses");
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
     * Returns where the packet starts.
     *
     * @return the absolute index of the hardware type
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns the hardware type.
     *
     * @return 1 for Ethernet
     */
    public int hardwareType() {
        return u16(offset);
    }

    /**
     * Returns the protocol type.
     *
     * @return an EtherType, {@link EtherType#IPV4} for IPv4
     */
    public int protocolType() {
        return u16(offset + 2);
    }

    /**
     * Returns the hardware address length.
     *
     * @return bytes, 6 for Ethernet
     */
    public int hardwareLength() {
        return u8(offset + 4);
    }

    /**
     * Returns the protocol address length.
     *
     * @return bytes, 4 for IPv4
     */
    public int protocolLength() {
        return u8(offset + 5);
    }

    /**
     * Returns the operation.
     *
     * @return {@link #REQUEST}, {@link #REPLY} or another value
     */
    public int operation() {
        return u16(offset + 6);
    }

    /**
     * Tells whether this is the Ethernet/IPv4 form the address getters read.
     *
     * @return true for hardware type 1, protocol 0x0800, lengths 6 and 4
     */
    public boolean isEthernetIpv4() {
        return hardwareType() == HARDWARE_ETHERNET && protocolType() == EtherType.IPV4 && hardwareLength() == 6
                && protocolLength() == 4;
    }

    /**
     * Returns the packet length the length bytes imply.
     *
     * @return 8 + 2 × (hlen + plen); 28 for Ethernet/IPv4
     */
    public int length() {
        return FIXED_LENGTH + 2 * (hardwareLength() + protocolLength());
    }

    /**
     * Returns where the sender hardware address starts.
     *
     * @return an absolute index
     */
    public int senderHardwareAddressOffset() {
        return offset + FIXED_LENGTH;
    }

    /**
     * Returns where the sender protocol address starts.
     *
     * @return an absolute index
     */
    public int senderProtocolAddressOffset() {
        return offset + FIXED_LENGTH + hardwareLength();
    }

    /**
     * Returns where the target hardware address starts.
     *
     * @return an absolute index
     */
    public int targetHardwareAddressOffset() {
        return offset + FIXED_LENGTH + hardwareLength() + protocolLength();
    }

    /**
     * Returns where the target protocol address starts.
     *
     * @return an absolute index
     */
    public int targetProtocolAddressOffset() {
        return offset + FIXED_LENGTH + 2 * hardwareLength() + protocolLength();
    }

    /**
     * Returns the sender hardware address.
     *
     * @return 48 bits (see {@link MacAddress})
     */
    public long senderHardwareAddress() {
        return u48(senderHardwareAddressOffset());
    }

    /**
     * Returns the sender protocol address.
     *
     * @return 32 bits (see {@link Ipv4Address})
     */
    public int senderProtocolAddress() {
        return s32(senderProtocolAddressOffset());
    }

    /**
     * Returns the target hardware address.
     *
     * @return 48 bits (see {@link MacAddress}); zero in most requests
     */
    public long targetHardwareAddress() {
        return u48(targetHardwareAddressOffset());
    }

    /**
     * Returns the target protocol address.
     *
     * @return 32 bits (see {@link Ipv4Address})
     */
    public int targetProtocolAddress() {
        return s32(targetProtocolAddressOffset());
    }

    /**
     * Sets the hardware type.
     *
     * @param type 1 for Ethernet
     * @return this
     */
    public ArpPacket hardwareType(int type) {
        put16(offset, type);
        return this;
    }

    /**
     * Sets the protocol type.
     *
     * @param type {@link EtherType#IPV4}
     * @return this
     */
    public ArpPacket protocolType(int type) {
        put16(offset + 2, type);
        return this;
    }

    /**
     * Sets the hardware address length.
     *
     * @param length 6 for Ethernet
     * @return this
     */
    public ArpPacket hardwareLength(int length) {
        put8(offset + 4, length);
        return this;
    }

    /**
     * Sets the protocol address length.
     *
     * @param length 4 for IPv4
     * @return this
     */
    public ArpPacket protocolLength(int length) {
        put8(offset + 5, length);
        return this;
    }

    /**
     * Sets the operation.
     *
     * @param operation {@link #REQUEST} or {@link #REPLY}
     * @return this
     */
    public ArpPacket operation(int operation) {
        put16(offset + 6, operation);
        return this;
    }

    /**
     * Sets the sender hardware address.
     *
     * @param mac 48 bits
     * @return this
     */
    public ArpPacket senderHardwareAddress(long mac) {
        put48(senderHardwareAddressOffset(), mac);
        return this;
    }

    /**
     * Sets the sender protocol address.
     *
     * @param address 32 bits
     * @return this
     */
    public ArpPacket senderProtocolAddress(int address) {
        put32(senderProtocolAddressOffset(), address);
        return this;
    }

    /**
     * Sets the target hardware address.
     *
     * @param mac 48 bits
     * @return this
     */
    public ArpPacket targetHardwareAddress(long mac) {
        put48(targetHardwareAddressOffset(), mac);
        return this;
    }

    /**
     * Sets the target protocol address.
     *
     * @param address 32 bits
     * @return this
     */
    public ArpPacket targetProtocolAddress(int address) {
        put32(targetProtocolAddressOffset(), address);
        return this;
    }

    /**
     * Appends a one-line summary in smoltcp's style.
     *
     * @param out where to append
     * @return {@code out}
     */
    public StringBuilder appendTo(StringBuilder out) {
        out.append("ARP op=").append(operation());
        if (!isEthernetIpv4()) {
            return out.append(" htype=").append(hardwareType()).append(" ptype=").append(protocolType());
        }
        out.append(" sha=");
        MacAddress.appendTo(senderHardwareAddress(), out).append(" spa=");
        Ipv4Address.appendTo(senderProtocolAddress(), out).append(" tha=");
        MacAddress.appendTo(targetHardwareAddress(), out).append(" tpa=");
        return Ipv4Address.appendTo(targetProtocolAddress(), out);
    }

    /** Returns the summary of {@link #appendTo(StringBuilder)}; allocates. */
    @Override
    public String toString() {
        return appendTo(new StringBuilder(96)).toString();
    }
}
