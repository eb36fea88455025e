package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser's straight-line path for the common VXLAN shape must leave exactly the state the general
 * layer-by-layer path leaves: both run on the same frames, intact and with random bytes and lengths
 * changed, and every result accessor is compared.
 */
class PacketParserCommonPathTest {
    private static final int INNER_SOURCE = 0x0AF4_0000;
    private static final int INNER_DESTINATION = 0x0AF4_0108;


    private static byte[][] frames() {
        byte[] tcp = TestFrames.tcp(INNER_SOURCE, INNER_DESTINATION, 8741, 9000, 1, 0, TcpPacket.SYN, 64240,
                TestFrames.synOptions(2079738924, 0), new byte[0]);
        byte[] udp = TestFrames.udp(INNER_SOURCE, INNER_DESTINATION, 53, 5353, TestFrames.payload(30), true);
        byte[] icmp = TestFrames.icmpEcho(true, 7, 1, TestFrames.payload(16));
        return new byte[][] {
            TestFrames.vxlanFrame(EtherType.IPV4,
                    TestFrames.ipv4(INNER_SOURCE, INNER_DESTINATION, IpProtocol.TCP, tcp)),
                    TestFrames.vxlanFrame(EtherType.IPV4,
                    TestFrames.ipv4(INNER_SOURCE, INNER_DESTINATION, IpProtocol.UDP, udp)),
                    TestFrames.vxlanFrame(EtherType.IPV4,
                    TestFrames.ipv4(INNER_SOURCE, INNER_DESTINATION, IpProtocol.ICMP, icmp)),
                    TestFrames.vxlanFrame(EtherType.IPV4,
                    TestFrames.ipv4(INNER_SOURCE, INNER_DESTINATION, 47, TestFrames.payload(24))),
                };
    }

    @Test
    void intactFramesTakeTheCommonPathAndDecodeAsTheGeneralPathDoes() {
        for (byte[] frame : frames()) {
            PacketParser common = new PacketParser();
            assertEquals(PacketParser.OK, common.parse(ByteBuffer.wrap(frame), 0, frame.length));
            assertTrue(common.has(PacketParser.VXLAN | PacketParser.INNER_IPV4));
            assertSameResult(frame, 0, frame.length, false);
        }
    }

    @Test
    void changedBytesAndLengthsDecodeAsTheGeneralPathDoes() {
        Random random = new Random(2026_11_27L);
        byte[][] frames = frames();
        for (int round = 0; round < 40_000; round++) {
            byte[] frame = frames[random.nextInt(frames.length)].clone();
            int changes = 1 + random.nextInt(3);
            for (int i = 0; i < changes; i++) {
                int at = random.nextInt(Math.min(frame.length, 120));
                frame[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : frame[at] ^ (1 << random.nextInt(8)));
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(frame.length + 1) : frame.length;
            assertSameResult(frame, 0, length, random.nextBoolean());
        }
    }

    private static void assertSameResult(byte[] frame, int offset, int length, boolean truncatedAllowed) {
        PacketParser common = new PacketParser().truncatedAllowed(truncatedAllowed);
        PacketParser general = new PacketParser().truncatedAllowed(truncatedAllowed);
        general.commonPathEnabled(false);
        // A reject before the frame under test proves the reject fields are cleared on the next parse.
        byte[] junk = new byte[3];
        common.parse(ByteBuffer.wrap(junk), 0, junk.length);
        general.parse(ByteBuffer.wrap(junk), 0, junk.length);
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        int status = common.parse(buffer, offset, length);
        assertEquals(general.parse(buffer, offset, length), status);
        String where = "status " + status + " frame " + java.util.HexFormat.of().formatHex(frame, 0, length);
        assertEquals(general.layers(), common.layers(), where);
        assertEquals(general.truncated(), common.truncated(), where);
        assertEquals(general.rejectLayer(), common.rejectLayer(), where);
        assertEquals(general.rejectOffset(), common.rejectOffset(), where);
        assertEquals(general.rejectNeeded(), common.rejectNeeded(), where);
        assertEquals(general.rejectActual(), common.rejectActual(), where);
        assertEquals(general.ipv4PayloadLength(), common.ipv4PayloadLength(), where);
        assertEquals(general.innerIpv4PayloadLength(), common.innerIpv4PayloadLength(), where);
        assertEquals(general.innerFrameOffset(), common.innerFrameOffset(), where);
        assertEquals(general.innerFrameLength(), common.innerFrameLength(), where);
        int layers = common.layers();
        if ((layers & PacketParser.ETHERNET) != 0) {
            assertEquals(general.ethernet().offset(), common.ethernet().offset(), where);
        }
        if ((layers & PacketParser.IPV4) != 0) {
            assertEquals(general.ipv4().offset(), common.ipv4().offset(), where);
        }
        if ((layers & PacketParser.UDP) != 0) {
            assertEquals(general.udp().offset(), common.udp().offset(), where);
        }
        if ((layers & PacketParser.VXLAN) != 0) {
            assertEquals(general.vxlan().offset(), common.vxlan().offset(), where);
        }
        if ((layers & PacketParser.INNER_ETHERNET) != 0) {
            assertEquals(general.innerEthernet().offset(), common.innerEthernet().offset(), where);
        }
        if ((layers & PacketParser.INNER_IPV4) != 0) {
            assertEquals(general.innerIpv4().offset(), common.innerIpv4().offset(), where);
        }
        if ((layers & PacketParser.INNER_TCP) != 0) {
            assertEquals(general.innerTcp().offset(), common.innerTcp().offset(), where);
            assertEquals(options(general.innerTcpOptions()), options(common.innerTcpOptions()), where);
        }
        if ((layers & PacketParser.INNER_UDP) != 0) {
            assertEquals(general.innerUdp().offset(), common.innerUdp().offset(), where);
        }
        if ((layers & PacketParser.INNER_ICMP) != 0) {
            assertEquals(general.innerIcmp().offset(), common.innerIcmp().offset(), where);
        }
    }

    /** The option walk as text: offset, kind and length of each option, then the malformed offset. */
    private static String options(TcpOptionCursor cursor) {
        StringBuilder walk = new StringBuilder();
        while (cursor.next()) {
            walk.append(cursor.offset()).append(':').append(cursor.kind()).append('/').append(cursor.length())
                    .append(cursor.lengthValid() ? ' ' : '!');
        }
        return walk.append(cursor.malformedOffset()).toString();
    }
}
