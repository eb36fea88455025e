package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NatRewriterTest {
    private static final int SERVICE = Ipv4Address.parse("10.103.5.88").bits();
    private static final int POD = Ipv4Address.parse("10.244.1.8").bits();

    /** A random IPv4 datagram with options sometimes, a TCP or UDP segment, and correct checksums. */
    private static byte[] randomDatagram(Random random, int protocol) {
        int ihl = random.nextInt(4) == 0 ? 5 + random.nextInt(11) : 5;
        int transportHeader = protocol == IpProtocol.TCP ? 20 : 8;
        int payload = random.nextInt(200);
        int total = ihl * 4 + transportHeader + payload;
        byte[] bytes = new byte[total];
        random.nextBytes(bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer, 0).version(4).ihl(ihl).totalLength(total)
                .flagsAndFragmentOffset(Ipv4Packet.FLAG_DONT_FRAGMENT).protocol(protocol).fillChecksum();
        int transport = ip.payloadOffset();
        if (protocol == IpProtocol.TCP) {
            new TcpPacket().wrap(buffer, transport).dataOffset(5)
                    .fillChecksum(ip.sourceAddress(), ip.destinationAddress(), total - ihl * 4);
        } else {
            UdpPacket udp = new UdpPacket().wrap(buffer, transport).length(total - ihl * 4);
            if (random.nextInt(5) == 0) {
                udp.checksum(0);
            } else {
                udp.fillChecksum(ip.sourceAddress(), ip.destinationAddress());
            }
        }
        return bytes;
    }

    /** Recomputes every checksum from scratch: the oracle. */
    private static byte[] recomputed(byte[] datagram) {
        byte[] copy = datagram.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy);
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer, 0).fillChecksum();
        if (ip.isFragment()) {
            return copy;
        }
        if (ip.protocol() == IpProtocol.TCP) {
            new TcpPacket().wrap(buffer, ip.payloadOffset()).fillChecksum(ip.sourceAddress(), ip.destinationAddress(),
                    ip.payloadLength());
        } else {
            UdpPacket udp = new UdpPacket().wrap(buffer, ip.payloadOffset());
            if (udp.checksum() != 0) {
                udp.fillChecksum(ip.sourceAddress(), ip.destinationAddress());
            }
        }
        return copy;
    }

    @Test
    void shouldMatchAFullRecomputationOnRandomPackets() {
        Random random = new Random(1624);
        for (int i = 0; i < 20_000; i++) {
            int protocol = random.nextBoolean() ? IpProtocol.TCP : IpProtocol.UDP;
            byte[] datagram = randomDatagram(random, protocol);
            ByteBuffer buffer = ByteBuffer.wrap(datagram);
            switch (random.nextInt(5)) {
                case 0 -> NatRewriter.rewriteSourceAddress(buffer, 0, random.nextInt());
                case 1 -> NatRewriter.rewriteDestinationAddress(buffer, 0, random.nextInt());
                case 2 -> NatRewriter.rewriteSourcePort(buffer, 0, random.nextInt(0x10000));
                case 3 -> NatRewriter.rewriteDestinationPort(buffer, 0, random.nextInt(0x10000));
                default -> NatRewriter.dnat(buffer, 0, random.nextInt(), random.nextInt(0x10000));
            }
            assertArrayEquals(recomputed(datagram), datagram, "packet " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldDnatAServiceAddressToAPodLikeKubeProxy(BufferKind kind) {
        byte[] datagram = randomDatagram(new Random(9000), IpProtocol.TCP);
        ByteBuffer original = ByteBuffer.wrap(datagram);
        new Ipv4Packet().wrap(original, 0).destinationAddress(SERVICE).fillChecksum();
        TcpPacket tcp = new TcpPacket().wrap(original, 20).destinationPort(9000);
        tcp.fillChecksum(new Ipv4Packet().wrap(original, 0).sourceAddress(), SERVICE, datagram.length - 20);
        ByteBuffer buffer = kind.allocate(datagram.length, (byte) 0);
        buffer.put(kind.base(), datagram);

        NatRewriter.dnat(buffer, kind.base(), POD, 9000);

        Ipv4Packet ip = new Ipv4Packet().wrap(buffer, kind.base());
        assertEquals(POD, ip.destinationAddress());
        assertTrue(ip.verifyChecksum());
        TcpPacket rewritten = new TcpPacket().wrap(buffer, ip.payloadOffset());
        assertEquals(9000, rewritten.destinationPort());
        assertTrue(rewritten.verifyChecksum(ip.sourceAddress(), ip.destinationAddress(), ip.payloadLength()));
        NatRewriter.snat(buffer, kind.base(), Ipv4Address.parse("192.0.2.10").bits(), 40000);
        assertTrue(ip.verifyChecksum());
        assertEquals(40000, rewritten.sourcePort());
        assertTrue(rewritten.verifyChecksum(ip.sourceAddress(), ip.destinationAddress(), ip.payloadLength()));
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldRewriteAddressAndPortInOnePassAsTwoCallsWould(BufferKind kind) {
        Random random = new Random(3022);
        for (int i = 0; i < 5_000; i++) {
            byte[] datagram = randomDatagram(random, random.nextBoolean() ? IpProtocol.TCP : IpProtocol.UDP);
            ByteBuffer setUp = ByteBuffer.wrap(datagram);
            switch (random.nextInt(6)) {
                case 0 -> new Ipv4Packet().wrap(setUp, 0).fragmentOffset(1 + random.nextInt(100)).fillChecksum();
                case 1 -> new Ipv4Packet().wrap(setUp, 0).protocol(IpProtocol.ICMP).fillChecksum();
                default -> {
                }
            }
            int address = random.nextInt();
            int port = random.nextInt(0x10000);
            boolean source = random.nextBoolean();
            ByteBuffer onePass = kind.of(datagram);
            ByteBuffer twoCalls = kind.of(datagram);
            if (source) {
                NatRewriter.snat(onePass, kind.base(), address, port);
                NatRewriter.rewriteSourceAddress(twoCalls, kind.base(), address);
                NatRewriter.rewriteSourcePort(twoCalls, kind.base(), port);
            } else {
                NatRewriter.dnat(onePass, kind.base(), address, port);
                NatRewriter.rewriteDestinationAddress(twoCalls, kind.base(), address);
                NatRewriter.rewriteDestinationPort(twoCalls, kind.base(), port);
            }
            assertArrayEquals(BufferKind.bytes(twoCalls, 0, twoCalls.capacity()),
                    BufferKind.bytes(onePass, 0, onePass.capacity()), "datagram " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldWriteNothingWhenAHeaderToChangeIsPastTheLimit(BufferKind kind) {
        byte[] datagram = randomDatagram(new Random(17), IpProtocol.TCP);
        int ihl = (datagram[0] & 0x0F) * 4;
        ByteBuffer buffer = kind.of(datagram);
        byte[] before = BufferKind.bytes(buffer, 0, buffer.capacity());
        buffer.limit(kind.base() + ihl + 17); // the TCP checksum's second byte is past the limit
        assertThrows(IndexOutOfBoundsException.class, () -> NatRewriter.dnat(buffer, kind.base(), POD, 9000));
        assertThrows(IndexOutOfBoundsException.class, () -> NatRewriter.rewriteSourcePort(buffer, kind.base(), 1));
        buffer.limit(kind.base() + 19); // the IPv4 header itself
        assertThrows(IndexOutOfBoundsException.class,
                () -> NatRewriter.rewriteDestinationAddress(buffer, kind.base(), POD));
        buffer.limit(buffer.capacity());
        assertArrayEquals(before, BufferKind.bytes(buffer, 0, buffer.capacity()), "nothing written, not even the address");
        buffer.limit(kind.base() + ihl + 18);
        NatRewriter.dnat(buffer, kind.base(), POD, 9000); // exactly enough
        assertEquals(POD, new Ipv4Packet().wrap(buffer, kind.base()).destinationAddress());
    }

    @Test
    void shouldKeepAZeroUdpChecksumZero() {
        byte[] frame = Captures.frame("vxlan_port_8472.pcap", 0);
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        NatRewriter.rewriteSourceAddress(buffer, 14, Ipv4Address.parse("198.51.100.7").bits());
        NatRewriter.rewriteSourcePort(buffer, 14, 12345);
        UdpPacket udp = new UdpPacket().wrap(buffer, 34);
        assertEquals(0, udp.checksum(), "no checksum was sent, none is invented");
        assertEquals(12345, udp.sourcePort());
        assertTrue(new Ipv4Packet().wrap(buffer, 14).verifyChecksum());
    }

    @Test
    void shouldStoreAnUpdatedUdpChecksumOfZeroAsAllOnes() {
        byte[] datagram = randomDatagram(new Random(768), IpProtocol.UDP);
        ByteBuffer buffer = ByteBuffer.wrap(datagram);
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer, 0);
        UdpPacket udp = new UdpPacket().wrap(buffer, ip.payloadOffset()).fillChecksum(ip.sourceAddress(),
                ip.destinationAddress());
        // Pick the new port that makes the one's-complement sum 0xFFFF, i.e. a computed checksum of 0.
        int otherWords = ~udp.checksum() & 0xFFFF; // sum of every covered word but the checksum field
        int port = udp.destinationPort();
        int newPort = Math.floorMod(port - otherWords, 0xFFFF);
        NatRewriter.rewriteDestinationPort(buffer, 0, newPort);
        assertEquals(0xFFFF, udp.checksum());
        assertTrue(udp.verifyChecksum(ip.sourceAddress(), ip.destinationAddress()));
        assertEquals(0xFFFF, udp.computeChecksum(ip.sourceAddress(), ip.destinationAddress()));
    }

    @Test
    void shouldOnlyFixTheIpv4ChecksumOfANonFirstFragment() {
        byte[] datagram = randomDatagram(new Random(791), IpProtocol.UDP);
        ByteBuffer buffer = ByteBuffer.wrap(datagram);
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer, 0).fragmentOffset(185).fillChecksum();
        byte[] payloadBefore = Arrays.copyOfRange(datagram, ip.headerLength(), datagram.length);
        NatRewriter.dnat(buffer, 0, POD, 9000);
        assertTrue(ip.verifyChecksum());
        assertEquals(POD, ip.destinationAddress());
        assertArrayEquals(payloadBefore, Arrays.copyOfRange(datagram, ip.headerLength(), datagram.length),
                "a non-first fragment has no transport header to touch");
    }

    @Test
    void shouldLeaveIcmpChecksumAloneOnAddressChange() {
        byte[] frame = Captures.frame("vxlan_port_8472.pcap", 0);
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        NatRewriter.rewriteDestinationAddress(buffer, 64, POD);
        NatRewriter.rewriteDestinationPort(buffer, 64, 80);
        Ipv4Packet inner = new Ipv4Packet().wrap(buffer, 64);
        assertTrue(inner.verifyChecksum());
        assertTrue(new IcmpPacket().wrap(buffer, 84).verifyChecksum(64), "ICMP has no pseudo-header");
        assertEquals(0x0800, Bytes.u16(buffer, 84), "no port field was written into the ICMP header");
    }
}
