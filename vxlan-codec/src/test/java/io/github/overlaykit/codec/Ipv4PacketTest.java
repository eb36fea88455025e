package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Ipv4PacketTest {
    /** Outer IPv4 header of tcpdump tests/vxlan_port_8472.pcap frame 1 (at offset 14). */
    private static final byte[] FRAME = Captures.frame("vxlan_port_8472.pcap", 0);
    private static final byte[] HEADER = Arrays.copyOfRange(FRAME, 14, 34);

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldReadEveryFieldOfGoldenPacket(BufferKind kind) {
        byte[] datagram = Arrays.copyOfRange(FRAME, 14, FRAME.length);
        Ipv4Packet ip = new Ipv4Packet().wrap(kind.of(datagram), kind.base()).checkLength(datagram.length);
        assertEquals(4, ip.version());
        assertEquals(5, ip.ihl());
        assertEquals(20, ip.headerLength());
        assertEquals(0, ip.typeOfService());
        assertEquals(0, ip.dscp());
        assertEquals(0, ip.ecn());
        assertEquals(134, ip.totalLength());
        assertEquals(53952, ip.identification());
        assertEquals(0x4000, ip.flagsAndFragmentOffset());
        assertEquals(2, ip.flags());
        assertTrue(ip.dontFragment());
        assertFalse(ip.moreFragments());
        assertEquals(0, ip.fragmentOffset());
        assertFalse(ip.isFragment());
        assertEquals(64, ip.ttl());
        assertEquals(IpProtocol.UDP, ip.protocol());
        assertEquals(0x5152, ip.headerChecksum());
        assertEquals(Ipv4Address.parse("192.168.203.1").bits(), ip.sourceAddress());
        assertEquals(Ipv4Address.parse("192.168.202.1").bits(), ip.destinationAddress());
        assertEquals(0, ip.optionsLength());
        assertEquals(kind.base() + 20, ip.optionsOffset());
        assertEquals(kind.base() + 20, ip.payloadOffset());
        assertEquals(114, ip.payloadLength());
        assertTrue(ip.verifyChecksum());
        assertEquals(0x5152, ip.computeChecksum());
        assertEquals("IPv4 src=192.168.203.1 dst=192.168.202.1 proto=UDP ttl=64 len=134 id=53952 DF", ip.toString());
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldWriteGoldenPacketIntoPoisonedBuffer(BufferKind kind) {
        ByteBuffer buffer = kind.allocate(24, (byte) 0xA5);
        new Ipv4Packet().wrap(buffer, kind.base()).version(4).ihl(5).typeOfService(0).totalLength(134)
                .identification(53952).flagsAndFragmentOffset(0).dontFragment(true).ttl(64)
                .protocol(IpProtocol.UDP).sourceAddress(Ipv4Address.parse("192.168.203.1").bits())
                .destinationAddress(Ipv4Address.parse("192.168.202.1").bits()).fillChecksum();
        assertArrayEquals(HEADER, BufferKind.bytes(buffer, kind.base(), 20));
        assertEquals((byte) 0xA5, buffer.get(kind.base() + 20));
    }

    @Test
    void shouldRoundTripEveryField() {
        Ipv4Packet in = new Ipv4Packet().wrap(ByteBuffer.wrap(HEADER), 0);
        ByteBuffer out = ByteBuffer.allocate(20);
        new Ipv4Packet().wrap(out, 0).version(in.version()).ihl(in.ihl()).dscp(in.dscp()).ecn(in.ecn())
                .totalLength(in.totalLength()).identification(in.identification()).dontFragment(in.dontFragment())
                .moreFragments(in.moreFragments()).fragmentOffset(in.fragmentOffset()).ttl(in.ttl())
                .protocol(in.protocol()).headerChecksum(in.headerChecksum()).sourceAddress(in.sourceAddress())
                .destinationAddress(in.destinationAddress());
        assertArrayEquals(HEADER, out.array());
    }

    @Test
    void shouldKeepNeighbouringBitsWhenSettingSubfields() {
        Ipv4Packet ip = new Ipv4Packet().wrap(ByteBuffer.wrap(HEADER.clone()), 0);
        ip.dscp(46).ecn(3).moreFragments(true).fragmentOffset(185);
        assertEquals(0xBB, ip.typeOfService());
        assertTrue(ip.dontFragment());
        assertTrue(ip.moreFragments());
        assertEquals(185, ip.fragmentOffset());
        assertTrue(ip.isFragment());
        ip.dontFragment(false).moreFragments(false);
        assertEquals(185, ip.fragmentOffset());
        assertEquals(0, ip.flags());
        assertFalse(ip.verifyChecksum(), "fields changed, checksum stale");
        ip.fillChecksum();
        assertTrue(ip.verifyChecksum());
        assertEquals(NaiveChecksum.onesComplementSum(ip.buffer().array(), 0, 20, 0), 0xFFFF);
    }

    @Test
    void shouldChecksumHeaderWithOptions() {
        // IHL 6 with a Router Alert option (RFC 2113), as in Zeek's vxlan-encapsulated-igmp-v2.pcap.
        byte[] header = Captures.hex("46c0 0018 0000 4000 0102 0000 0a00 0001 e000 0016 9404 0000");
        Ipv4Packet ip = new Ipv4Packet().wrap(ByteBuffer.wrap(header), 0);
        ip.checkLength(header.length);
        assertEquals(24, ip.headerLength());
        assertEquals(4, ip.optionsLength());
        assertEquals(24, ip.payloadOffset());
        header[10] = 0;
        header[11] = 0;
        int expected = NaiveChecksum.checksum(header, 0, 24);
        assertEquals(expected, ip.computeChecksum());
        ip.fillChecksum();
        assertEquals(expected, ip.headerChecksum());
        assertTrue(ip.verifyChecksum());
    }

    @Test
    void shouldRejectImpossibleLengths() {
        byte[] datagram = Arrays.copyOfRange(FRAME, 14, FRAME.length);
        Ipv4Packet ip = new Ipv4Packet().wrap(ByteBuffer.wrap(datagram), 0);
        assertEquals(20, assertThrows(MalformedPacketException.class, () -> ip.checkLength(19)).needed());
        MalformedPacketException cut = assertThrows(MalformedPacketException.class, () -> ip.checkLength(133));
        assertEquals(134, cut.needed());
        assertEquals(133, cut.actual());

        byte[] ihl4 = datagram.clone();
        ihl4[0] = 0x44;
        assertThrows(MalformedPacketException.class, () -> new Ipv4Packet().wrap(ByteBuffer.wrap(ihl4), 0)
                .checkLength(ihl4.length));
        byte[] version6 = datagram.clone();
        version6[0] = 0x65;
        assertThrows(MalformedPacketException.class, () -> new Ipv4Packet().wrap(ByteBuffer.wrap(version6), 0)
                .checkLength(version6.length));
        byte[] optionsCut = Arrays.copyOf(datagram, 30);
        optionsCut[0] = 0x4F; // 60-byte header in 30 bytes
        assertEquals(60, assertThrows(MalformedPacketException.class,
                () -> new Ipv4Packet().wrap(ByteBuffer.wrap(optionsCut), 0).checkLength(30)).needed());
        byte[] totalBelowHeader = datagram.clone();
        totalBelowHeader[2] = 0;
        totalBelowHeader[3] = 19;
        assertThrows(MalformedPacketException.class,
                () -> new Ipv4Packet().wrap(ByteBuffer.wrap(totalBelowHeader), 0).checkLength(totalBelowHeader.length));
    }

    @Test
    void shouldDetectCorruptedChecksum() {
        byte[] header = HEADER.clone();
        header[8] = 63; // TTL changed without fixing the checksum
        assertFalse(new Ipv4Packet().wrap(ByteBuffer.wrap(header), 0).verifyChecksum());
    }
}
