package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UdpPacketTest {
    /** tcpdump tests/vxlan_port_8472.pcap frame 1: UDP 45149 → 8472, checksum 0, at offset 34. */
    private static final byte[] VXLAN_FRAME = Captures.frame("vxlan_port_8472.pcap", 0);
    /** tcpdump tests/gso-ipv4-vxlan-ipv4.pcap: UDP 60345 → 4789 whose checksum field holds a partial sum. */
    private static final byte[] GSO_FRAME = Captures.frame("gso-ipv4-vxlan-ipv4.pcap", 0);
    private static final int SOURCE = Ipv4Address.parse("192.168.203.1").bits();
    private static final int DESTINATION = Ipv4Address.parse("192.168.202.1").bits();

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldReadEveryFieldOfGoldenPacket(BufferKind kind) {
        byte[] datagram = Arrays.copyOfRange(VXLAN_FRAME, 34, VXLAN_FRAME.length);
        UdpPacket udp = new UdpPacket().wrap(kind.of(datagram), kind.base()).checkLength(datagram.length);
        assertEquals(45149, udp.sourcePort());
        assertEquals(8472, udp.destinationPort());
        assertEquals(114, udp.length());
        assertEquals(0, udp.checksum());
        assertEquals(kind.base() + 8, udp.payloadOffset());
        assertEquals(106, udp.payloadLength());
        assertTrue(udp.verifyChecksum(SOURCE, DESTINATION), "0 means no checksum");
        assertEquals("UDP src=45149 dst=8472 len=106", udp.toString());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldSeeThePartialChecksumThatTxOffloadLeavesInCaptures(BufferKind kind) {
        byte[] datagram = Arrays.copyOfRange(GSO_FRAME, 34, GSO_FRAME.length);
        UdpPacket udp = new UdpPacket().wrap(kind.of(datagram), kind.base()).checkLength(datagram.length);
        int source = Ipv4Address.parse("10.25.132.11").bits();
        int destination = Ipv4Address.parse("10.25.132.13").bits();
        assertEquals(60345, udp.sourcePort());
        assertEquals(4789, udp.destinationPort());
        assertEquals(7072, udp.length());
        // Captured on the sender before the NIC finished it: the field holds only the folded pseudo-header sum.
        assertEquals(0x37FC, udp.checksum());
        assertEquals(InternetChecksum.fold(InternetChecksum.pseudoHeaderSum(source, destination, IpProtocol.UDP, 7072)),
                udp.checksum());
        assertFalse(udp.verifyChecksum(source, destination));
        assertEquals(naiveWithZeroField(datagram, source, destination), udp.computeChecksum(source, destination));
        assertTrue(new UdpPacket().wrap(ByteBuffer.wrap(datagram.clone()), 0).fillChecksum(source, destination)
                .verifyChecksum(source, destination));
    }

    private static int naiveWithZeroField(byte[] datagram, int source, int destination) {
        byte[] copy = datagram.clone();
        copy[6] = 0;
        copy[7] = 0;
        int checksum = NaiveChecksum.transportChecksum(source, destination, IpProtocol.UDP, copy, 0, copy.length);
        return checksum == 0 ? 0xFFFF : checksum;
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldWriteGoldenPacketIntoPoisonedBuffer(BufferKind kind) {
        ByteBuffer buffer = kind.allocate(10, (byte) 0xA5);
        new UdpPacket().wrap(buffer, kind.base()).sourcePort(45149).destinationPort(8472).length(114).checksum(0);
        assertArrayEquals(Arrays.copyOfRange(VXLAN_FRAME, 34, 42), BufferKind.bytes(buffer, kind.base(), 8));
        assertEquals((byte) 0xA5, buffer.get(kind.base() + 8));
    }

    @Test
    void shouldRoundTripEveryField() {
        byte[] header = Arrays.copyOfRange(GSO_FRAME, 34, 42);
        UdpPacket in = new UdpPacket().wrap(ByteBuffer.wrap(header), 0);
        ByteBuffer out = ByteBuffer.allocate(8);
        new UdpPacket().wrap(out, 0).sourcePort(in.sourcePort()).destinationPort(in.destinationPort())
                .length(in.length()).checksum(in.checksum());
        assertArrayEquals(header, out.array());
    }

    @Test
    void shouldRejectImpossibleLengths() {
        byte[] datagram = Arrays.copyOfRange(VXLAN_FRAME, 34, VXLAN_FRAME.length);
        UdpPacket udp = new UdpPacket().wrap(ByteBuffer.wrap(datagram), 0);
        assertEquals(8, assertThrows(MalformedPacketException.class, () -> udp.checkLength(7)).needed());
        MalformedPacketException cut = assertThrows(MalformedPacketException.class, () -> udp.checkLength(113));
        assertEquals(114, cut.needed());
        assertEquals("UDP", cut.layer());
        udp.length(7);
        assertThrows(MalformedPacketException.class, () -> udp.checkLength(datagram.length));
    }

    @Test
    void shouldSendComputedZeroAsAllOnes() {
        // Choose the last payload word so that the one's-complement sum is 0xFFFF: the checksum computes to 0.
        byte[] datagram = new byte[8 + 10];
        ByteBuffer buffer = ByteBuffer.wrap(datagram);
        UdpPacket udp = new UdpPacket().wrap(buffer, 0).sourcePort(1234).destinationPort(53).length(18).checksum(0);
        for (int i = 8; i < 16; i++) {
            datagram[i] = (byte) (i * 37);
        }
        int word = NaiveChecksum.transportChecksum(SOURCE, DESTINATION, IpProtocol.UDP, datagram, 0, 18);
        buffer.putShort(16, (short) word);
        assertEquals(0, NaiveChecksum.transportChecksum(SOURCE, DESTINATION, IpProtocol.UDP, datagram, 0, 18),
                "the naive sum computes 0 for this datagram");
        assertEquals(0xFFFF, udp.computeChecksum(SOURCE, DESTINATION));
        udp.fillChecksum(SOURCE, DESTINATION);
        assertEquals(0xFFFF, udp.checksum());
        assertTrue(udp.verifyChecksum(SOURCE, DESTINATION));
    }

    @Test
    void shouldChecksumOddLengthsLikeTheNaiveSum() {
        Random random = new Random(768);
        for (int payload = 0; payload < 80; payload++) {
            byte[] datagram = new byte[8 + payload];
            random.nextBytes(datagram);
            int source = random.nextInt();
            int destination = random.nextInt();
            UdpPacket udp = new UdpPacket().wrap(ByteBuffer.wrap(datagram), 0).length(datagram.length).checksum(0);
            int expected = NaiveChecksum.transportChecksum(source, destination, IpProtocol.UDP, datagram, 0,
                    datagram.length);
            assertEquals(expected == 0 ? 0xFFFF : expected, udp.computeChecksum(source, destination), "payload " + payload);
            udp.fillChecksum(source, destination);
            assertTrue(udp.verifyChecksum(source, destination));
            datagram[0] ^= 0x10;
            assertFalse(udp.verifyChecksum(source, destination), "a changed source port is detected");
            assertNotEquals(0, udp.computeChecksum(source, destination));
        }
    }
}
