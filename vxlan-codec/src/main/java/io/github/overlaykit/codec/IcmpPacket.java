package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Flyweight over an ICMPv4 message header (RFC 792; next-hop MTU from RFC 1191).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  echo: Identifier             |  echo: Sequence Number        |
 * |  unreachable / time exceeded: unused      | next-hop MTU (3/4)|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  echo data, or the quoted IPv4 header + first 8 bytes ...
 * </pre>
 *
 * <p>The checksum covers the whole ICMP message (no pseudo-header), so its methods take the message
 * length (the IPv4 payload length). Error messages quote the offending datagram from
 * {@link #payloadOffset()}; the quote is often cut short, decode it with lenient checks.
 *
 * <p>Does not copy: valid only while the wrapped buffer is. Big-endian whatever
 * {@link ByteBuffer#order()} says. Not thread-safe; no method allocates except {@link #toString()}.
 */
public final class IcmpPacket extends BufferView {
    /** Length of the header (type, code, checksum and the 4-byte rest of header). */
    public static final int HEADER_LENGTH = 8;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 2;
    /** Type: echo reply. */
    public static final int ECHO_REPLY = 0;
    /** Type: destination unreachable. */
    public static final int DESTINATION_UNREACHABLE = 3;
    /** Type: redirect. */
    public static final int REDIRECT = 5;
    /** Type: echo request. */
    public static final int ECHO_REQUEST = 8;
    /** Type: time exceeded. */
    public static final int TIME_EXCEEDED = 11;
    /** Type: parameter problem. */
    public static final int PARAMETER_PROBLEM = 12;
    /** Destination unreachable code: net unreachable. */
    public static final int CODE_NET_UNREACHABLE = 0;
    /** Destination unreachable code: host unreachable. */
    public static final int CODE_HOST_UNREACHABLE = 1;
    /** Destination unreachable code: protocol unreachable. */
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    /** Destination unreachable code: port unreachable. */
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** Destination unreachable code: fragmentation needed and DF set (carries the next-hop MTU). */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** Time exceeded code: TTL exceeded in transit. */
    public static final int CODE_TTL_EXCEEDED = 0;
    /** Time exceeded code: fragment reassembly time exceeded. */
    public static final int CODE_REASSEMBLY_TIME_EXCEEDED = 1;

    private int offset;

    /** Creates an unattached flyweight; call {@link #wrap(ByteBuffer, int)} before use. */
    public IcmpPacket() {
    }

    /**
     * Attaches to a message without checking anything.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset index of the type byte
     * @return this
     */
    public IcmpPacket wrap(ByteBuffer buffer, int offset) {
        view(buffer);
        this.offset = offset;
        return this;
    }

    /** Attaches to the buffer of a parser that has already looked for its array. */
    IcmpPacket wrap(BufferView source, int offset) {
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
    public IcmpPacket checkLength(int available) {
        if (available < HEADER_LENGTH || available > buffer.limit() - offset) {
            throw new MalformedPacketException("ICMP", offset, HEADER_LENGTH, available, "truncated header");
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
     * Returns where the message starts.
     *
     * @return the absolute index of the type byte
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns the message type.
     *
     * @return e.g. {@link #ECHO_REQUEST}
     */
    public int type() {
        return u8(offset);
    }

    /**
     * Returns the message code.
     *
     * @return 0..255, meaning depends on the type
     */
    public int code() {
        return u8(offset + 1);
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
     * Returns the echo identifier (echo request / reply).
     *
     * @return 0..65535
     */
    public int identifier() {
        return u16(offset + 4);
    }

    /**
     * Returns the echo sequence number (echo request / reply).
     *
     * @return 0..65535
     */
    public int sequenceNumber() {
        return u16(offset + 6);
    }

    /**
     * Returns the 4 bytes after the checksum, whatever the type.
     *
     * @return 0..2^32−1
     */
    public long restOfHeader() {
        return u32(offset + 4);
    }

    /**
     * Returns the next-hop MTU of a "fragmentation needed" message (type 3 code 4, RFC 1191).
     *
     * @return 0..65535
     */
    public int nextHopMtu() {
        return u16(offset + 6);
    }

    /**
     * Returns the gateway address of a redirect (type 5).
     *
     * @return the 32 address bits
     */
    public int gatewayAddress() {
        return s32(offset + 4);
    }

    /**
     * Tells whether the type is an error that quotes the offending datagram (3, 5, 11, 12).
     *
     * @return true for destination unreachable, redirect, time exceeded and parameter problem
     */
    public boolean isError() {
        int type = type();
        return type == DESTINATION_UNREACHABLE || type == REDIRECT || type == TIME_EXCEEDED
                || type == PARAMETER_PROBLEM;
    }

    /**
     * Returns where the data (echo payload, or the quoted datagram of an error) starts.
     *
     * @return the absolute index after the 8-byte header
     */
    public int payloadOffset() {
        return offset + HEADER_LENGTH;
    }

    /**
     * Computes the checksum over the message with the checksum field taken as zero.
     *
     * @param length the message length (the IPv4 payload length)
     * @return the value {@link #fillChecksum(int)} would store
     */
    public int computeChecksum(int length) {
        return InternetChecksum.finish(InternetChecksum.sum(buffer, offset, length) - checksum());
    }

    /**
     * Verifies the checksum.
     *
     * @param length the message length (the IPv4 payload length)
     * @return true if the checksum is right
     */
    public boolean verifyChecksum(int length) {
        return InternetChecksum.fold(InternetChecksum.sum(buffer, offset, length)) == 0xFFFF;
    }

    /**
     * Computes and stores the checksum.
     *
     * @param length the message length (the IPv4 payload length)
     * @return this
     */
    public IcmpPacket fillChecksum(int length) {
        return checksum(computeChecksum(length));
    }

    /**
     * Sets the type.
     *
     * @param type e.g. {@link #ECHO_REPLY}
     * @return this
     */
    public IcmpPacket type(int type) {
        put8(offset, type);
        return this;
    }

    /**
     * Sets the code.
     *
     * @param code 0..255
     * @return this
     */
    public IcmpPacket code(int code) {
        put8(offset + 1, code);
        return this;
    }

    /**
     * Stores a checksum as given.
     *
     * @param checksum 0..65535
     * @return this
     */
    public IcmpPacket checksum(int checksum) {
        put16(offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /**
     * Sets the echo identifier.
     *
     * @param identifier 0..65535
     * @return this
     */
    public IcmpPacket identifier(int identifier) {
        put16(offset + 4, identifier);
        return this;
    }

    /**
     * Sets the echo sequence number.
     *
     * @param sequenceNumber 0..65535
     * @return this
     */
    public IcmpPacket sequenceNumber(int sequenceNumber) {
        put16(offset + 6, sequenceNumber);
        return this;
    }

    /**
     * Sets the 4 bytes after the checksum.
     *
     * @param restOfHeader 0..2^32−1 (higher bits ignored)
     * @return this
     */
    public IcmpPacket restOfHeader(long restOfHeader) {
        put32(offset + 4, (int) restOfHeader);
        return this;
    }

    /**
     * Sets the next-hop MTU (bytes 6–7), keeping the unused bytes 4–5.
     *
     * @param mtu 0..65535
     * @return this
     */
    public IcmpPacket nextHopMtu(int mtu) {
        put16(offset + 6, mtu);
        return this;
    }

    /**
     * Sets the gateway address of a redirect.
     *
     * @param address the 32 address bits
     * @return this
     */
    public IcmpPacket gatewayAddress(int address) {
        put32(offset + 4, address);
        return this;
    }

    /**
     * Appends a one-line summary in smoltcp's style.
     *
     * @param out where to append
     * @return {@code out}
     */
    public StringBuilder appendTo(StringBuilder out) {
        int type = type();
        out.append("ICMPv4 type=").append(type).append(" code=").append(code());
        if (type == ECHO_REQUEST || type == ECHO_REPLY) {
            out.append(" id=").append(identifier()).append(" seq=").append(sequenceNumber());
        }
        return out;
    }

    /** Returns the summary of {@link #appendTo(StringBuilder)}; allocates. */
    @Override
    public String toString() {
        return appendTo(new StringBuilder(48)).toString();
    }
}
