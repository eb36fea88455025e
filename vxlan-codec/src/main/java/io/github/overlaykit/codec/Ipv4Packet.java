package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Flyweight over an IPv4 header (RFC 791), options included.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |   DSCP    |ECN|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |R|D|M|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL &gt; 5)       |    Padding     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #wrap(ByteBuffer, int)} is O(1) and unchecked. {@link #checkLength(int)} applies smoltcp's
 * rules (buffer ≥ 20, IHL ≥ 5, header ≤ total length ≤ buffer); after it, no accessor fails until
 * {@link #ihl(int)} or {@link #totalLength(int)} change the layout. The payload is bounded by the total
 * length, not by the end of the frame (Ethernet pads short frames). Options are a byte range
 * ({@link #optionsOffset()}, {@link #optionsLength()}) walked by {@link Ipv4OptionCursor}. A fragment
 * ({@link #isFragment()}) carries a transport header only when {@link #fragmentOffset()} is 0.
 * Reassembly is not supported.
 *
 * <p>Does not copy: valid only while the wrapped buffer is. Big-endian whatever
 * {@link ByteBuffer#order()} says. Not thread-safe; no method allocates except {@link #toString()}.
 */
public final class Ipv4Packet extends BufferView {
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** Length of a header with the most options (IHL 15). */
    public static final int MAX_HEADER_LENGTH = 60;
    /** Offset of the total length field. */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Offset of the identification field. */
    public static final int IDENTIFICATION_OFFSET = 4;
    /** Offset of the flags and fragment offset field. */
    public static final int FRAGMENT_OFFSET = 6;
    /** Offset of the time-to-live field. */
    public static final int TTL_OFFSET = 8;
    /** Offset of the protocol field. */
    public static final int PROTOCOL_OFFSET = 9;
    /** Offset of the header checksum. */
    public static final int CHECKSUM_OFFSET = 10;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = 12;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = 16;
    /** Don't Fragment bit of the 16-bit flags/fragment field. */
    public static final int FLAG_DONT_FRAGMENT = 0x4000;
    /** More Fragments bit of the 16-bit flags/fragment field. */
    public static final int FLAG_MORE_FRAGMENTS = 0x2000;
    /** Reserved ("evil") bit of the 16-bit flags/fragment field. */
    public static final int FLAG_RESERVED = 0x8000;

    private int offset;

    /** Creates an unattached flyweight; call {@link #wrap(ByteBuffer, int)} before use. */
    public Ipv4Packet() {
    }

    /**
     * Attaches to a header without checking anything.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset index of the version/IHL byte
     * @return this
     */
    public Ipv4Packet wrap(ByteBuffer buffer, int offset) {
        view(buffer);
        this.offset = offset;
        return this;
    }

    /** Attaches to the buffer of a parser that has already looked for its array. */
    Ipv4Packet wrap(BufferView source, int offset) {
        view(source);
        this.offset = offset;
        return this;
    }

    /**
     * Checks the lengths so that no accessor can fail afterwards: at least 20 bytes, version 4,
     * IHL ≥ 5, header length ≤ total length ≤ {@code available}.
     *
     * @param available bytes present from {@link #offset()}
     * @return this
     * @throws MalformedPacketException naming the first rule broken
     */
    public Ipv4Packet checkLength(int available) {
        if (available < MIN_HEADER_LENGTH || available > buffer.limit() - offset) {
            throw new MalformedPacketException("IPv4", offset, MIN_HEADER_LENGTH, available, "truncated header");
        }
        if (version() != 4) {
            throw new MalformedPacketException("IPv4", offset, MIN_HEADER_LENGTH, available,
                    "version " + version() + " is not 4");
        }
        int headerLength = headerLength();
        if (headerLength < MIN_HEADER_LENGTH) {
            throw new MalformedPacketException("IPv4", offset, MIN_HEADER_LENGTH, headerLength,
                    "header length " + headerLength + " is below 20");
        }
        if (headerLength > available) {
            throw new MalformedPacketException("IPv4", offset, headerLength, available, "truncated options");
        }
        int totalLength = totalLength();
        if (totalLength < headerLength) {
            throw new MalformedPacketException("IPv4", offset, headerLength, totalLength,
                    "total length " + totalLength + " is below the header length");
        }
        if (totalLength > available) {
            throw new MalformedPacketException("IPv4", offset, totalLength, available, "truncated datagram");
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
     * @return the absolute index of the version/IHL byte
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns the version.
     *
     * @return the high nibble of byte 0; 4 for IPv4
     */
    public int version() {
        return u8(offset) >>> 4;
    }

    /**
     * Returns the Internet Header Length in 32-bit words.
     *
     * @return 0..15 (valid: 5..15)
     */
    public int ihl() {
        return u8(offset) & 0x0F;
    }

    /**
     * Returns the header length in bytes.
     *
     * @return 4 × {@link #ihl()}
     */
    public int headerLength() {
        return (u8(offset) & 0x0F) << 2;
    }

    /**
     * Returns the whole type-of-service byte.
     *
     * @return DSCP and ECN, 0..255
     */
    public int typeOfService() {
        return u8(offset + 1);
    }

    /**
     * Returns the Differentiated Services code point.
     *
     * @return 0..63
     */
    public int dscp() {
        return typeOfService() >>> 2;
    }

    /**
     * Returns the Explicit Congestion Notification bits.
     *
     * @return 0..3
     */
    public int ecn() {
        return typeOfService() & 3;
    }

    /**
     * Returns the total length of the datagram (header and payload).
     *
     * @return bytes, 0..65535 (0 appears in captures of Linux BIG TCP / TSO super-packets)
     */
    public int totalLength() {
        return u16(offset + TOTAL_LENGTH_OFFSET);
    }

    /**
     * Returns the identification field.
     *
     * @return 0..65535
     */
    public int identification() {
        return u16(offset + IDENTIFICATION_OFFSET);
    }

    /**
     * Returns the 16-bit flags and fragment offset field as it is on the wire.
     *
     * @return {@link #FLAG_DONT_FRAGMENT}, {@link #FLAG_MORE_FRAGMENTS}, reserved bit and the offset
     */
    public int flagsAndFragmentOffset() {
        return u16(offset + FRAGMENT_OFFSET);
    }

    /**
     * Returns the three flag bits.
     *
     * @return 0..7: 4 reserved, 2 DF, 1 MF
     */
    public int flags() {
        return flagsAndFragmentOffset() >>> 13;
    }

    /**
     * Returns the Don't Fragment flag.
     *
     * @return true if DF is set
     */
    public boolean dontFragment() {
        return (flagsAndFragmentOffset() & FLAG_DONT_FRAGMENT) != 0;
    }

    /**
     * Returns the More Fragments flag.
     *
     * @return true if MF is set
     */
    public boolean moreFragments() {
        return (flagsAndFragmentOffset() & FLAG_MORE_FRAGMENTS) != 0;
    }

    /**
     * Returns the fragment offset in 8-byte units, as on the wire.
     *
     * @return 0..8191
     */
    public int fragmentOffset() {
        return flagsAndFragmentOffset() & 0x1FFF;
    }

    /**
     * Tells whether this datagram is a fragment (MF set or a non-zero offset).
     *
     * @return true for any fragment, including the first
     */
    public boolean isFragment() {
        return (flagsAndFragmentOffset() & 0x3FFF) != 0;
    }

    /**
     * Returns the time to live.
     *
     * @return 0..255
     */
    public int ttl() {
        return u8(offset + TTL_OFFSET);
    }

    /**
     * Returns the protocol of the payload.
     *
     * @return e.g. {@link IpProtocol#UDP}
     */
    public int protocol() {
        return u8(offset + PROTOCOL_OFFSET);
    }

    /**
     * Returns the header checksum as stored.
     *
     * @return 0..65535
     */
    public int headerChecksum() {
        return u16(offset + CHECKSUM_OFFSET);
    }

    /**
     * Returns the source address.
     *
     * @return the 32 bits, most significant byte first (see {@link Ipv4Address})
     */
    public int sourceAddress() {
        return s32(offset + SOURCE_OFFSET);
    }

    /**
     * Returns the destination address.
     *
     * @return the 32 bits, most significant byte first (see {@link Ipv4Address})
     */
    public int destinationAddress() {
        return s32(offset + DESTINATION_OFFSET);
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
     * Returns the length of the options (and their padding).
     *
     * @return {@link #headerLength()} − 20 (0..40; negative if IHL &lt; 5 on an unchecked header)
     */
    public int optionsLength() {
        return headerLength() - MIN_HEADER_LENGTH;
    }

    /**
     * Returns where the payload starts.
     *
     * @return the absolute index after the header
     */
    public int payloadOffset() {
        return offset + headerLength();
    }

    /**
     * Returns the payload length according to the header.
     *
     * @return {@link #totalLength()} − {@link #headerLength()}
     */
    public int payloadLength() {
        return totalLength() - headerLength();
    }

    /**
     * Computes the header checksum over {@link #headerLength()} bytes with the checksum field taken as
     * zero.
     *
     * @return the value {@link #fillChecksum()} would store
     */
    public int computeChecksum() {
        int headerLength = headerLength();
        long sum = InternetChecksum.sum(buffer, offset, headerLength) - headerChecksum();
        return InternetChecksum.finish(sum);
    }

    /**
     * Verifies the header checksum (the one's-complement sum of the header is 0xFFFF).
     *
     * @return true if the stored checksum is right
     */
    public boolean verifyChecksum() {
        return InternetChecksum.fold(InternetChecksum.sum(buffer, offset, headerLength())) == 0xFFFF;
    }

    /**
     * Computes and stores the header checksum.
     *
     * @return this
     */
    public Ipv4Packet fillChecksum() {
        put16(offset + CHECKSUM_OFFSET, 0);
        put16(offset + CHECKSUM_OFFSET,
                InternetChecksum.finish(InternetChecksum.sum(buffer, offset, headerLength())));
        return this;
    }

    /**
     * Sets the version, keeping the IHL.
     *
     * @param version 4 for IPv4
     * @return this
     */
    public Ipv4Packet version(int version) {
        put8(offset, (version & 0x0F) << 4 | (u8(offset) & 0x0F));
        return this;
    }

    /**
     * Sets the Internet Header Length, keeping the version.
     *
     * @param ihl header length in 32-bit words, 5..15
     * @return this
     */
    public Ipv4Packet ihl(int ihl) {
        put8(offset, (u8(offset) & 0xF0) | (ihl & 0x0F));
        return this;
    }

    /**
     * Sets the whole type-of-service byte.
     *
     * @param typeOfService DSCP and ECN, 0..255
     * @return this
     */
    public Ipv4Packet typeOfService(int typeOfService) {
        put8(offset + 1, typeOfService);
        return this;
    }

    /**
     * Sets the Differentiated Services code point, keeping ECN.
     *
     * @param dscp 0..63
     * @return this
     */
    public Ipv4Packet dscp(int dscp) {
        return typeOfService((dscp & 0x3F) << 2 | ecn());
    }

    /**
     * Sets the ECN bits, keeping DSCP.
     *
     * @param ecn 0..3
     * @return this
     */
    public Ipv4Packet ecn(int ecn) {
        return typeOfService((typeOfService() & 0xFC) | (ecn & 3));
    }

    /**
     * Sets the total length.
     *
     * @param totalLength header and payload bytes
     * @return this
     */
    public Ipv4Packet totalLength(int totalLength) {
        put16(offset + TOTAL_LENGTH_OFFSET, totalLength);
        return this;
    }

    /**
     * Sets the identification field.
     *
     * @param identification 0..65535
     * @return this
     */
    public Ipv4Packet identification(int identification) {
        put16(offset + IDENTIFICATION_OFFSET, identification);
        return this;
    }

    /**
     * Sets the whole flags and fragment offset field.
     *
     * @param value the 16-bit field
     * @return this
     */
    public Ipv4Packet flagsAndFragmentOffset(int value) {
        put16(offset + FRAGMENT_OFFSET, value);
        return this;
    }

    /**
     * Sets the Don't Fragment flag, keeping the other bits.
     *
     * @param dontFragment the DF bit
     * @return this
     */
    public Ipv4Packet dontFragment(boolean dontFragment) {
        int value = flagsAndFragmentOffset() & ~FLAG_DONT_FRAGMENT;
        return flagsAndFragmentOffset(dontFragment ? value | FLAG_DONT_FRAGMENT : value);
    }

    /**
     * Sets the More Fragments flag, keeping the other bits.
     *
     * @param moreFragments the MF bit
     * @return this
     */
    public Ipv4Packet moreFragments(boolean moreFragments) {
        int value = flagsAndFragmentOffset() & ~FLAG_MORE_FRAGMENTS;
        return flagsAndFragmentOffset(moreFragments ? value | FLAG_MORE_FRAGMENTS : value);
    }

    /**
     * Sets the fragment offset, keeping the flags.
     *
     * @param fragmentOffset in 8-byte units, 0..8191
     * @return this
     */
    public Ipv4Packet fragmentOffset(int fragmentOffset) {
        return flagsAndFragmentOffset((flagsAndFragmentOffset() & 0xE000) | (fragmentOffset & 0x1FFF));
    }

    /**
     * Sets the time to live.
     *
     * @param ttl 0..255
     * @return this
     */
    public Ipv4Packet ttl(int ttl) {
        put8(offset + TTL_OFFSET, ttl);
        return this;
    }

    /**
     * Sets the protocol.
     *
     * @param protocol e.g. {@link IpProtocol#TCP}
     * @return this
     */
    public Ipv4Packet protocol(int protocol) {
        put8(offset + PROTOCOL_OFFSET, protocol);
        return this;
    }

    /**
     * Stores a header checksum as given (see {@link #fillChecksum()} to compute it).
     *
     * @param checksum 0..65535
     * @return this
     */
    public Ipv4Packet headerChecksum(int checksum) {
        put16(offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /**
     * Sets the source address.
     *
     * @param address the 32 bits
     * @return this
     */
    public Ipv4Packet sourceAddress(int address) {
        put32(offset + SOURCE_OFFSET, address);
        return this;
    }

    /**
     * Sets the destination address.
     *
     * @param address the 32 bits
     * @return this
     */
    public Ipv4Packet destinationAddress(int address) {
        put32(offset + DESTINATION_OFFSET, address);
        return this;
    }

    /**
     * Appends a one-line summary in smoltcp's style.
     *
     * @param out where to append
     * @return {@code out}
     */
    public StringBuilder appendTo(StringBuilder out) {
        out.append("IPv4 src=");
        Ipv4Address.appendTo(sourceAddress(), out).append(" dst=");
        Ipv4Address.appendTo(destinationAddress(), out);
        out.append(" proto=").append(IpProtocol.name(protocol())).append(" ttl=").append(ttl())
                .append(" len=").append(totalLength()).append(" id=").append(identification());
        if (dontFragment()) {
            out.append(" DF");
        }
        if (moreFragments()) {
            out.append(" MF");
        }
        if (fragmentOffset() != 0) {
            out.append(" off=").append(fragmentOffset() * 8);
        }
        return out;
    }

    /** Returns the summary of {@link #appendTo(StringBuilder)}; allocates. */
    @Override
    public String toString() {
        return appendTo(new StringBuilder(96)).toString();
    }
}
