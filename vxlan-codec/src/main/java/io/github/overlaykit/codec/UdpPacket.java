package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Flyweight over a UDP header (RFC 768).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          data ...
 * </pre>
 *
 * <p>The checksum covers the IPv4 pseudo-header (source, destination, zero, protocol 17, UDP length),
 * the header and the data. A stored 0 means "no checksum" ({@link #verifyChecksum(int, int)} accepts
 * it); a computed 0 is stored as 0xFFFF ({@link #fillChecksum(int, int)}), as RFC 768 requires.
 * {@link #checkLength(int)} applies smoltcp's rules (8 ≤ length field ≤ available); the payload is
 * bounded by the length field.
 *
 * <p>Does not copy: valid only while the wrapped buffer is. Big-endian whatever
 * {@link ByteBuffer#order()} says. Not thread-safe; no method allocates except {@link #toString()}.
 */
public final class UdpPacket extends BufferView {
    /** Length of the header. */
    public static final int HEADER_LENGTH = 8;
    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of the length field. */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 6;

    private int offset;

    /** Creates an unattached flyweight; call {@link #wrap(ByteBuffer, int)} before use. */
    public UdpPacket() {
    }

    /**
     * Attaches to a header without checking anything.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset index of the source port
     * @return this
     */
    public UdpPacket wrap(ByteBuffer buffer, int offset) {
        view(buffer);
        this.offset = offset;
        return this;
    }

    /** Attaches to the buffer of a parser that has already looked for its array. */
    UdpPacket wrap(BufferView source, int offset) {
        view(source);
        this.offset = offset;
        return this;
    }

    /**
     * Checks that the header is present and that 8 ≤ {@link #length()} ≤ {@code available}.
     *
     * @param available bytes present from {@link #offset()} (for UDP in IPv4: the IPv4 payload length)
     * @return this
     * @throws MalformedPacketException naming the rule broken
     */
    public UdpPacket checkLength(int available) {
        if (available < HEADER_LENGTH || available > buffer.limit() - offset) {
            throw new MalformedPacketException("UDP", offset, HEADER_LENGTH, available, "truncated header");
        }
        int length = length();
        if (length < HEADER_LENGTH) {
            throw new MalformedPacketException("UDP", offset, HEADER_LENGTH, length,
                    "length field " + length + " is below 8");
        }
        if (length > available) {
            throw new MalformedPacketException("UDP", offset, length, available, "truncated datagram");
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
     * @return the absolute index of the source port
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns the source port.
     *
     * @return 0..65535
     */
    public int sourcePort() {
        return u16(offset + SOURCE_PORT_OFFSET);
    }

    /**
     * Returns the destination port.
     *
     * @return 0..65535
     */
    public int destinationPort() {
        return u16(offset + DESTINATION_PORT_OFFSET);
    }

    /**
     * Returns the length field (header and data).
     *
     * @return bytes, 0..65535 (valid: 8 or more)
     */
    public int length() {
        return u16(offset + LENGTH_OFFSET);
    }

    /**
     * Returns the checksum as stored.
     *
     * @return 0..65535; 0 means the sender computed none
     */
    public int checksum() {
        return u16(offset + CHECKSUM_OFFSET);
    }

    /**
     * Returns where the data starts.
     *
     * @return the absolute index after the header
     */
    public int payloadOffset() {
        return offset + HEADER_LENGTH;
    }

    /**
     * Returns the data length according to the length field.
     *
     * @return {@link #length()} − 8
     */
    public int payloadLength() {
        return length() - HEADER_LENGTH;
    }

    /**
     * Computes the checksum over the pseudo-header and {@link #length()} bytes, with the checksum field
     * taken as zero, and maps a result of 0 to 0xFFFF.
     *
     * @param sourceAddress      the IPv4 source address bits
     * @param destinationAddress the IPv4 destination address bits
     * @return the value {@link #fillChecksum(int, int)} would store, never 0
     */
    public int computeChecksum(int sourceAddress, int destinationAddress) {
        int length = length();
        long sum = InternetChecksum.pseudoHeaderSum(sourceAddress, destinationAddress, IpProtocol.UDP, length)
                + InternetChecksum.sum(buffer, offset, length) - checksum();
        int checksum = InternetChecksum.finish(sum);
        return checksum == 0 ? 0xFFFF : checksum;
    }

    /**
     * Verifies the checksum; a stored 0 ("no checksum") is accepted.
     *
     * @param sourceAddress      the IPv4 source address bits
     * @param destinationAddress the IPv4 destination address bits
     * @return true if the checksum is 0 or right
     */
    public boolean verifyChecksum(int sourceAddress, int destinationAddress) {
        if (checksum() == 0) {
            return true;
        }
        int length = length();
        long sum = InternetChecksum.pseudoHeaderSum(sourceAddress, destinationAddress, IpProtocol.UDP, length)
                + InternetChecksum.sum(buffer, offset, length);
        return InternetChecksum.fold(sum) == 0xFFFF;
    }

    /**
     * Computes and stores the checksum (0xFFFF if it computes to 0).
     *
     * @param sourceAddress      the IPv4 source address bits
     * @param destinationAddress the IPv4 destination address bits
     * @return this
     */
    public UdpPacket fillChecksum(int sourceAddress, int destinationAddress) {
        return checksum(computeChecksum(sourceAddress, destinationAddress));
    }

    /**
     * Sets the source port.
     *
     * @param port 0..65535
     * @return this
     */
    public UdpPacket sourcePort(int port) {
        put16(offset + SOURCE_PORT_OFFSET, port);
        return this;
    }

    /**
     * Sets the destination port.
     *
     * @param port 0..65535
     * @return this
     */
    public UdpPacket destinationPort(int port) {
        put16(offset + DESTINATION_PORT_OFFSET, port);
        return this;
    }

    /**
     * Sets the length field.
     *
     * @param length header and data bytes
     * @return this
     */
    public UdpPacket length(int length) {
        put16(offset + LENGTH_OFFSET, length);
        return this;
    }

    /**
     * Stores a checksum as given (0 for "no checksum").
     *
     * @param checksum 0..65535
     * @return this
     */
    public UdpPacket checksum(int checksum) {
        put16(offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /**
     * Appends a one-line summary in smoltcp's style.
     *
     * @param out where to append
     * @return {@code out}
     */
    public StringBuilder appendTo(StringBuilder out) {
        return out.append("UDP src=").append(sourcePort()).append(" dst=").append(destinationPort())
                .append(" len=").append(payloadLength());
    }

    /** Returns the summary of {@link #appendTo(StringBuilder)}; allocates. */
    @Override
    public String toString() {
        return appendTo(new StringBuilder(40)).toString();
    }
}
