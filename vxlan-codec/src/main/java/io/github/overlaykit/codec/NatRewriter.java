package io.github.overlaykit.codec;

import java.nio.ByteBuffer;
import java.util.Objects;

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
 * <p>The caller guarantees that the IPv4 header is well formed (its IHL in particular, as {@link PacketParser}
 * checks). The headers a rewrite changes must lie within the buffer's limit: the IPv4 header's first 20
 * bytes and, for TCP/UDP first fragments and unfragmented datagrams, the transport header up to its
 * checksum; otherwise {@link IndexOutOfBoundsException} is thrown before anything is written. Each call reads
 * and writes every field once (heap buffers through their array, as {@link BufferView} reads them). No
 * method allocates.
 */
public final class NatRewriter {
    private static final int NO_FIELD = -1;

    private NatRewriter() {
    }

    /**
     * Rewrites the source address (SNAT) and fixes both checksums.
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param address    the new source address bits
     * @throws IndexOutOfBoundsException if the headers to change are not within the buffer's limit (nothing
     *                                   is written then)
     */
    public static void rewriteSourceAddress(ByteBuffer buffer, int ipv4Offset, int address) {
        rewrite(buffer, ipv4Offset, Ipv4Packet.SOURCE_OFFSET, address, NO_FIELD, 0);
    }

    /**
     * Rewrites the destination address (DNAT) and fixes both checksums.
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param address    the new destination address bits
     * @throws IndexOutOfBoundsException if the headers to change are not within the buffer's limit (nothing
     *                                   is written then)
     */
    public static void rewriteDestinationAddress(ByteBuffer buffer, int ipv4Offset, int address) {
        rewrite(buffer, ipv4Offset, Ipv4Packet.DESTINATION_OFFSET, address, NO_FIELD, 0);
    }

    /**
     * Rewrites the TCP/UDP source port and fixes the transport checksum.
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param port       the new port, 0..65535
     * @throws IndexOutOfBoundsException if the headers to change are not within the buffer's limit (nothing
     *                                   is written then)
     */
    public static void rewriteSourcePort(ByteBuffer buffer, int ipv4Offset, int port) {
        rewrite(buffer, ipv4Offset, NO_FIELD, 0, UdpPacket.SOURCE_PORT_OFFSET, port);
    }

    /**
     * Rewrites the TCP/UDP destination port and fixes the transport checksum.
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param port       the new port, 0..65535
     * @throws IndexOutOfBoundsException if the headers to change are not within the buffer's limit (nothing
     *                                   is written then)
     */
    public static void rewriteDestinationPort(ByteBuffer buffer, int ipv4Offset, int port) {
        rewrite(buffer, ipv4Offset, NO_FIELD, 0, UdpPacket.DESTINATION_PORT_OFFSET, port);
    }

    /**
     * Source NAT: rewrites source address and port.
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param address    the new source address bits
     * @param port       the new source port (ignored unless TCP or UDP)
     * @throws IndexOutOfBoundsException if the headers to change are not within the buffer's limit (nothing
     *                                   is written then)
     */
    public static void snat(ByteBuffer buffer, int ipv4Offset, int address, int port) {
        rewrite(buffer, ipv4Offset, Ipv4Packet.SOURCE_OFFSET, address, UdpPacket.SOURCE_PORT_OFFSET, port);
    }

    /**
     * Destination NAT: rewrites destination address and port (kube-proxy's
     * {@code DNAT --to-destination 10.244.1.8:9000}).
     *
     * @param buffer     the bytes
     * @param ipv4Offset absolute index of the IPv4 header
     * @param address    the new destination address bits
     * @param port       the new destination port (ignored unless TCP or UDP)
     * @throws IndexOutOfBoundsException if the headers to change are not within the buffer's limit (nothing
     *                                   is written then)
     */
    public static void dnat(ByteBuffer buffer, int ipv4Offset, int address, int port) {
        rewrite(buffer, ipv4Offset, Ipv4Packet.DESTINATION_OFFSET, address, UdpPacket.DESTINATION_PORT_OFFSET, port);
    }

    /**
     * One pass: each field and checksum read once and written once, heap buffers through their array. The
     * transport checksum gets the address's update, then the port's, as two calls one after the other would
     * (the same result in every case, a zero UDP result stored as 0xFFFF after each).
     *
     * @param addressOffset the address field within the IPv4 header, or {@link #NO_FIELD}
     * @param portOffset    the port field within the TCP/UDP header, or {@link #NO_FIELD}
     */
    private static void rewrite(ByteBuffer buffer, int ip, int addressOffset, int address, int portOffset, int port) {
        Objects.checkFromIndexSize(ip, Ipv4Packet.MIN_HEADER_LENGTH, buffer.limit());
        byte[] array = Bytes.arrayOf(buffer);
        int protocol = Bytes.u8(array, buffer, ip + Ipv4Packet.PROTOCOL_OFFSET);
        boolean udp = protocol == IpProtocol.UDP;
        int transport = -1; // none to update: a non-first fragment, or neither TCP nor UDP
        int transportChecksum = -1;
        if ((Bytes.u16(array, buffer, ip + Ipv4Packet.FRAGMENT_OFFSET) & 0x1FFF) == 0
                && (udp || protocol == IpProtocol.TCP)) {
            transport = ip + ((Bytes.u8(array, buffer, ip) & 0x0F) << 2);
            transportChecksum = transport + (udp ? UdpPacket.CHECKSUM_OFFSET : TcpPacket.CHECKSUM_OFFSET);
            Objects.checkFromIndexSize(transport, transportChecksum + 2 - transport, buffer.limit());
        }
        int checksum = transport < 0 ? 0 : Bytes.u16(array, buffer, transportChecksum);
        boolean updateTransport = transport >= 0 && !(udp && checksum == 0); // UDP 0: none was sent
        if (addressOffset != NO_FIELD) {
            int field = ip + addressOffset;
            int old = Bytes.s32(array, buffer, field);
            int ipChecksum = ip + Ipv4Packet.CHECKSUM_OFFSET;
            Bytes.put16(array, buffer, ipChecksum, InternetChecksum.update32(Bytes.u16(array, buffer, ipChecksum), old,
                    address));
            Bytes.put32(array, buffer, field, address);
            if (updateTransport) {
                checksum = noZeroForUdp(InternetChecksum.update32(checksum, old, address), udp);
            }
        }
        if (portOffset != NO_FIELD && transport >= 0) { // TCP and UDP ports sit at the same offsets
            int field = transport + portOffset;
            int old = Bytes.u16(array, buffer, field);
            Bytes.put16(array, buffer, field, port);
            if (updateTransport) {
                checksum = noZeroForUdp(InternetChecksum.update16(checksum, old, port), udp);
            }
        }
        if (updateTransport) {
            Bytes.put16(array, buffer, transportChecksum, checksum);
        }
    }

    /** A UDP checksum that comes out as 0 is sent as 0xFFFF: 0 means "none" (RFC 768). */
    private static int noZeroForUdp(int checksum, boolean udp) {
        return udp && checksum == 0 ? 0xFFFF : checksum;
    }
}
