package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PacketParserTest {
    /** tcpdump tests/vxlan_port_8472.pcap frame 1: VXLAN (VNI 100) carrying an ICMP echo request. */
    private static final byte[] VXLAN_ICMP = Captures.frame("vxlan_port_8472.pcap", 0);
    /** Frame 2: VXLAN carrying an ARP request. */
    private static final byte[] VXLAN_ARP = Captures.frame("vxlan_port_8472.pcap", 1);
    /** tcpdump tests/gso-ipv4-vxlan-ipv4.pcap: VXLAN on 4789 carrying TCP with timestamps. */
    private static final byte[] VXLAN_TCP = Captures.frame("gso-ipv4-vxlan-ipv4.pcap", 0);

    private final PacketParser parser = new PacketParser();

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldDecodeBothLevelsOfAVxlanFrameAtOnce(BufferKind kind) {
        ByteBuffer buffer = kind.of(VXLAN_ICMP);
        int base = kind.base();
        assertEquals(PacketParser.OK, parser.parse(buffer, base, VXLAN_ICMP.length));
        assertEquals(PacketParser.OK, parser.status());
        assertEquals(PacketParser.ETHERNET | PacketParser.IPV4 | PacketParser.UDP | PacketParser.VXLAN
                | PacketParser.INNER_ETHERNET | PacketParser.INNER_IPV4 | PacketParser.INNER_ICMP, parser.layers());
        assertTrue(parser.hasVxlan());
        assertTrue(parser.has(PacketParser.VXLAN | PacketParser.INNER_ICMP));
        assertFalse(parser.has(PacketParser.INNER_TCP));
        assertSame(buffer, parser.buffer());
        // outer
        assertEquals(MacAddress.parseLong("36:dc:85:1e:b3:40"), parser.ethernet().source());
        assertEquals(base, parser.ethernet().offset());
        assertEquals("192.168.203.1", Ipv4Address.toString(parser.ipv4().sourceAddress()));
        assertEquals(114, parser.ipv4PayloadLength());
        assertEquals(45149, parser.udp().sourcePort());
        assertEquals(8472, parser.udp().destinationPort());
        assertEquals(100, parser.vxlan().vni());
        assertEquals(base + 50, parser.innerFrameOffset());
        assertEquals(98, parser.innerFrameLength());
        // inner, while the outer flyweights still point at the outer headers
        assertEquals(MacAddress.parseLong("00:16:3e:37:f6:04"), parser.innerEthernet().source());
        assertEquals("192.168.203.3", Ipv4Address.toString(parser.innerIpv4().sourceAddress()));
        assertEquals("192.168.203.5", Ipv4Address.toString(parser.innerIpv4().destinationAddress()));
        assertEquals(64, parser.innerIpv4PayloadLength());
        assertEquals(IcmpPacket.ECHO_REQUEST, parser.innerIcmp().type());
        assertEquals(1292, parser.innerIcmp().identifier());
        assertTrue(parser.innerIcmp().verifyChecksum(parser.innerIpv4PayloadLength()));
        assertEquals(base + 14, parser.ipv4().offset());
        assertEquals(base + 64, parser.innerIpv4().offset());
        assertFalse(parser.truncated());
        assertEquals(0, parser.rejectLayer());
    }

    @Test
    void shouldRunTheReadmeQuickStart() {
        ByteBuffer buffer = ByteBuffer.wrap(VXLAN_ICMP);
        PacketParser quickStart = new PacketParser();
        String printed = null;
        if (quickStart.parse(buffer, 0, buffer.remaining()) == PacketParser.OK && quickStart.hasVxlan()) {
            int vni = quickStart.vxlan().vni();
            int innerSource = quickStart.innerIpv4().sourceAddress();
            printed = vni + " " + Ipv4Address.toString(innerSource);
        }
        assertEquals("100 192.168.203.3", printed);
    }

    @Test
    void shouldDecodeInnerArpAndInnerTcpWithOptions() {
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(VXLAN_ARP), 0, VXLAN_ARP.length));
        assertTrue(parser.has(PacketParser.VXLAN | PacketParser.INNER_ARP));
        assertEquals(ArpPacket.REQUEST, parser.innerArp().operation());
        assertEquals("192.168.203.3", Ipv4Address.toString(parser.innerArp().targetProtocolAddress()));

        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(VXLAN_TCP), 0, VXLAN_TCP.length));
        assertTrue(parser.has(PacketParser.UDP | PacketParser.VXLAN | PacketParser.INNER_IPV4 | PacketParser.INNER_TCP));
        assertEquals(4789, parser.udp().destinationPort());
        assertEquals(5001, parser.vxlan().vni());
        assertEquals(37099, parser.innerTcp().sourcePort());
        assertEquals(7022, parser.innerIpv4PayloadLength());
        assertEquals(0x6674, parser.innerTcp().computeChecksum(parser.innerIpv4().sourceAddress(),
                parser.innerIpv4().destinationAddress(), parser.innerIpv4PayloadLength()));
        TcpOptionCursor options = parser.innerTcpOptions();
        int timestamps = 0;
        while (options.next()) {
            if (options.kind() == TcpOptionCursor.TIMESTAMPS) {
                assertEquals(3716023471L, options.timestampValue());
                timestamps++;
            }
        }
        assertEquals(1, timestamps);
    }

    @Test
    void shouldRewindTheOptionCursorOnEveryCallAndGiveNoOptionsWithoutTcp() {
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(VXLAN_TCP), 0, VXLAN_TCP.length));
        int firstWalk = countOptions(parser.innerTcpOptions());
        assertTrue(firstWalk > 0);
        assertEquals(firstWalk, countOptions(parser.innerTcpOptions()), "a second call walks from the start again");

        // a kept cursor from the TCP frame: the accessor repositions it for the frame parsed now
        TcpOptionCursor kept = parser.innerTcpOptions();
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(VXLAN_ICMP), 0, VXLAN_ICMP.length));
        assertSame(kept, parser.innerTcpOptions());
        assertFalse(kept.next(), "no inner TCP: no options, not the last frame's");
        assertFalse(parser.tcpOptions().next(), "no outer TCP: no options");
        assertEquals(-1, kept.malformedOffset());
    }

    private static int countOptions(TcpOptionCursor options) {
        int count = 0;
        while (options.next()) {
            count++;
        }
        return count;
    }

    @Test
    void shouldDecodeQinqArpAndStopAtUnknownTypes() {
        byte[] qinq = Captures.frame("802.1ad_QinQ.pcap", 0);
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(qinq), 0, qinq.length));
        assertEquals(PacketParser.ETHERNET | PacketParser.ARP, parser.layers());
        assertEquals(2001, parser.ethernet().tagVlanId(1));
        assertEquals("172.21.79.97", Ipv4Address.toString(parser.arp().senderProtocolAddress()));

        byte[] ipv6 = VXLAN_ICMP.clone();
        ipv6[12] = (byte) 0x86;
        ipv6[13] = (byte) 0xDD;
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(ipv6), 0, ipv6.length));
        assertEquals(PacketParser.ETHERNET, parser.layers(), "unknown EtherType: decoding stops, no reject");

        byte[] gre = VXLAN_ICMP.clone();
        gre[23] = (byte) IpProtocol.GRE;
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(gre), 0, gre.length));
        assertEquals(PacketParser.ETHERNET | PacketParser.IPV4, parser.layers());
    }

    @Test
    void shouldFollowTheConfiguredVxlanPorts() {
        byte[] port4789 = Captures.frame("vxlan.pcap", 0);
        parser.removeVxlanPort(UdpPorts.VXLAN_LINUX);
        assertFalse(parser.isVxlanPort(8472));
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(VXLAN_ICMP), 0, VXLAN_ICMP.length));
        assertEquals(PacketParser.ETHERNET | PacketParser.IPV4 | PacketParser.UDP, parser.layers());
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(port4789), 0, port4789.length));
        assertTrue(parser.hasVxlan());
        parser.removeVxlanPort(UdpPorts.VXLAN).addVxlanPort(45149);
        assertTrue(parser.isVxlanPort(45149));
        assertFalse(parser.isVxlanPort(4789));
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(port4789), 0, port4789.length));
        assertFalse(parser.hasVxlan(), "45149 is the source port of that frame");
    }

    @Test
    void shouldBoundPayloadsByLengthFieldsNotByPadding() {
        byte[] padded = Arrays.copyOf(VXLAN_ARP, VXLAN_ARP.length + 30);
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(padded), 0, padded.length));
        assertEquals(VXLAN_ARP.length - 50, parser.innerFrameLength());
        assertEquals(VXLAN_ARP.length - 34, parser.ipv4PayloadLength());
    }

    @Test
    void shouldReportTheTcpdumpMalformedCapturesWithLayerOffsetAndLengths() {
        assertReject("ipv4_invalid_length.pcap", PacketParser.TRUNCATED, PacketParser.IPV4, 14, 20, 19);
        assertReject("ipv4_invalid_hdr_length.pcap", PacketParser.BAD_HEADER_LENGTH, PacketParser.IPV4, 14, 20, 16);
        assertReject("ipv4_invalid_total_length.pcap", PacketParser.LENGTH_EXCEEDS_DATA, PacketParser.IPV4, 14, 85, 84);
    }

    private void assertReject(String capture, int status, int layer, int offset, int needed, int actual) {
        byte[] frame = Captures.frame(capture, 0);
        assertEquals(status, parser.parse(ByteBuffer.wrap(frame), 0, frame.length), capture);
        assertEquals(layer, parser.rejectLayer(), capture);
        assertEquals(offset, parser.rejectOffset(), capture);
        assertEquals(needed, parser.rejectNeeded(), capture);
        assertEquals(actual, parser.rejectActual(), capture);
        assertEquals(PacketParser.ETHERNET, parser.layers(), "the layers before the reject stay decoded");
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> parser.parseOrThrow(ByteBuffer.wrap(frame), 0, frame.length));
        assertEquals(PacketParser.layerName(layer), e.layer());
        assertEquals(offset, e.offset());
        assertEquals(needed, e.needed());
        assertEquals(actual, e.actual());
        assertTrue(e.getMessage().contains(PacketParser.statusName(status)), e.getMessage());
    }

    @Test
    void shouldRejectEveryTruncationOfAVxlanFrameAndAcceptItInCaptureMode() {
        for (int cut = 0; cut < VXLAN_ICMP.length; cut++) {
            ByteBuffer buffer = ByteBuffer.wrap(Arrays.copyOf(VXLAN_ICMP, cut));
            int status = parser.truncatedAllowed(false).parse(buffer, 0, cut);
            assertNotEquals(PacketParser.OK, status, "cut at " + cut);
            int lenient = parser.truncatedAllowed(true).parse(buffer, 0, cut);
            if (cut >= 34 + 8 + 8 + 14 + 20 + 8) {
                assertEquals(PacketParser.OK, lenient, "cut at " + cut);
                assertTrue(parser.truncated());
                assertTrue(parser.has(PacketParser.INNER_ICMP));
            } else {
                assertNotEquals(PacketParser.OK, lenient, "cut at " + cut + " loses a header");
            }
        }
    }

    @Test
    void shouldDecodeFragmentsWithoutReadingMissingTransportHeaders() {
        byte[] first = VXLAN_ICMP.clone();
        ByteBuffer buffer = ByteBuffer.wrap(first);
        new Ipv4Packet().wrap(buffer, 14).moreFragments(true).totalLength(20 + 16).fillChecksum();
        assertEquals(PacketParser.OK, parser.parse(buffer, 0, 14 + 36));
        assertEquals(PacketParser.ETHERNET | PacketParser.IPV4 | PacketParser.UDP, parser.layers(),
                "first fragment: UDP header, never VXLAN");

        byte[] later = VXLAN_ICMP.clone();
        ByteBuffer laterBuffer = ByteBuffer.wrap(later);
        new Ipv4Packet().wrap(laterBuffer, 14).fragmentOffset(4).totalLength(20 + 5).fillChecksum();
        assertEquals(PacketParser.OK, parser.parse(laterBuffer, 0, 14 + 25));
        assertEquals(PacketParser.ETHERNET | PacketParser.IPV4, parser.layers(), "no transport header in later fragments");
    }

    @Test
    void shouldRejectBrokenHeadersWithoutThrowing() {
        assertStatus(patch(VXLAN_ICMP, 14, 0x65), PacketParser.BAD_VERSION, PacketParser.IPV4);
        assertStatus(patch(VXLAN_ICMP, 14, 0x44), PacketParser.BAD_HEADER_LENGTH, PacketParser.IPV4);
        assertStatus(patch(VXLAN_ICMP, 67, 19), PacketParser.BAD_LENGTH_FIELD, PacketParser.INNER_IPV4);
        assertStatus(patch(patch(VXLAN_ICMP, 64, 0x4F), 67, 64), PacketParser.TRUNCATED, PacketParser.INNER_ICMP);
        assertStatus(patch(VXLAN_ICMP, 17, 10), PacketParser.BAD_LENGTH_FIELD, PacketParser.IPV4);
        assertStatus(patch(VXLAN_ICMP, 39, 7), PacketParser.BAD_LENGTH_FIELD, PacketParser.UDP);
        assertStatus(patch(VXLAN_ICMP, 39, 120), PacketParser.LENGTH_EXCEEDS_DATA, PacketParser.UDP);
        assertStatus(patch(VXLAN_ICMP, 42, 0x00), PacketParser.VXLAN_NO_VNI, PacketParser.VXLAN);
        byte[] tcp = VXLAN_TCP.clone();
        tcp[84 + 12] = 0x40;
        assertStatus(tcp, PacketParser.BAD_HEADER_LENGTH, PacketParser.INNER_TCP);
        byte[] tags = new byte[14 + 4 * (EthernetFrame.MAX_TAGS + 1)];
        for (int i = 0; i <= EthernetFrame.MAX_TAGS; i++) {
            tags[12 + 4 * i] = (byte) 0x81;
        }
        assertStatus(tags, PacketParser.TOO_MANY_VLAN_TAGS, PacketParser.ETHERNET);
        assertEquals(PacketParser.BAD_RANGE, parser.parse(ByteBuffer.wrap(VXLAN_ICMP), 100, 100));
        assertEquals(PacketParser.BAD_RANGE, parser.parse(ByteBuffer.wrap(VXLAN_ICMP), -1, 10));
        assertEquals(PacketParser.BAD_RANGE, parser.parse(ByteBuffer.wrap(VXLAN_ICMP), 10, Integer.MAX_VALUE));
        assertEquals(PacketParser.BAD_RANGE, parser.parse(null, 0, 0));
    }

    @Test
    void shouldApplyChecksumAndStrictnessOptions() {
        byte[] badChecksum = patch(VXLAN_ICMP, 64 + 11, 0x00);
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(badChecksum), 0, badChecksum.length));
        assertTrue(parser.verifyIpv4Checksum(true).verifyIpv4Checksum());
        assertStatus(badChecksum, PacketParser.BAD_CHECKSUM, PacketParser.INNER_IPV4);
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(VXLAN_ICMP), 0, VXLAN_ICMP.length));

        byte[] reserved = patch(VXLAN_ICMP, 42, 0x0C);
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(reserved), 0, reserved.length), "RFC 7348 ignores");
        assertEquals(VxlanStrictness.LINUX, parser.vxlanStrictness(VxlanStrictness.LINUX).vxlanStrictness());
        assertStatus(reserved, PacketParser.VXLAN_RESERVED_BITS, PacketParser.VXLAN);
    }

    private void assertStatus(byte[] frame, int status, int layer) {
        assertEquals(PacketParser.statusName(status),
                PacketParser.statusName(parser.parse(ByteBuffer.wrap(frame), 0, frame.length)));
        assertEquals(PacketParser.layerName(layer), PacketParser.layerName(parser.rejectLayer()));
    }

    private static byte[] patch(byte[] frame, int index, int value) {
        byte[] copy = frame.clone();
        copy[index] = (byte) value;
        return copy;
    }

    @Test
    void shouldNeverThrowOnAnyShippedCaptureOrAnyTruncationOfIt() throws IOException {
        List<Path> captures;
        try (Stream<Path> files = Files.list(SharedData.path("data/pcap/tcpdump"))) {
            captures = files.filter(p -> p.toString().endsWith(".pcap")).sorted().collect(Collectors.toList());
        }
        assertTrue(captures.size() >= 10, "the shipped captures are there: " + captures);
        int frames = 0;
        for (Path capture : captures) {
            for (Captures.Frame frame : Captures.tcpdump(capture.getFileName().toString())) {
                byte[] bytes = frame.bytes();
                for (boolean lenient : new boolean[] {false, true}) {
                    parser.truncatedAllowed(lenient);
                    for (int cut = bytes.length; cut >= 0; cut -= cut > 200 ? 97 : 1) {
                        // exact-size buffer: any read past the frame would throw IndexOutOfBoundsException
                        ByteBuffer buffer = ByteBuffer.wrap(Arrays.copyOf(bytes, cut));
                        int status = parser.parse(buffer, 0, cut);
                        FuzzPacketParserTest.readEveryDecodedField(parser, cut);
                        assertEquals(status == PacketParser.OK, parser.rejectLayer() == 0);
                    }
                }
                frames++;
            }
        }
        assertTrue(frames >= 29, "frames parsed: " + frames);
    }

    @Test
    void shouldNameStatusesAndLayers() {
        assertEquals("ok", PacketParser.statusName(PacketParser.OK));
        assertEquals("inner TCP", PacketParser.layerName(PacketParser.INNER_TCP));
        assertEquals("VXLAN", PacketParser.layerName(PacketParser.VXLAN));
        for (int status = 1; status <= PacketParser.FRAGMENTED; status++) {
            assertFalse(PacketParser.statusName(status).startsWith("status "), "named: " + status);
        }
    }
}
