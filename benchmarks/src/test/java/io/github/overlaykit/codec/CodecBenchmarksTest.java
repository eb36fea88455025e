package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Runs every codec benchmark body once and checks that the compared sides do the same work and get the
 * same answers: the decoders produce identical fields (also on a frame whose fields were changed, so
 * neither side can be answering from constants), the encapsulators identical bytes, the checksum loops
 * the same sum, the two DNATs the same packet.
 */
class CodecBenchmarksTest {
    private static final int OUTER_IPV4 = EthernetFrame.HEADER_LENGTH;
    private static final int VXLAN = OUTER_IPV4 + 20 + 8;
    private static final int INNER_IPV4 = VxlanEncapsulator.HEADROOM + EthernetFrame.HEADER_LENGTH;
    private static final int INNER_TCP = INNER_IPV4 + 20;

    @Test
    void innerFramePrintsAsTheArticlesSyn() throws IOException {
        Path article = Path.of(System.getProperty("overlaykit.shared", "../../shared"),
                "seed/k8s-service-flannel-article.zh.md");
        String line = Files.readAllLines(article, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("10.244.0.0.8741 > 10.244.1.8.9000: Flags [S]")).findFirst().orElseThrow();
        String expected = line.substring(line.indexOf(' ') + 1); // after tcpdump's time of day
        byte[] inner = FlannelFrames.innerSyn(0);
        String printed = new TcpdumpPrinter(true, 0)
                .appendFrame(LinkType.ETHERNET, ByteBuffer.wrap(inner), 0, inner.length, inner.length,
                        new StringBuilder()).toString();
        assertEquals(expected, printed);
    }

    @Test
    void overlaykitAndPcap4jDecodeTheSameFields() {
        VxlanDecodeBenchmark benchmark = new VxlanDecodeBenchmark();
        DecodedSyn expected = new DecodedSyn().set(1, Ipv4Address.parse("10.244.0.0").bits(),
                Ipv4Address.parse("10.244.1.8").bits(), 8741, 9000, TcpPacket.SYN, 1460, 7, 2079738924L);
        assertEquals(expected, copy(benchmark.overlaykit()));
        assertEquals(expected, copy(benchmark.overlaykitDirect()));
        assertEquals(expected, copy(benchmark.overlaykitOptionCursor()));
        assertEquals(expected, copy(benchmark.pcap4j()));
        assertEquals(expected, copy(benchmark.handWritten()));
    }

    @Test
    void bothDecodersReadTheFieldsFromTheFrame() {
        byte[] frame = FlannelFrames.vxlanSyn();
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.putInt(VXLAN + 4, 0xABCDEF << 8);
        b.putInt(INNER_IPV4 + 12, Ipv4Address.parse("10.244.2.3").bits());
        b.putInt(INNER_IPV4 + 16, Ipv4Address.parse("10.244.4.5").bits());
        b.putShort(INNER_TCP, (short) 40000);
        b.putShort(INNER_TCP + 2, (short) 443);
        b.put(INNER_TCP + 13, (byte) (TcpPacket.SYN | TcpPacket.ACK | TcpPacket.ECE | TcpPacket.CWR));
        b.putShort(INNER_TCP + 22, (short) 1410);
        b.putInt(INNER_TCP + 28, 0xF000_0001);
        b.put(INNER_TCP + 39, (byte) 14);
        DecodedSyn expected = new DecodedSyn().set(0xABCDEF, Ipv4Address.parse("10.244.2.3").bits(),
                Ipv4Address.parse("10.244.4.5").bits(), 40000, 443, 0xD2, 1410, 14, 0xF000_0001L);

        DecodedSyn ours = VxlanDecodeBenchmark.decode(new PacketParser(), b, frame.length, new DecodedSyn());
        DecodedSyn theirs = VxlanDecodeBenchmark.decodeWithPcap4j(frame, frame.length, new DecodedSyn());
        assertEquals(expected, ours);
        assertEquals(expected, VxlanDecodeBenchmark.decodeWithCursor(new PacketParser(), b, frame.length,
                new DecodedSyn()));
        assertEquals(expected, theirs);
        assertEquals(expected, HandWrittenDecode.decode(frame, frame.length, new DecodedSyn()));
    }

    @Test
    void bothDecodersRefuseWhatIsNotVxlanTcp() {
        byte[] noIFlag = FlannelFrames.vxlanSyn();
        noIFlag[VXLAN] = 0;
        byte[] otherPort = FlannelFrames.vxlanSyn();
        ByteBuffer.wrap(otherPort).putShort(OUTER_IPV4 + 20 + 2, (short) UdpPorts.VXLAN);
        for (byte[] frame : new byte[][] {noIFlag, otherPort}) {
            assertFalse(VxlanDecodeBenchmark.decode(new PacketParser(), ByteBuffer.wrap(frame), frame.length,
                    new DecodedSyn()).decoded());
            assertFalse(VxlanDecodeBenchmark.decodeWithCursor(new PacketParser(), ByteBuffer.wrap(frame), frame.length,
                    new DecodedSyn()).decoded());
            assertFalse(VxlanDecodeBenchmark.decodeWithPcap4j(frame, frame.length, new DecodedSyn()).decoded());
            assertFalse(HandWrittenDecode.decode(frame, frame.length, new DecodedSyn()).decoded());
        }
    }

    @Test
    void rejectPathsRejectWhereExpected() {
        VxlanDecodeBenchmark benchmark = new VxlanDecodeBenchmark();
        assertEquals(PacketParser.LENGTH_EXCEEDS_DATA << 16 | OUTER_IPV4, benchmark.overlaykitRejectTruncated());
        assertEquals(PacketParser.BAD_HEADER_LENGTH << 16 | INNER_TCP, benchmark.overlaykitRejectBadTcpHeader());
        assertFalse(benchmark.pcap4jRejectBadTcpHeader().decoded());
    }

    @Test
    void encapsulatorsWriteTheSameBytes() {
        VxlanEncapsulateBenchmark benchmark = new VxlanEncapsulateBenchmark();
        int length = VxlanEncapsulator.HEADROOM + FlannelFrames.INNER_SYN_LENGTH;
        assertEquals(0, benchmark.overlaykit());
        assertEquals(0, benchmark.naive());
        byte[] ours = Arrays.copyOf(benchmark.heap().array(), length);
        assertArrayEquals(ours, Arrays.copyOf(benchmark.naiveHeap().array(), length));
        assertArrayEquals(ours, benchmark.pcap4j());

        PacketParser parser = new PacketParser();
        assertEquals(PacketParser.OK, parser.parse(benchmark.heap(), 0, length));
        assertTrue(parser.ipv4().verifyChecksum());
        assertEquals(FlannelFrames.NODE_SOURCE, parser.ipv4().sourceAddress());
        assertEquals(FlannelFrames.NODE_DESTINATION, parser.ipv4().destinationAddress());
        assertEquals(8472, parser.udp().destinationPort());
        assertEquals(1, parser.vxlan().vni());
        assertArrayEquals(FlannelFrames.innerSyn(0),
                Arrays.copyOfRange(ours, VxlanEncapsulator.HEADROOM, length));

        VxlanEncapsulateBenchmark directFirst = new VxlanEncapsulateBenchmark();
        assertEquals(0, directFirst.overlaykitDirect());
        byte[] direct = new byte[length];
        directFirst.direct().get(0, direct);
        assertArrayEquals(ours, direct);

        // Each operation takes the next identification, as a real sender does.
        assertEquals(0, benchmark.overlaykit());
        assertEquals(1, parser.parse(benchmark.heap(), 0, length) == PacketParser.OK
                ? parser.ipv4().identification() : -1);
        assertTrue(parser.ipv4().verifyChecksum());
    }

    @Test
    void newFlowMethodAlternatesTwoConnectionsEachWithItsOwnSourcePort() {
        VxlanEncapsulateBenchmark benchmark = new VxlanEncapsulateBenchmark();
        PacketParser parser = new PacketParser();
        int length = VxlanEncapsulator.HEADROOM + FlannelFrames.INNER_SYN_LENGTH;
        int[] sourcePorts = new int[4];
        for (int packet = 0; packet < sourcePorts.length; packet++) {
            assertEquals(0, benchmark.overlaykitNewFlow());
            assertEquals(PacketParser.OK, parser.parse(benchmark.connectionBuffer(packet & 1), 0, length));
            assertTrue(parser.ipv4().verifyChecksum());
            assertEquals(packet, parser.ipv4().identification(), "one encapsulator for both connections");
            assertEquals(8741 + (packet & 1), parser.innerTcp().sourcePort());
            sourcePorts[packet] = parser.udp().sourcePort();
            assertEquals(new VxlanEncapsulator().sourcePort(benchmark.connectionBuffer(packet & 1), VxlanEncapsulator.HEADROOM,
                    FlannelFrames.INNER_SYN_LENGTH), sourcePorts[packet], "the flow's port, not the last flow's");
        }
        assertEquals(sourcePorts[0], sourcePorts[2]);
        assertEquals(sourcePorts[1], sourcePorts[3]);
        assertNotEquals(sourcePorts[0], sourcePorts[1]);
    }

    @Test
    void checksumLoopsAgree() {
        ChecksumBenchmark benchmark = new ChecksumBenchmark();
        int naive = InternetChecksum.fold(benchmark.naiveHeap());
        assertEquals(naive, InternetChecksum.fold(benchmark.naiveDirect()));
        assertEquals(naive, InternetChecksum.fold(benchmark.overlaykitHeap()));
        assertEquals(naive, InternetChecksum.fold(benchmark.overlaykitDirect()));
    }

    @Test
    void incrementalAndRecomputedDnatLeaveTheSamePacket() {
        for (int payload : new int[] {0, 1400}) {
            NatRewriteBenchmark benchmark = new NatRewriteBenchmark();
            benchmark.payloadLength = payload;
            benchmark.setUp();
            byte[] original = FlannelFrames.innerSyn(payload);
            for (int turn = 0; turn < 2; turn++) {
                int incremental = benchmark.incremental();
                int recomputed = benchmark.fullRecompute();
                assertEquals(recomputed, incremental);
                assertArrayEquals(benchmark.recomputedPacket().array(), benchmark.incrementalPacket().array());
                Ipv4Packet ip = new Ipv4Packet().wrap(benchmark.incrementalPacket(), FlannelFrames.INNER_IPV4_OFFSET);
                assertTrue(ip.verifyChecksum());
                assertTrue(new TcpPacket().wrap(benchmark.incrementalPacket(), ip.payloadOffset())
                        .verifyChecksum(ip.sourceAddress(), ip.destinationAddress(), ip.payloadLength()));
                if (turn == 0) {
                    assertEquals(FlannelFrames.SERVICE_ADDRESS, ip.destinationAddress());
                    assertNotEquals(0, Arrays.compare(original, benchmark.incrementalPacket().array()));
                }
            }
            assertArrayEquals(original, benchmark.incrementalPacket().array()); // Service, then back to the pod
        }
    }

    private static DecodedSyn copy(DecodedSyn d) {
        return new DecodedSyn().set(d.vni(), d.innerSource(), d.innerDestination(), d.sourcePort(),
                d.destinationPort(), d.tcpFlags(), d.maximumSegmentSize(), d.windowScale(), d.timestampValue());
    }
}
