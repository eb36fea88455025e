package io.github.overlaykit.netlink.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.MalformedPacketException;
import io.github.overlaykit.netlink.constants.Netlink;
import io.github.overlaykit.netlink.constants.Rtnetlink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The flyweights read and write the kernel's layout in host order over every kind of buffer, whatever
 * the buffer's own byte order, and reject impossible lengths with the offset.
 */
class MessageFlyweightTest {
    /** {@code ip route replace 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink} as iproute2 6.1 sends it (seq 7, pid 0). */
    private static final byte[] ROUTE_REPLACE = HexFormat.of().parseHex(
            "34000000" + "1800" + "0505" + "07000000" + "00000000"
            + "02180000fe030001" + "04000000"
            + "08000100" + "0af40100"
            + "08000500" + "0af40100"
            + "08000400" + "04000000");

    /** The kernel's real extended ACK for {@code ip route add 10.244.2.0/24 via 10.244.2.0 dev vx0} (no onlink). */
    static final byte[] KERNEL_EXT_ACK = HexFormat.of().parseHex(
            "68000000020000021084096b02330000"
            + "9bffffff340000001800050610840" + "96b"
            + "00000000021800" + "00fe030001" + "00000000"
            + "080001000af40200080005000af40200"
            + "0800040004000000200001004e657874"
            + "686f7020686173" + "20696e76616c696420"
            + "6761746577617900");

    enum BufferKind {
        HEAP, DIRECT, READ_ONLY, OFFSET, BIG_ENDIAN_ORDER;

        ByteBuffer wrap(byte[] bytes) {
            switch (this) {
                case DIRECT: {
                    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
                    b.put(bytes).clear();
                    return b;
                }
                case READ_ONLY:
                    return ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer();
                case OFFSET: {
                    byte[] shifted = new byte[bytes.length + 12];
                    Arrays.fill(shifted, (byte) 0xA5);
                    System.arraycopy(bytes, 0, shifted, 12, bytes.length);
                    return ByteBuffer.wrap(shifted);
                }
                case BIG_ENDIAN_ORDER:
                    return ByteBuffer.wrap(bytes.clone()).order(ByteOrder.BIG_ENDIAN);
                default:
                    return ByteBuffer.wrap(bytes.clone()).order(ByteOrder.LITTLE_ENDIAN);
            }
        }

        int offset() {
            return this == OFFSET ? 12 : 0;
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldReadEveryFieldOfTheGoldenRouteRequest(BufferKind kind) {
        ByteBuffer b = kind.wrap(ROUTE_REPLACE);
        int at = kind.offset();
        NetlinkMessageHeader h = new NetlinkMessageHeader().wrap(b, at).checkLength(ROUTE_REPLACE.length);
        assertEquals(52, h.length());
        assertEquals(Rtnetlink.RTM_NEWROUTE, h.type());
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_REPLACE | Netlink.NLM_F_CREATE, h.flags());
        assertEquals(7, h.sequence());
        assertEquals(0, h.portId());
        RouteMessage r = new RouteMessage().wrap(b, h.payloadOffset()).checkLength(36);
        assertEquals(Netlink.AF_INET, r.family());
        assertEquals(24, r.dstLength());
        assertEquals(0, r.srcLength());
        assertEquals(0, r.tos());
        assertEquals(Rtnetlink.RT_TABLE_MAIN, r.table());
        assertEquals(Rtnetlink.RTPROT_BOOT, r.protocol());
        assertEquals(Rtnetlink.RT_SCOPE_UNIVERSE, r.scope());
        assertEquals(Rtnetlink.RTN_UNICAST, r.type());
        assertEquals(Rtnetlink.RTNH_F_ONLINK, r.flags());
        AttributeIterator it = new AttributeIterator().reset(b, r.attributesOffset(), at + 52);
        assertTrue(it.next());
        assertEquals(Rtnetlink.RTA_DST, it.type());
        assertEquals(0x0AF40100, it.ipv4());
        assertTrue(it.next());
        assertEquals(Rtnetlink.RTA_GATEWAY, it.type());
        assertEquals(0x0AF40100, it.ipv4());
        assertTrue(it.next());
        assertEquals(Rtnetlink.RTA_OIF, it.type());
        assertEquals(4, it.s32());
        assertEquals(4L, it.u32());
        assertFalse(it.next());
    }

    @Test
    void shouldWriteTheGoldenRouteRequestIntoAPoisonedBuffer() {
        byte[] bytes = new byte[128];
        Arrays.fill(bytes, (byte) 0xA5);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN); // the buffer's order must not matter
        MessageWriter w = new MessageWriter().wrap(b, 0);
        int start = w.begin(Rtnetlink.RTM_NEWROUTE,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_REPLACE | Netlink.NLM_F_CREATE);
        new RouteMessage().wrap(b, w.reserve(RouteMessage.LENGTH)).family(Netlink.AF_INET).dstLength(24)
                .table(Rtnetlink.RT_TABLE_MAIN).protocol(Rtnetlink.RTPROT_BOOT).type(Rtnetlink.RTN_UNICAST)
                .flags(Rtnetlink.RTNH_F_ONLINK);
        w.putIpv4(Rtnetlink.RTA_DST, 0x0AF40100).putIpv4(Rtnetlink.RTA_GATEWAY, 0x0AF40100).putU32(Rtnetlink.RTA_OIF, 4);
        assertEquals(52, w.end(start));
        new NetlinkMessageHeader().wrap(b, start).sequence(7);
        assertArrayEquals(ROUTE_REPLACE, Arrays.copyOf(bytes, 52));
        assertEquals((byte) 0xA5, bytes[52], "nothing written past the message");
    }

    @Test
    void shouldZeroPaddingAndPatchNestLengths() {
        byte[] bytes = new byte[64];
        Arrays.fill(bytes, (byte) 0xA5);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        MessageWriter w = new MessageWriter().wrap(b, 0);
        int nest = w.beginNest(Rtnetlink.IFLA_LINKINFO | Netlink.NLA_F_NESTED);
        w.putString(Rtnetlink.IFLA_INFO_KIND, "vxlan");
        int data = w.beginNest(Rtnetlink.IFLA_INFO_DATA);
        w.putU8(Rtnetlink.IFLA_VXLAN_LEARNING, 0).putU16Be(Rtnetlink.IFLA_VXLAN_PORT, 8472).putFlag(Rtnetlink.IFLA_VXLAN_GBP);
        w.endNest(data).endNest(nest);
        assertEquals("28001280" + "0a000100" + "7678 6c61 6e00 0000".replace(" ", "") + "18000200" + "05000700" + "00000000"
                + "06000f00" + "21180000" + "04001700", HexFormat.of().formatHex(bytes, 0, w.position()));

        AttributeIterator outer = new AttributeIterator().reset(b, 0, w.position());
        assertTrue(outer.next());
        assertTrue(outer.isNestedFlag());
        assertEquals(Rtnetlink.IFLA_LINKINFO, outer.type());
        AttributeIterator inner = outer.nested(new AttributeIterator());
        assertTrue(inner.next());
        assertTrue(inner.stringEquals("vxlan"));
        assertEquals("vxlan", inner.string());
        assertTrue(inner.next());
        assertFalse(inner.isNestedFlag());
        AttributeIterator vxlan = inner.nested(new AttributeIterator());
        assertTrue(vxlan.next());
        assertEquals(0, vxlan.u8());
        assertTrue(vxlan.next());
        assertEquals(8472, vxlan.u16Be());
        assertTrue(vxlan.next());
        assertEquals(Rtnetlink.IFLA_VXLAN_GBP, vxlan.type());
        assertEquals(0, vxlan.valueLength());
        assertFalse(vxlan.next());
        assertFalse(inner.next());
    }

    @Test
    void shouldReadTheKernelsExtendedAck() {
        ByteBuffer b = ByteBuffer.wrap(KERNEL_EXT_ACK);
        NetlinkMessageHeader h = new NetlinkMessageHeader().wrap(b, 0).checkLength(KERNEL_EXT_ACK.length);
        assertEquals(Netlink.NLMSG_ERROR, h.type());
        assertEquals(Netlink.NLM_F_ACK_TLVS, h.flags());
        ErrorMessage e = new ErrorMessage().wrap(b, h.payloadOffset()).checkLength(KERNEL_EXT_ACK.length - 16);
        assertEquals(-101, e.error()); // ENETUNREACH
        assertEquals(Rtnetlink.RTM_NEWROUTE, e.request().type());
        assertEquals(52, e.request().length());
        AttributeIterator it = new AttributeIterator().reset(b, e.attributesOffset(h.flags()), (int) h.length());
        assertTrue(it.next());
        assertEquals(Netlink.NLMSGERR_ATTR_MSG, it.type());
        assertEquals("Nexthop has invalid gateway", it.string());
        assertFalse(it.next());
    }

    @Test
    void shouldRejectImpossibleLengthsWithTheirOffset() {
        ByteBuffer b = ByteBuffer.wrap(ROUTE_REPLACE.clone());
        NetlinkMessageHeader h = new NetlinkMessageHeader().wrap(b, 0);
        MalformedPacketException truncated = assertThrows(MalformedPacketException.class, () -> h.checkLength(51));
        assertEquals("nlmsghdr", truncated.layer());
        assertEquals(52, truncated.needed());
        assertThrows(MalformedPacketException.class, () -> h.checkLength(15));
        b.putInt(0, 0x0C000000); // nlmsg_len 12 < header (little endian host assumed by the bytes above)
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            assertThrows(MalformedPacketException.class, () -> h.checkLength(52));
        }
        assertThrows(MalformedPacketException.class, () -> new RouteMessage().wrap(b, 16).checkLength(11));

        byte[] attrs = HexFormat.of().parseHex("0800010001020304" + "0300ff00" + "0000");
        AttributeIterator it = new AttributeIterator().reset(ByteBuffer.wrap(attrs), 0, attrs.length);
        assertTrue(it.next());
        MalformedPacketException shortAttr = assertThrows(MalformedPacketException.class, it::next);
        assertEquals("nlattr", shortAttr.layer());
        assertEquals(8, shortAttr.offset());

        byte[] beyond = HexFormat.of().parseHex("0c00010001020304");
        MalformedPacketException past = assertThrows(MalformedPacketException.class,
                () -> new AttributeIterator().reset(ByteBuffer.wrap(beyond), 0, beyond.length).next());
        assertEquals(0, past.offset());

        byte[] u8 = HexFormat.of().parseHex("05000100" + "07000000");
        AttributeIterator small = new AttributeIterator().reset(ByteBuffer.wrap(u8), 0, u8.length);
        assertTrue(small.next());
        assertEquals(7, small.u8());
        assertThrows(MalformedPacketException.class, small::u32);
        assertThrows(MalformedPacketException.class, small::ipv4);
        assertThrows(MalformedPacketException.class, small::mac);
    }
}
