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

class ArpPacketTest {
    /** Inner ARP request of tcpdump tests/vxlan_port_8472.pcap frame 2 (offset 64, 28 bytes). */
    private static final byte[] REQUEST = Arrays.copyOfRange(Captures.frame("vxlan_port_8472.pcap", 1), 64, 92);
    /** Inner ARP reply of frame 3. */
    private static final byte[] REPLY = Arrays.copyOfRange(Captures.frame("vxlan_port_8472.pcap", 2), 64, 92);

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldReadEveryFieldOfGoldenPacket(BufferKind kind) {
        ArpPacket arp = new ArpPacket().wrap(kind.of(REQUEST), kind.base()).checkLength(REQUEST.length);
        assertEquals(ArpPacket.HARDWARE_ETHERNET, arp.hardwareType());
        assertEquals(EtherType.IPV4, arp.protocolType());
        assertEquals(6, arp.hardwareLength());
        assertEquals(4, arp.protocolLength());
        assertEquals(ArpPacket.REQUEST, arp.operation());
        assertTrue(arp.isEthernetIpv4());
        assertEquals(28, arp.length());
        assertEquals(MacAddress.parseLong("00:30:88:01:00:02"), arp.senderHardwareAddress());
        assertEquals(Ipv4Address.parse("192.168.203.5").bits(), arp.senderProtocolAddress());
        assertEquals(0L, arp.targetHardwareAddress());
        assertEquals(Ipv4Address.parse("192.168.203.3").bits(), arp.targetProtocolAddress());
        assertEquals(kind.base() + 8, arp.senderHardwareAddressOffset());
        assertEquals(kind.base() + 14, arp.senderProtocolAddressOffset());
        assertEquals(kind.base() + 18, arp.targetHardwareAddressOffset());
        assertEquals(kind.base() + 24, arp.targetProtocolAddressOffset());
        assertEquals("ARP op=1 sha=00:30:88:01:00:02 spa=192.168.203.5 tha=00:00:00:00:00:00 tpa=192.168.203.3",
                arp.toString());
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldWriteGoldenReplyIntoPoisonedBuffer(BufferKind kind) {
        ByteBuffer buffer = kind.allocate(30, (byte) 0xA5);
        new ArpPacket().wrap(buffer, kind.base()).hardwareType(1).protocolType(EtherType.IPV4).hardwareLength(6)
                .protocolLength(4).operation(ArpPacket.REPLY)
                .senderHardwareAddress(MacAddress.parseLong("00:16:3e:37:f6:04"))
                .senderProtocolAddress(Ipv4Address.parse("192.168.203.3").bits())
                .targetHardwareAddress(MacAddress.parseLong("00:30:88:01:00:02"))
                .targetProtocolAddress(Ipv4Address.parse("192.168.203.5").bits());
        assertArrayEquals(REPLY, BufferKind.bytes(buffer, kind.base(), 28));
        assertEquals((byte) 0xA5, buffer.get(kind.base() + 28));
    }

    @Test
    void shouldRoundTripEveryField() {
        ArpPacket in = new ArpPacket().wrap(ByteBuffer.wrap(REQUEST), 0);
        ByteBuffer out = ByteBuffer.allocate(28);
        new ArpPacket().wrap(out, 0).hardwareType(in.hardwareType()).protocolType(in.protocolType())
                .hardwareLength(in.hardwareLength()).protocolLength(in.protocolLength()).operation(in.operation())
                .senderHardwareAddress(in.senderHardwareAddress()).senderProtocolAddress(in.senderProtocolAddress())
                .targetHardwareAddress(in.targetHardwareAddress()).targetProtocolAddress(in.targetProtocolAddress());
        assertArrayEquals(REQUEST, out.array());
    }

    @Test
    void shouldLayOutUnusualLengthsAsSent() {
        // tcpdump tests/arp-too-long-tha.pcap: hardware length 14 inside a QinQ-tagged frame cut at 64 bytes.
        byte[] frame = Captures.frame("arp-too-long-tha.pcap", 0);
        ArpPacket arp = new ArpPacket().wrap(ByteBuffer.wrap(frame), 18);
        assertEquals(14, arp.hardwareLength());
        assertEquals(4, arp.protocolLength());
        assertFalse(arp.isEthernetIpv4());
        assertEquals(8 + 2 * 18, arp.length());
        assertEquals(18 + 8 + 14, arp.senderProtocolAddressOffset());
        assertEquals(18 + 8 + 14 + 4 + 14, arp.targetProtocolAddressOffset());
        assertEquals("48.48.48.48", Ipv4Address.toString(arp.targetProtocolAddress()));
        arp.checkLength(frame.length - 18);
        assertThrows(MalformedPacketException.class, () -> arp.checkLength(8 + 2 * 18 - 1));
    }

    @Test
    void shouldRejectImpossibleLengths() {
        ArpPacket arp = new ArpPacket().wrap(ByteBuffer.wrap(REQUEST), 0);
        assertEquals(8, assertThrows(MalformedPacketException.class, () -> arp.checkLength(7)).needed());
        MalformedPacketException cut = assertThrows(MalformedPacketException.class, () -> arp.checkLength(27));
        assertEquals(28, cut.needed());
        assertEquals("ARP", cut.layer());
    }
}
