package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EthernetFrameTest {
    /** tcpdump tests/802.1ad_QinQ.pcap frame 1: S-tag 200, C-tag 2001, ARP request. */
    private static final byte[] QINQ = Captures.frame("802.1ad_QinQ.pcap", 0);
    /** tcpdump tests/vxlan_port_8472.pcap frame 1: untagged IPv4. */
    private static final byte[] UNTAGGED = Captures.frame("vxlan_port_8472.pcap", 0);

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldReadEveryFieldOfGoldenQinqFrame(BufferKind kind) {
        ByteBuffer buffer = kind.of(QINQ);
        EthernetFrame frame = new EthernetFrame().wrap(buffer, kind.base()).checkLength(QINQ.length);
        assertEquals(kind.base(), frame.offset());
        assertSame(buffer, frame.buffer());
        assertEquals(MacAddress.parse("ff:ff:ff:ff:ff:ff").bits(), frame.destination());
        assertEquals(MacAddress.parse("00:20:d2:5a:fb:3f").bits(), frame.source());
        assertEquals(2, frame.tagCount());
        assertEquals(EtherType.QINQ, frame.tagProtocol(0));
        assertEquals(200, frame.tagVlanId(0));
        assertEquals(0, frame.tagPriority(0));
        assertFalse(frame.tagDropEligible(0));
        assertEquals(200, frame.tagControl(0));
        assertEquals(EtherType.VLAN, frame.tagProtocol(1));
        assertEquals(2001, frame.tagVlanId(1));
        assertEquals(0, frame.tagPriority(1));
        assertEquals(EtherType.ARP, frame.etherType());
        assertEquals(22, frame.headerLength());
        assertEquals(kind.base() + 22, frame.payloadOffset());
        assertEquals("EthernetII src=00:20:d2:5a:fb:3f dst=ff:ff:ff:ff:ff:ff tag=802.1Q-QinQ vlan 200 p 0"
                + " tag=802.1Q vlan 2001 p 0 type=ARP", frame.toString());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldReadEveryFieldOfGoldenUntaggedFrame(BufferKind kind) {
        EthernetFrame frame = new EthernetFrame().wrap(kind.of(UNTAGGED), kind.base()).checkLength(UNTAGGED.length);
        assertEquals(MacAddress.parse("00:16:3e:08:71:cf").bits(), frame.destination());
        assertEquals(MacAddress.parse("36:dc:85:1e:b3:40").bits(), frame.source());
        assertEquals(0, frame.tagCount());
        assertEquals(EtherType.IPV4, frame.etherType());
        assertEquals(EthernetFrame.HEADER_LENGTH, frame.headerLength());
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldWriteGoldenQinqHeaderIntoPoisonedBuffer(BufferKind kind) {
        ByteBuffer buffer = kind.allocate(40, (byte) 0xA5);
        EthernetFrame frame = new EthernetFrame().wrap(buffer, kind.base())
                .destination(0xFFFF_FFFF_FFFFL)
                .source(MacAddress.parseLong("00:20:d2:5a:fb:3f"))
                .tag(0, EtherType.QINQ, 0, false, 200)
                .tag(1, EtherType.VLAN, 0, false, 2001)
                .etherType(EtherType.ARP);
        assertArrayEquals(Arrays.copyOf(QINQ, 22), BufferKind.bytes(buffer, kind.base(), 22));
        assertEquals((byte) 0xA5, buffer.get(kind.base() + 22), "nothing written after the header");
        assertEquals(2, frame.tagCount());
    }

    @Test
    void shouldChangeTagSubfieldsIndependently() {
        ByteBuffer buffer = ByteBuffer.wrap(QINQ.clone());
        EthernetFrame frame = new EthernetFrame().wrap(buffer, 0);
        frame.tagPriority(1, 5).tagDropEligible(1, true).tagVlanId(1, 4094);
        assertEquals(5, frame.tagPriority(1));
        assertTrue(frame.tagDropEligible(1));
        assertEquals(4094, frame.tagVlanId(1));
        assertEquals(0xBFFE, frame.tagControl(1));
        frame.tagVlanId(1, 7).tagDropEligible(1, false);
        assertEquals(5, frame.tagPriority(1));
        assertEquals(0xA007, frame.tagControl(1));
        assertEquals(EtherType.ARP, frame.etherType());
    }

    @Test
    void shouldRoundTripEveryField() {
        EthernetFrame in = new EthernetFrame().wrap(ByteBuffer.wrap(QINQ), 0);
        ByteBuffer out = ByteBuffer.allocate(22);
        EthernetFrame copy = new EthernetFrame().wrap(out, 0).destination(in.destination()).source(in.source());
        for (int i = 0; i < in.tagCount(); i++) {
            copy.tagProtocol(i, in.tagProtocol(i)).tagControl(i, in.tagControl(i));
        }
        copy.etherType(in.etherType());
        assertArrayEquals(Arrays.copyOf(QINQ, 22), out.array());
    }

    @Test
    void shouldRejectImpossibleLengths() {
        EthernetFrame frame = new EthernetFrame().wrap(ByteBuffer.wrap(QINQ), 0);
        MalformedPacketException shortHeader = assertThrows(MalformedPacketException.class, () -> frame.checkLength(13));
        assertEquals(14, shortHeader.needed());
        assertEquals(13, shortHeader.actual());
        MalformedPacketException cutTag = assertThrows(MalformedPacketException.class, () -> frame.checkLength(21));
        assertEquals(22, cutTag.needed());
        assertEquals("Ethernet", cutTag.layer());
        assertThrows(MalformedPacketException.class, () -> frame.checkLength(QINQ.length + 1),
                "more than the buffer holds");

        byte[] tags = new byte[14 + 4 * (EthernetFrame.MAX_TAGS + 1) + 2];
        for (int i = 0; i <= EthernetFrame.MAX_TAGS; i++) {
            tags[12 + 4 * i] = (byte) 0x81;
        }
        MalformedPacketException tooMany = assertThrows(MalformedPacketException.class,
                () -> new EthernetFrame().wrap(ByteBuffer.wrap(tags), 0).checkLength(tags.length));
        assertTrue(tooMany.getMessage().contains("VLAN tags"), tooMany.getMessage());
    }

    @Test
    void shouldRefuseSettersOnReadOnlyBuffer() {
        EthernetFrame frame = new EthernetFrame().wrap(BufferKind.READ_ONLY.of(QINQ), 0);
        assertThrows(java.nio.ReadOnlyBufferException.class, () -> frame.source(1));
    }

    @Test
    void shouldNameEtherTypesLikeTcpdump() {
        assertEquals("IPv4", EtherType.name(0x0800));
        assertEquals("802.1Q-QinQ", EtherType.name(0x88A8));
        assertEquals("0x1234", EtherType.name(0x1234));
        assertEquals("0x05dc", EtherType.name(1500));
        assertTrue(EtherType.isLength(1500));
        assertFalse(EtherType.isLength(0x0800));
        assertTrue(EtherType.isVlanTag(0x9100));
        assertEquals("UDP", IpProtocol.name(17));
        assertEquals("253", IpProtocol.name(253));
    }
}
