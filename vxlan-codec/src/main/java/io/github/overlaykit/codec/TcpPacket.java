package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Flyweight over a TCP header (RFC 9293 §3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (Data Offset &gt; 5)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>TCP has no length field: the segment length comes from the IP layer and is passed to the checksum
 * methods. Options are walked with a {@link TcpOptionCursor} over {@link #optionsOffset()} /
 * {@link #optionsLength()}. {@link #checkLength(int)} checks 20 ≤ header length ≤ available; it stays
 * true until {@link #dataOffset(int)} changes the layout.
 *
 * <p>Does not copy: valid only while the wrapped buffer is. Big-endian whatever
 * {@link ByteBuffer#order()} says. Not thread-safe; no method allocates except {@link #toString()}.
 */
public final class TcpPacket extends BufferView {
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** Length of a header with the most options (data offset 15). */
    public static final int MAX_HEADER_LENGTH = 60;
    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = 4;
    /** Offset of the acknowledgment number. */
    public static final int ACKNOWLEDGMENT_OFFSET = 8;
    /** Offset of the data offset / reserved byte. */
    public static final int DATA_OFFSET_OFFSET = 12;
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = 13;
    /** Offset of the window. */
    public static final int WINDOW_OFFSET = 14;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 16;
    /** Offset of the urgent pointer. */
    public static final int URGENT_POINTER_OFFSET = 18;
    /** FIN flag bit of {@link #flags()}. */
    public static final int FIN = 0x01;
    /** SYN flag bit of {@link #flags()}. */
    public static final int SYN = 0x02;
    /** RST flag bit of {@link #flags()}. */
    public static final int RST = 0x04;
    /** PSH flag bit of {@link #flags()}. */
    public static final int PSH = 0x08;
    /** ACK flag bit of {@link #flags()}. */
    public static final int ACK = 0x10;
    /** URG flag bit of {@link #flags()}. */
    public static final int URG = 0x20;
    /** ECE flag bit of {@link #flags()} (RFC 3168). */
    public static final int ECE = 0x40;
    /** CWR flag bit of {@link #flags()} (RFC 3168). */
    public static final int CWR = 0x80;

    private static final String[] FLAG_NAMES = {"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr"};

    private int offset;

    /** Creates an unattached flyweight; call {@link #wrap(ByteBuffer, int)} before use. */
    public TcpPacket() {
    }

    /**
     * Attaches to a header without checking anything.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset index of the source port
     * @return this
     */
    public TcpPacket wrap(ByteBuffer buffer, int offset) {
        view(buffer);
        this.offset = offset;
        return this;
    }

    /** Attaches to the buffer of a parser that has already looked for its array. */
    TcpPacket wrap(BufferView source, int offset) {
        view(source);
        this.offset = offset;
        return this;
    }

    /**
     * Checks that 20 bytes are present, data offset ≥ 5 and the header with its options fits.
     *
     * @param available bytes present from {@link #offset()} (for TCP in IPv4: the IPv4 payload length)
     * @return this
     * @throws MalformedPacketException naming the rule broken
     */
    public TcpPacket checkLength(int available) {
        if (available < MIN_HEADER_LENGTH || available > buffer.limit() - offset) {
            throw new MalformedPacketException("TCP", offset, MIN_HEADER_LENGTH, available, "truncated header");
        }
        int headerLength = headerLength();
        if (headerLength < MIN_HEADER_LENGTH) {
            throw new MalformedPacketException("TCP", offset, MIN_HEADER_LENGTH, headerLength,
                    "header length " + headerLength + " is below 20");
        }
        if (headerLength > available) {
            throw new MalformedPacketException("TCP", offset, headerLength, available, "truncated options");
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
     * Returns the sequence number.
     *
     * @return 0..2^32−1
     */
    public long sequenceNumber() {
        return u32(offset + SEQUENCE_OFFSET);
    }

    /**
     * Returns the acknowledgment number.
     *
     * @return 0..2^32−1
     */
    public long acknowledgmentNumber() {
        return u32(offset + ACKNOWLEDGMENT_OFFSET);
    }

    /**
     * Returns the data offset in 32-bit words.
     *
     * @return 0..15 (valid: 5..15)
     */
    public int dataOffset() {
        return u8(offset + DATA_OFFSET_OFFSET) >>> 4;
    }

    /**
     * Returns the header length in bytes.
     *
     * @return 4 × {@link #dataOffset()}
     */
    public int headerLength() {
        return (u8(offset + DATA_OFFSET_OFFSET) >>> 4) << 2;
    }

    /**
     * Returns the four reserved bits after the data offset (bit 0 was the experimental NS flag of
     * RFC 3540).
     *
     * @return 0..15
     */
    public int reserved() {
        return u8(offset + DATA_OFFSET_OFFSET) & 0x0F;
    }

    /**
     * Returns the flags byte.
     *
     * @return a combination of {@link #FIN}, {@link #SYN}, {@link #RST}, {@link #PSH}, {@link #ACK},
     *         {@link #URG}, {@link #ECE}, {@link #CWR}
     */
    public int flags() {
        return u8(offset + FLAGS_OFFSET);
    }

    /**
     * Returns the FIN flag.
     *
     * @return true if set
     */
    public boolean fin() {
        return (flags() & FIN) != 0;
    }

    /**
     * Returns the SYN flag.
     *
     * @return true if set
     */
    public boolean syn() {
        return (flags() & SYN) != 0;
    }

    /**
     * Returns the RST flag.
     *
     * @return true if set
     */
    public boolean rst() {
        return (flags() & RST) != 0;
    }

    /**
     * Returns the PSH flag.
     *
     * @return true if set
     */
    public boolean psh() {
        return (flags() & PSH) != 0;
    }

    /**
     * Returns the ACK flag.
     *
     * @return true if set
     */
    public boolean ack() {
        return (flags() & ACK) != 0;
    }

    /**
     * Returns the URG flag.
     *
     * @return true if set
     */
    public boolean urg() {
        return (flags() & URG) != 0;
    }

    /**
     * Returns the ECE flag.
     *
     * @return true if set
     */
    public boolean ece() {
        return (flags() & ECE) != 0;
    }

    /**
     * Returns the CWR flag.
     *
     * @return true if set
     */
    public boolean cwr() {
        return (flags() & CWR) != 0;
    }

    /**
     * Returns the receive window (unscaled, as on the wire).
     *
     * @return 0..65535
     */
    public int window() {
        return u16(offset + WINDOW_OFFSET);
    }

    /**
     * Returns the checksum as stored.
     *
     * @return 0..65535
     */
    public int checksum() {
        return u16(offset + CHECKSUM_OFFSET);
    }

    /**
     * Returns the urgent pointer.
     *
     * @return 0..65535
     */
    public int urgentPointer() {
        return u16(offset + URGENT_POINTER_OFFSET);
    }

    /**
     * Returns where the options start.
     *
     * @return the absolute index after the fixed 20 bytes
     */
    public int optionsOffset() {
        return offset + MIN_HEADER_LENGTH;
    }

    /**
     * Returns the length of the options area.
     *
     * @return {@link #headerLength()} − 20 (0..40; negative on an unchecked header with data offset &lt; 5)
     */
    public int optionsLength() {
        return headerLength() - MIN_HEADER_LENGTH;
    }

    /**
     * Returns where the data starts.
     *
     * @return the absolute index after the options
     */
    public int payloadOffset() {
        return offset + headerLength();
    }

    /**
     * Computes the checksum over the pseudo-header and the segment, with the checksum field taken as zero.
     *
     * @param sourceAddress      the IPv4 source address bits
     * @param destinationAddress the IPv4 destination address bits
     * @param segmentLength      header and data bytes (the IPv4 payload length)
     * @return the value {@link #fillChecksum(int, int, int)} would store
     */
    public int computeChecksum(int sourceAddress, int destinationAddress, int segmentLength) {
        long sum = InternetChecksum.pseudoHeaderSum(sourceAddress, destinationAddress, IpProtocol.TCP,
                segmentLength) + InternetChecksum.sum(buffer, offset, segmentLength) - checksum();
        return InternetChecksum.finish(sum);
    }

    /**
     * Verifies the checksum.
     *
     * @param sourceAddress      the IPv4 source address bits
     * @param destinationAddress the IPv4 destination address bits
     * @param segmentLength      header and data bytes (the IPv4 payload length)
     * @return true if the checksum is right
     */
    public boolean verifyChecksum(int sourceAddress, int destinationAddress, int segmentLength) {
        long sum = InternetChecksum.pseudoHeaderSum(sourceAddress, destinationAddress, IpProtocol.TCP,
                segmentLength) + InternetChecksum.sum(buffer, offset, segmentLength);
        return InternetChecksum.fold(sum) == 0xFFFF;
    }

    /**
     * Computes and stores the checksum.
     *
     * @param sourceAddress      the IPv4 source address bits
     * @param destinationAddress the IPv4 destination address bits
     * @param segmentLength      header and data bytes (the IPv4 payload length)
     * @return this
     */
    public TcpPacket fillChecksum(int sourceAddress, int destinationAddress, int segmentLength) {
        return checksum(computeChecksum(sourceAddress, destinationAddress, segmentLength));
    }

    /**
     * Sets the source port.
     *
     * @param port 0..65535
     * @return this
     */
    public TcpPacket sourcePort(int port) {
        put16(offset + SOURCE_PORT_OFFSET, port);
        return this;
    }

    /**
     * Sets the destination port.
     *
     * @param port 0..65535
     * @return this
     */
    public TcpPacket destinationPort(int port) {
        put16(offset + DESTINATION_PORT_OFFSET, port);
        return this;
    }

    /**
     * Sets the sequence number.
     *
     * @param sequenceNumber 0..2^32−1 (higher bits ignored)
     * @return this
     */
    public TcpPacket sequenceNumber(long sequenceNumber) {
        put32(offset + SEQUENCE_OFFSET, (int) sequenceNumber);
        return this;
    }

    /**
     * Sets the acknowledgment number.
     *
     * @param acknowledgmentNumber 0..2^32−1 (higher bits ignored)
     * @return this
     */
    public TcpPacket acknowledgmentNumber(long acknowledgmentNumber) {
        put32(offset + ACKNOWLEDGMENT_OFFSET, (int) acknowledgmentNumber);
        return this;
    }

    /**
     * Sets the data offset, keeping the reserved bits.
     *
     * @param dataOffset header length in 32-bit words, 5..15
     * @return this
     */
    public TcpPacket dataOffset(int dataOffset) {
        put8(offset + DATA_OFFSET_OFFSET, (dataOffset & 0x0F) << 4 | reserved());
        return this;
    }

    /**
     * Sets the reserved bits, keeping the data offset.
     *
     * @param reserved 0..15 (send 0)
     * @return this
     */
    public TcpPacket reserved(int reserved) {
        put8(offset + DATA_OFFSET_OFFSET,
                (u8(offset + DATA_OFFSET_OFFSET) & 0xF0) | (reserved & 0x0F));
        return this;
    }

    /**
     * Sets the flags byte.
     *
     * @param flags a combination of {@link #SYN}, {@link #ACK}, ...
     * @return this
     */
    public TcpPacket flags(int flags) {
        put8(offset + FLAGS_OFFSET, flags);
        return this;
    }

    /**
     * Sets the window.
     *
     * @param window 0..65535
     * @return this
     */
    public TcpPacket window(int window) {
        put16(offset + WINDOW_OFFSET, window);
        return this;
    }

    /**
     * Stores a checksum as given.
     *
     * @param checksum 0..65535
     * @return this
     */
    public TcpPacket checksum(int checksum) {
        put16(offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /**
     * Sets the urgent pointer.
     *
     * @param urgentPointer 0..65535
     * @return this
     */
    public TcpPacket urgentPointer(int urgentPointer) {
        put16(offset + URGENT_POINTER_OFFSET, urgentPointer);
        return this;
    }

    /**
     * Appends a one-line summary in smoltcp's style.
     *
     * @param out where to append
     * @return {@code out}
     */
    public StringBuilder appendTo(StringBuilder out) {
        out.append("TCP src=").append(sourcePort()).append(" dst=").append(destinationPort());
        int flags = flags();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                out.append(' ').append(FLAG_NAMES[i]);
            }
        }
        out.append(" seq=").append(sequenceNumber());
        if ((flags & ACK) != 0) {
            out.append(" ack=").append(acknowledgmentNumber());
        }
        return out.append(" win=").append(window());
    }

    /** Returns the summary of {@link #appendTo(StringBuilder)}; allocates. */
    @Override
    public String toString() {
        return appendTo(new StringBuilder(80)).toString();
    }
}
