package io.github.overlaykit.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.netlink.constants.Rtnetlink;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.Route;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our requests for flannel's four operations are byte-identical to what iproute2 6.1 sends
 * (captured with strace, reference netlink.md §3.4), sequence number and port id aside.
 */
class Iproute2BytesTest {
    // ip link add flannel.1 address 0e:2a:00:00:00:01 mtu 1450 type vxlan id 1 local 192.168.100.1 dev d0 nolearning dstport 8472
    private static final String LINK_ADD = "80000000 1000 0506 00000000 00000000"
            + "00 00 0000 00000000 00000000 00000000"
            + "0a00 0100 0e2a00000001 0000"
            + "0800 0400 aa050000"
            + "0e00 0300 666c616e6e656c2e3100 0000"
            + "3c00 1200"
            + "0900 0100 7678 6c61 6e 000000"
            + "2c00 0200"
            + "0800 0300 03000000"
            + "0800 0100 01000000"
            + "0800 0400 c0a86401"
            + "0500 0700 00 000000"
            + "0600 0f00 2118 0000";
    // ip neigh replace 10.244.1.0 dev flannel.1 lladdr 0e:2a:00:00:00:02 nud permanent
    private static final String NEIGH_REPLACE = "30000000 1c00 0505 00000000 00000000"
            + "02 00 0000 04000000 8000 00 00"
            + "0800 0100 0af40100"
            + "0a00 0200 0e2a00000002 0000";
    // bridge fdb replace 0e:2a:00:00:00:02 dev flannel.1 dst 192.168.100.2 self permanent
    private static final String FDB_REPLACE = "30000000 1c00 0505 00000000 00000000"
            + "07 00 0000 04000000 c000 02 00"
            + "0a00 0200 0e2a00000002 0000"
            + "0800 0100 c0a86402";
    // ip route replace 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
    private static final String ROUTE_REPLACE = "34000000 1800 0505 00000000 00000000"
            + "02 18 00 00 fe 03 00 01 04000000"
            + "0800 0100 0af40100"
            + "0800 0500 0af40100"
            + "0800 0400 04000000";

    private static final MacAddress VTEP = MacAddress.parse("0e:2a:00:00:00:02");

    private final FakeKernel kernel = new FakeKernel(Map.of("d0", 3, "flannel.1", 4));
    private final RtnetlinkClient client = RtnetlinkClient.over(kernel, RtnetlinkClient.Options.defaults());

    /** The last request that was not a name lookup, with sequence and port id zeroed, as hex. */
    private String lastChange() {
        for (int i = kernel.requests.size() - 1; i >= 0; i--) {
            byte[] request = kernel.requests.get(i);
            ByteBuffer b = ByteBuffer.wrap(request);
            int type = Short.toUnsignedInt(b.order(java.nio.ByteOrder.nativeOrder()).getShort(4));
            if (type != Rtnetlink.RTM_GETLINK) {
                for (int k = 8; k < 16; k++) {
                    request[k] = 0;
                }
                return HexFormat.of().formatHex(request);
            }
        }
        throw new AssertionError("no request sent");
    }

    private static String hex(String spaced) {
        return spaced.replace(" ", "");
    }

    @Test
    void shouldSendIproute2sBytesForTheVxlanDevice() {
        kernel.answer = FakeKernel::ack;
        try {
            client.addLink(LinkRequest.vxlan("flannel.1", 1).address(MacAddress.parse("0e:2a:00:00:00:01")).mtu(1450)
                    .local(Ipv4Address.parse("192.168.100.1")).underlay("d0").learning(false).port(8472));
        } catch (NetlinkException readBack) {
            // the fake kernel knows flannel.1 already; the create request is what this test checks
        }
        String sent = null;
        for (byte[] request : kernel.requests) {
            if (Short.toUnsignedInt(ByteBuffer.wrap(request).order(java.nio.ByteOrder.nativeOrder()).getShort(4)) == Rtnetlink.RTM_NEWLINK) {
                for (int k = 8; k < 16; k++) {
                    request[k] = 0;
                }
                sent = HexFormat.of().formatHex(request);
            }
        }
        assertEquals(hex(LINK_ADD), sent);
    }

    @Test
    void shouldSendIproute2sBytesForTheArpEntry() {
        client.replaceNeighbor(Neighbor.permanent(Ipv4Address.parse("10.244.1.0"), "flannel.1", VTEP));
        assertEquals(hex(NEIGH_REPLACE), lastChange());
    }

    @Test
    void shouldSendBridgesBytesForTheFdbEntry() {
        client.replaceFdb(FdbEntry.vxlan(VTEP, "flannel.1", Ipv4Address.parse("192.168.100.2")));
        assertEquals(hex(FDB_REPLACE), lastChange());
    }

    @Test
    void shouldSendIproute2sBytesForTheOnlinkRoute() {
        client.replaceRoute(Route.parse("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink"));
        assertEquals(hex(ROUTE_REPLACE), lastChange());
    }

    @Test
    void shouldTurnTheKernelsExtendedAckIntoATypedError() {
        // the kernel's real answer to `ip route add 10.244.2.0/24 via 10.244.2.0 dev vx0` (captured with strace)
        byte[] reply = HexFormat.of().parseHex("68000000020000021084096b02330000"
                + "9bffffff34000000180005061084096b" + "00000000021800" + "00fe030001" + "00000000"
                + "080001000af40200080005000af40200" + "0800040004000000200001004e657874"
                + "686f7020686173" + "20696e76616c696420" + "6761746577617900");
        kernel.answer = h -> {
            byte[] r = reply.clone();
            ByteBuffer.wrap(r).order(java.nio.ByteOrder.nativeOrder()).putInt(8, (int) h.sequence());
            return r;
        };
        NetlinkException e = org.junit.jupiter.api.Assertions.assertThrows(NetlinkException.class,
                () -> client.addRoute(Route.parse("10.244.2.0/24 via 10.244.2.0 dev flannel.1")));
        assertEquals("ENETUNREACH", e.errnoName());
        assertEquals("Nexthop has invalid gateway", e.kernelMessage());
        assertEquals("Error: Nexthop has invalid gateway.", e.iproute2Text());
        assertEquals("RTM_NEWROUTE add 10.244.2.0/24: ENETUNREACH (Network is unreachable): kernel says \"Nexthop has invalid "
                + "gateway\"", e.getMessage());
    }

    @Test
    void shouldSendTheSameBytesInABatchAndReportEveryResult() {
        kernel.answer = h -> h.type() == Rtnetlink.RTM_NEWNEIGH ? FakeKernel.error(h, -Errno.EEXIST) : FakeKernel.ack(h);
        BatchResult result = client.batch()
                .replaceRoute(Route.parse("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink"))
                .replaceNeighbor(Neighbor.permanent(Ipv4Address.parse("10.244.1.0"), "flannel.1", VTEP))
                .execute();
        assertEquals(2, result.size());
        assertEquals(true, result.succeeded(0));
        assertEquals("EEXIST", result.failure(1).errnoName());
        assertEquals(hex(NEIGH_REPLACE), lastChange());
    }
}
