package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TcpPacketTest {
    /**
     * tcpdump tests/gso-ipv4-vxlan-ipv4.pcap: the inner TCP segment at offset 84, 7022 bytes, with a
     * pseudo-header-only checksum (TX offload): tcpdump prints "cksum 0x9ec8 (incorrect -> 0x6674)".
     */
    private static final byte[] FRAME = Captures.frame("gso-ipv4-vxlan-ipv4.pcap", 0);
    private static final int TCP_OFFSET = 84;
    private static final int SEGMENT_LENGTH = 7042 - 20;
    private static final int SOURCE = Ipv4Address.parse("192.168.1.2").bits();
    private static final int DESTINATION = Ipv4Address.parse("192.168.1.1").bits();

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldReadEveryFieldOfGoldenPacket(BufferKind kind) {
        byte[] segment = Arrays.copyOfRange(FRAME, TCP_OFFSET, FRAME.length);
        assertEquals(SEGMENT_LENGTH, segment.length);
        TcpPacket tcp = new TcpPacket().wrap(kind.of(segment), kind.base()).checkLength(segment.length);
        assertEquals(37099, tcp.sourcePort());
        assertEquals(41547, tcp.destinationPort());
        assertEquals(1925567864L, tcp.sequenceNumber());
        assertEquals(2614339187L, tcp.acknowledgmentNumber());
        assertEquals(8, tcp.dataOffset());
        assertEquals(32, tcp.headerLength());
        assertEquals(0, tcp.reserved());
        assertEquals(TcpPacket.PSH | TcpPacket.ACK, tcp.flags());
        assertTrue(tcp.psh());
        assertTrue(tcp.ack());
        assertFalse(tcp.syn());
        assertFalse(tcp.fin());
        assertFalse(tcp.rst());
        assertFalse(tcp.urg());
        assertFalse(tcp.ece());
        assertFalse(tcp.cwr());
        assertEquals(166, tcp.window());
        assertEquals(0x9EC8, tcp.checksum());
        assertEquals(0, tcp.urgentPointer());
        assertEquals(kind.base() + 20, tcp.optionsOffset());
        assertEquals(12, tcp.optionsLength());
        assertEquals(kind.base() + 32, tcp.payloadOffset());
        assertFalse(tcp.verifyChecksum(SOURCE, DESTINATION, SEGMENT_LENGTH), "tcpdump: incorrect");
        assertEquals(0x6674, tcp.computeChecksum(SOURCE, DESTINATION, SEGMENT_LENGTH), "tcpdump: -> 0x6674");

        TcpOptionCursor options = new TcpOptionCursor().wrap(tcp);
        assertTrue(options.next());
        assertEquals(TcpOptionCursor.NOP, options.kind());
        assertTrue(options.next());
        assertEquals(TcpOptionCursor.NOP, options.kind());
        assertTrue(options.next());
        assertEquals(TcpOptionCursor.TIMESTAMPS, options.kind());
        assertTrue(options.lengthValid());
        assertEquals(3716023471L, options.timestampValue());
        assertEquals(900070726L, options.timestampEchoReply());
        assertFalse(options.next());
        assertFalse(options.malformed());
        assertEquals("TCP src=37099 dst=41547 psh ack seq=1925567864 ack=2614339187 win=166", tcp.toString());
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldWriteGoldenPacketIntoPoisonedBuffer(BufferKind kind) {
        ByteBuffer buffer = kind.allocate(40, (byte) 0xA5);
        TcpPacket tcp = new TcpPacket().wrap(buffer, kind.base()).sourcePort(37099).destinationPort(41547)
                .sequenceNumber(1925567864L).acknowledgmentNumber(2614339187L).dataOffset(8).reserved(0)
                .flags(TcpPacket.PSH | TcpPacket.ACK).window(166).checksum(0x9EC8).urgentPointer(0);
        // Options are bytes the caller lays out; the header points at where they go.
        buffer.put(tcp.optionsOffset(), Arrays.copyOfRange(FRAME, TCP_OFFSET + 20, TCP_OFFSET + 32));
        assertArrayEquals(Arrays.copyOfRange(FRAME, TCP_OFFSET, TCP_OFFSET + 32), BufferKind.bytes(buffer, kind.base(), 32));
        assertEquals((byte) 0xA5, buffer.get(kind.base() + 32));
    }

    @Test
    void shouldRoundTripEveryFieldAndFixTheChecksum() {
        byte[] segment = Arrays.copyOfRange(FRAME, TCP_OFFSET, FRAME.length);
        TcpPacket in = new TcpPacket().wrap(ByteBuffer.wrap(segment), 0);
        ByteBuffer out = ByteBuffer.wrap(segment.clone());
        out.put(0, new byte[20]);
        new TcpPacket().wrap(out, 0).sourcePort(in.sourcePort()).destinationPort(in.destinationPort())
                .sequenceNumber(in.sequenceNumber()).acknowledgmentNumber(in.acknowledgmentNumber())
                .dataOffset(in.dataOffset()).reserved(in.reserved()).flags(in.flags()).window(in.window())
                .checksum(in.checksum()).urgentPointer(in.urgentPointer());
        assertArrayEquals(segment, out.array());
        TcpPacket fixed = new TcpPacket().wrap(out, 0).fillChecksum(SOURCE, DESTINATION, SEGMENT_LENGTH);
        assertEquals(0x6674, fixed.checksum());
        assertTrue(fixed.verifyChecksum(SOURCE, DESTINATION, SEGMENT_LENGTH));
    }

    @Test
    void shouldMatchTheNaiveChecksumAtEveryLength() {
        Random random = new Random(9293);
        for (int length = 20; length < 120; length++) {
            byte[] segment = new byte[length];
            random.nextBytes(segment);
            segment[12] = 0x50;
            int source = random.nextInt();
            int destination = random.nextInt();
            segment[16] = 0;
            segment[17] = 0;
            int expected = NaiveChecksum.transportChecksum(source, destination, IpProtocol.TCP, segment, 0, length);
            random.nextBytes(new byte[1]);
            segment[16] = (byte) random.nextInt();
            TcpPacket tcp = new TcpPacket().wrap(ByteBuffer.wrap(segment), 0);
            assertEquals(expected, tcp.computeChecksum(source, destination, length), "length " + length);
            assertTrue(tcp.fillChecksum(source, destination, length).verifyChecksum(source, destination, length));
        }
    }

    @Test
    void shouldRejectImpossibleLengths() {
        byte[] segment = Arrays.copyOfRange(FRAME, TCP_OFFSET, TCP_OFFSET + 40);
        TcpPacket tcp = new TcpPacket().wrap(ByteBuffer.wrap(segment), 0);
        assertEquals(20, assertThrows(MalformedPacketException.class, () -> tcp.checkLength(19)).needed());
        MalformedPacketException options = assertThrows(MalformedPacketException.class, () -> tcp.checkLength(31));
        assertEquals(32, options.needed());
        assertEquals("TCP", options.layer());
        tcp.dataOffset(4);
        assertThrows(MalformedPacketException.class, () -> tcp.checkLength(40));
        tcp.dataOffset(15);
        assertEquals(60, assertThrows(MalformedPacketException.class, () -> tcp.checkLength(40)).needed());
    }
}
