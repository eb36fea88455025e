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

class IcmpPacketTest {
    /** Inner ICMP echo request of tcpdump tests/vxlan_port_8472.pcap frame 1 (offset 84, 64 bytes). */
    private static final byte[] FRAME = Captures.frame("vxlan_port_8472.pcap", 0);
    private static final byte[] ECHO = Arrays.copyOfRange(FRAME, 84, 148);

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldReadEveryFieldOfGoldenPacket(BufferKind kind) {
        IcmpPacket icmp = new IcmpPacket().wrap(kind.of(ECHO), kind.base()).checkLength(ECHO.length);
        assertEquals(IcmpPacket.ECHO_REQUEST, icmp.type());
        assertEquals(0, icmp.code());
        assertEquals(0xF6F2, icmp.checksum());
        assertEquals(1292, icmp.identifier());
        assertEquals(1, icmp.sequenceNumber());
        assertEquals(0x050C_0001L, icmp.restOfHeader());
        assertFalse(icmp.isError());
        assertEquals(kind.base() + 8, icmp.payloadOffset());
        assertTrue(icmp.verifyChecksum(64));
        assertEquals(0xF6F2, icmp.computeChecksum(64));
        assertEquals("ICMPv4 type=8 code=0 id=1292 seq=1", icmp.toString());
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldWriteGoldenPacketIntoPoisonedBuffer(BufferKind kind) {
        ByteBuffer buffer = kind.allocate(70, (byte) 0xA5);
        buffer.put(kind.base() + 8, Arrays.copyOfRange(ECHO, 8, 64));
        new IcmpPacket().wrap(buffer, kind.base()).type(IcmpPacket.ECHO_REQUEST).code(0).identifier(1292)
                .sequenceNumber(1).checksum(0xA5A5).fillChecksum(64);
        assertArrayEquals(ECHO, BufferKind.bytes(buffer, kind.base(), 64));
        assertEquals((byte) 0xA5, buffer.get(kind.base() + 64));
    }

    @Test
    void shouldRoundTripEveryField() {
        IcmpPacket in = new IcmpPacket().wrap(ByteBuffer.wrap(ECHO), 0);
        ByteBuffer out = ByteBuffer.allocate(8);
        new IcmpPacket().wrap(out, 0).type(in.type()).code(in.code()).checksum(in.checksum())
                .restOfHeader(in.restOfHeader());
        assertArrayEquals(Arrays.copyOf(ECHO, 8), out.array());
    }

    @Test
    void shouldWriteUnreachableAndTimeExceeded() {
        // Fragmentation needed (type 3 code 4) quoting the first 28 bytes of the outer VXLAN datagram.
        ByteBuffer buffer = ByteBuffer.allocate(36);
        buffer.put(8, Arrays.copyOfRange(FRAME, 14, 42));
        IcmpPacket icmp = new IcmpPacket().wrap(buffer, 0).type(IcmpPacket.DESTINATION_UNREACHABLE)
                .code(IcmpPacket.CODE_FRAGMENTATION_NEEDED).restOfHeader(0).nextHopMtu(1450).fillChecksum(36);
        assertTrue(icmp.isError());
        assertEquals(1450, icmp.nextHopMtu());
        assertEquals(1450L, icmp.restOfHeader());
        assertTrue(icmp.verifyChecksum(36));
        assertEquals(NaiveChecksum.checksum(zeroChecksum(buffer.array()), 0, 36), icmp.checksum());
        Ipv4Packet quoted = new Ipv4Packet().wrap(buffer, icmp.payloadOffset());
        assertEquals(Ipv4Address.parse("192.168.202.1").bits(), quoted.destinationAddress());

        icmp.type(IcmpPacket.TIME_EXCEEDED).code(IcmpPacket.CODE_TTL_EXCEEDED).restOfHeader(0).fillChecksum(36);
        assertTrue(icmp.isError());
        assertEquals(11, icmp.type());
        assertTrue(icmp.verifyChecksum(36));

        icmp.type(IcmpPacket.REDIRECT).gatewayAddress(Ipv4Address.parse("192.0.2.1").bits());
        assertEquals("192.0.2.1", Ipv4Address.toString(icmp.gatewayAddress()));
    }

    @Test
    void shouldChecksumOddLengths() {
        byte[] message = Arrays.copyOf(ECHO, 63);
        message[2] = 0;
        message[3] = 0;
        IcmpPacket icmp = new IcmpPacket().wrap(ByteBuffer.wrap(message), 0);
        assertEquals(NaiveChecksum.checksum(message, 0, 63), icmp.computeChecksum(63));
        assertTrue(icmp.fillChecksum(63).verifyChecksum(63));
    }

    @Test
    void shouldRejectImpossibleLengths() {
        IcmpPacket icmp = new IcmpPacket().wrap(ByteBuffer.wrap(ECHO), 0);
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> icmp.checkLength(7));
        assertEquals("ICMP", e.layer());
        assertEquals(8, e.needed());
        assertEquals(7, e.actual());
        assertThrows(MalformedPacketException.class, () -> icmp.checkLength(65));
    }

    private static byte[] zeroChecksum(byte[] message) {
        byte[] copy = message.clone();
        copy[2] = 0;
        copy[3] = 0;
        return copy;
    }
}
