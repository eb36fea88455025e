package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Rewrites IPv4 addresses and TCP/UDP ports in place, fixing the IPv4 header checksum and the TCP/UDP
 * checksum in O(1) with RFC 1624 incremental updates — what DNAT and SNAT do to a packet.
 *
 * <pre>
 * IPv4 header checksum  covers the header          : address change → update32
 * TCP / UDP checksum    covers pseudo-header + ports: address change → update32, port change → update16
 * ICMP checksum         no pseudo-header           : unchanged by an address change
 * </pre>
 *
 * <p>A UDP checksum of 0 ("none sent") stays 0; an updated UDP checksum that comes out as 0 is stored as
 * 0xFFFF (RFC 768). A non-first fragment has no transport header, so only the IPv4 checksum is updated
 * (the first fragment's transport checksum, which covers the whole datagram, is updated there). The
 * transport checksum is updated only for TCP and UDP; port rewrites on other protocols are ignored.
 *
 * <p>The caller guarantees that the IPv4 header was length-checked and, for TCP/UDP first fragments and
 * unfragmented datagrams, that the transport header is present (as {@link PacketParser} does). No method
 * allocates.
 */
public final class NatRewriter {
    private NatRewriter() {
    }

    /**
     * Rewrites the source address (SNAT) and fixes both checksums.
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param address    the new source address bits
     */
    public static void rewriteSourceAddress(ByteBuffer buffer, int ipv4Offset, int address) {
        rewriteAddress(buffer, ipv4Offset, ipv4Offset + Ipv4Packet.SOURCE_OFFSET, address);
    }

    /**
     * Rewrites the destination address (DNAT) and fixes both checksums.
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param address    the new destination address bits
     */
    public static void rewriteDestinationAddress(ByteBuffer buffer, int ipv4Offset, int address) {
        rewriteAddress(buffer, ipv4Offset, ipv4Offset + Ipv4Packet.DESTINATION_OFFSET, address);
    }

    /**
     * Rewrites the TCP/UDP source port and fixes the transport checksum.
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param port       the new port, 0..65535
     */
    public static void rewriteSourcePort(ByteBuffer buffer, int ipv4Offset, int port) {
        rewritePort(buffer, ipv4Offset, 0, port);
    }

    /**
     * Rewrites the TCP/UDP destination port and fixes the transport checksum.
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param port       the new port, 0..65535
     */
    public static void rewriteDestinationPort(ByteBuffer buffer, int ipv4Offset, int port) {
        rewritePort(buffer, ipv4Offset, 2, port);
    }

    /**
     * Source NAT: rewrites source address and port.
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param address    the new source address bits
     * @param port       the new source port (ignored unless TCP or UDP)
     */
    public static void snat(ByteBuffer buffer, int ipv4Offset, int address, int port) {
        rewriteSourceAddress(buffer, ipv4Offset, address);
        rewriteSourcePort(buffer, ipv4Offset, port);
    }

    /**
     * Destination NAT: rewrites destination address and port (kube-proxy's
     * {@code DNAT --to-destination 10.244.1.8:9000}).
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param address    the new destination address bits
     * @param port       the new destination port (ignored unless TCP or UDP)
     */
    public static void dnat(ByteBuffer buffer, int ipv4Offset, int address, int port) {
        rewriteDestinationAddress(buffer, ipv4Offset, address);
        rewriteDestinationPort(buffer, ipv4Offset, port);
    }

    private static void rewriteAddress(ByteBuffer buffer, int ipv4Offset, int field, int address) {
        int old = Bytes.s32(buffer, field);
        int checksumIndex = ipv4Offset + Ipv4Packet.CHECKSUM_OFFSET;
        Bytes.put16(buffer, checksumIndex, InternetChecksum.update32(Bytes.u16(buffer, checksumIndex), old, address));
        Bytes.put32(buffer, field, address);
        int transportChecksum = transportChecksumIndex(buffer, ipv4Offset);
        if (transportChecksum >= 0) {
            updateTransport(buffer, ipv4Offset, transportChecksum,
                    InternetChecksum.fold((~old >>> 16 & 0xFFFF) + (~old & 0xFFFF) + (address >>> 16)
                            + (address & 0xFFFF)));
        }
    }

    private static void rewritePort(ByteBuffer buffer, int ipv4Offset, int portOffset, int port) {
        int transportChecksum = transportChecksumIndex(buffer, ipv4Offset);
        if (transportChecksum < 0) {
            return;
        }
        int field = ipv4Offset + ((Bytes.u8(buffer, ipv4Offset) & 0x0F) << 2) + portOffset;
        int old = Bytes.u16(buffer, field);
        Bytes.put16(buffer, field, port);
        updateTransport(buffer, ipv4Offset, transportChecksum,
                InternetChecksum.fold((~old & 0xFFFF) + (port & 0xFFFF)));
    }

    /** Applies {@code ~HC' = ~HC + delta}, where delta is the folded ~m + m' (RFC 1624 eqn. 3). */
    private static void updateTransport(ByteBuffer buffer, int ipv4Offset, int checksumIndex, int delta) {
        int checksum = Bytes.u16(buffer, checksumIndex);
        boolean udp = Bytes.u8(buffer, ipv4Offset + Ipv4Packet.PROTOCOL_OFFSET) == IpProtocol.UDP;
        if (udp && checksum == 0) {
            return; // no checksum was sent; keep it that way
        }
        int updated = InternetChecksum.finish((~checksum & 0xFFFF) + (long) delta);
        if (udp && updated == 0) {
            updated = 0xFFFF;
        }
        Bytes.put16(buffer, checksumIndex, updated);
    }

    /** Returns the absolute index of the TCP/UDP checksum, or -1 when there is none to update. */
    private static int transportChecksumIndex(ByteBuffer buffer, int ipv4Offset) {
        if ((Bytes.u16(buffer, ipv4Offset + Ipv4Packet.FRAGMENT_OFFSET) & 0x1FFF) != 0) {
            return -1;
        }
        int transport = ipv4Offset + ((Bytes.u8(buffer, ipv4Offset) & 0x0F) << 2);
        switch (Bytes.u8(buffer, ipv4Offset + Ipv4Packet.PROTOCOL_OFFSET)) {
            case IpProtocol.TCP:
                return transport + TcpPacket.CHECKSUM_OFFSET;
            case IpProtocol.UDP:
                return transport + UdpPacket.CHECKSUM_OFFSET;
            default:
                return -1;
        }
    }
}
