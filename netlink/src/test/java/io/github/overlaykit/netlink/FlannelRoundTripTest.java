package io.github.overlaykit.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.InterfaceAddress;
import io.github.overlaykit.route.Link;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.Route;
import io.github.overlaykit.testing.NetworkNamespace;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flannel's VXLAN state made through our client reads back through iproute2 exactly as if {@code ip}
 * and {@code bridge} had made it, and state made with {@code ip} reads back through us as {@code ip}
 * prints it. Every test runs in namespaces it creates and deletes.
 */
class FlannelRoundTripTest {
    private static final MacAddress LOCAL_MAC = MacAddress.parse("0e:2a:00:00:00:01");
    private static final MacAddress REMOTE_MAC = MacAddress.parse("0e:2a:00:00:00:02");

    @BeforeAll
    static void privileges() {
        NetworkNamespace.requirePrivileges("bridge");
    }

    private static void underlay(NetworkNamespace ns) {
        ns.exec("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
        ns.exec("ip", "link", "set", "d0", "up");
        ns.exec("ip", "link", "set", "d0p", "up");
        ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "d0");
    }

    /** What `ip`/`bridge` print for a namespace, made comparable across namespaces. */
    private static String state(NetworkNamespace ns) {
        String link = ns.exec("ip", "-d", "link", "show", "flannel.1")
                .replaceAll("^\\d+: ", "N: ").replaceAll("link-netnsid \\d+ ?", "");
        return link.lines().filter(l -> !l.contains("addrgenmode")).collect(Collectors.joining("\n"))
                // IPv4 only: IPv6 link-local routes appear when DAD finishes, at a different moment per namespace
                + "\n--\n" + ns.exec("ip", "-4", "route", "show", "table", "all", "dev", "flannel.1")
                + "--\n" + ns.exec("ip", "-4", "neigh", "show", "dev", "flannel.1")
                + "--\n" + ns.exec("bridge", "fdb", "show", "dev", "flannel.1");
    }

    @Test
    void shouldLeaveExactlyTheStateIproute2LeavesForFlannelsSequence() {
        try (NetworkNamespace ours = NetworkNamespace.create("nlours");
                NetworkNamespace theirs = NetworkNamespace.create("nlip")) {
            underlay(ours);
            underlay(theirs);

            // flannel through iproute2
            theirs.exec("ip", "link", "add", "flannel.1", "address", "0e:2a:00:00:00:01", "mtu", "1450", "type", "vxlan",
                    "id", "1", "local", "192.0.2.1", "dev", "d0", "nolearning", "dstport", "8472");
            theirs.exec("ip", "addr", "add", "10.244.0.0/32", "dev", "flannel.1");
            theirs.exec("ip", "link", "set", "flannel.1", "up");
            theirs.exec("ip", "neigh", "replace", "10.244.1.0", "dev", "flannel.1", "lladdr", "0e:2a:00:00:00:02", "nud", "permanent");
            theirs.exec("bridge", "fdb", "replace", "0e:2a:00:00:00:02", "dev", "flannel.1", "dst", "192.0.2.2", "self", "permanent");
            theirs.exec("ip", "route", "replace", "10.244.1.0/24", "via", "10.244.1.0", "dev", "flannel.1", "onlink");

            // the same through our client
            try (RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(ours.name()))) {
                Link created = nl.addLink(LinkRequest.vxlan("flannel.1", 1).address(LOCAL_MAC).mtu(1450)
                        .local(Ipv4Address.parse("192.0.2.1")).underlay("d0").learning(false).port(8472));
                assertEquals(new Link.Vxlan(1, Ipv4Address.parse("192.0.2.1"), 8472, "d0", false), created.vxlan());
                nl.addAddress(new InterfaceAddress("flannel.1", Ipv4Address.parse("10.244.0.0"), 32, 0, false));
                nl.setLinkUp("flannel.1", true);
                nl.replaceNeighbor(Neighbor.permanent(Ipv4Address.parse("10.244.1.0"), "flannel.1", REMOTE_MAC));
                nl.replaceFdb(FdbEntry.vxlan(REMOTE_MAC, "flannel.1", Ipv4Address.parse("192.0.2.2")));
                nl.replaceRoute(Route.parse("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink"));
            }
            assertEquals(state(theirs), state(ours));

            // a lease change moves the remote's public IP: replace rewrites dst in place
            theirs.exec("bridge", "fdb", "replace", "0e:2a:00:00:00:02", "dev", "flannel.1", "dst", "192.0.2.3", "self", "permanent");
            try (RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(ours.name()))) {
                nl.replaceFdb(FdbEntry.vxlan(REMOTE_MAC, "flannel.1", Ipv4Address.parse("192.0.2.3")));
            }
            assertEquals(state(theirs), state(ours));

            // node removal: ARP, FDB, route, each deleted
            theirs.exec("ip", "neigh", "del", "10.244.1.0", "dev", "flannel.1");
            theirs.exec("bridge", "fdb", "del", "0e:2a:00:00:00:02", "dev", "flannel.1", "dst", "192.0.2.3", "self");
            theirs.exec("ip", "route", "del", "10.244.1.0/24", "via", "10.244.1.0", "dev", "flannel.1", "onlink");
            try (RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(ours.name()))) {
                nl.deleteNeighbor(Neighbor.permanent(Ipv4Address.parse("10.244.1.0"), "flannel.1", REMOTE_MAC));
                nl.deleteFdb(FdbEntry.vxlan(REMOTE_MAC, "flannel.1", Ipv4Address.parse("192.0.2.3")));
                nl.deleteRoute(Route.parse("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink"));
            }
            assertEquals(state(theirs), state(ours));
        }
    }

    @Test
    void shouldReadStateMadeByIproute2AsIproute2PrintsIt() {
        try (NetworkNamespace ns = NetworkNamespace.create("nlread")) {
            underlay(ns);
            ns.exec("ip", "link", "add", "flannel.1", "address", "0e:2a:00:00:00:01", "mtu", "1450", "type", "vxlan",
                    "id", "1", "local", "192.0.2.1", "dev", "d0", "nolearning", "dstport", "8472");
            ns.exec("ip", "link", "set", "flannel.1", "up");
            ns.exec("ip", "neigh", "replace", "10.244.1.0", "dev", "flannel.1", "lladdr", "0e:2a:00:00:00:02", "nud", "permanent");
            ns.exec("bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "flannel.1", "dst", "192.0.2.7", "self", "permanent");
            ns.exec("bridge", "fdb", "replace", "0e:2a:00:00:00:02", "dev", "flannel.1", "dst", "192.0.2.2", "self", "permanent");
            ns.exec("ip", "route", "replace", "10.244.1.0/24", "via", "10.244.1.0", "dev", "flannel.1", "onlink");
            ns.exec("ip", "route", "add", "198.51.100.0/24", "via", "192.0.2.254", "dev", "d0", "metric", "7", "table", "1000");
            ns.exec("ip", "route", "add", "203.0.113.0/24", "proto", "static", "nexthop", "via", "192.0.2.253", "weight", "2",
                    "nexthop", "via", "192.0.2.252");
            ns.exec("ip", "route", "add", "blackhole", "198.51.100.128/25");
            ns.exec("ip", "neigh", "add", "192.0.2.9", "dev", "d0", "lladdr", "02:00:00:00:00:09", "nud", "stale");

            try (RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(ns.name()))) {
                assertEquals(ns.exec("ip", "-4", "route", "show", "table", "all"), lines(nl.routes(RouteFilter.ALL)));
                assertEquals(ns.exec("ip", "route", "show"), lines(nl.routes(RouteFilter.table(254))));
                // `ip route show table 1000` drops the table word; `table all` keeps it, as Route prints it
                assertEquals(ns.exec("ip", "-4", "route", "show", "table", "all").lines().filter(l -> l.contains("table 1000"))
                        .map(l -> l + "\n").collect(Collectors.joining()), lines(nl.routes(RouteFilter.table(1000))));
                assertTrue(nl.lastDumpFiltered(), "the kernel applied the table filter (strict checking)");
                List<Route> all = nl.routes(RouteFilter.ALL);
                List<Route> onD0 = nl.routes(RouteFilter.table(254).withDevice("d0"));
                assertTrue(nl.lastDumpFiltered(), "table and output device filtered in the kernel");
                assertEquals(all.stream().filter(r -> r.table() == 254
                        && r.nextHops().stream().anyMatch(h -> "d0".equals(h.device()))).collect(Collectors.toList()), onD0);
                assertEquals(2, onD0.size(), onD0.toString()); // connected and multipath; table 1000 and flannel.1 left out
                List<Route> statics = nl.routes(RouteFilter.ALL.withProtocol(4));
                assertEquals(ns.exec("ip", "-4", "route", "show", "table", "all", "proto", "static").lines()
                        .filter(l -> !l.startsWith("\t")).count(), statics.size(), statics.toString()); // nexthop lines are not routes
                assertEquals(ns.exec("ip", "-4", "neigh", "show"), lines(nl.neighbors()));
                assertEquals(ns.exec("bridge", "fdb", "show"), lines(nl.fdb()));
                Link link = nl.link("flannel.1").orElseThrow();
                assertEquals(new Link.Vxlan(1, Ipv4Address.parse("192.0.2.1"), 8472, "d0", false), link.vxlan());
                assertEquals(1450, link.mtu());
                assertEquals(LOCAL_MAC, link.address());
                assertTrue(link.up());
                Route got = nl.getRoute(Ipv4Address.parse("10.244.1.7"), true);
                assertEquals(ns.exec("ip", "route", "get", "fibmatch", "10.244.1.7"), got + "\n");
                // the resolved answer (RTM_F_CLONED): ip prints it, then "uid N" and a cache line we do not model
                Route resolved = nl.getRoute(Ipv4Address.parse("10.244.1.7"), false);
                assertEquals(Ipv4Prefix.parse("10.244.1.7/32"), resolved.destination());
                String ipSays = ns.exec("ip", "route", "get", "10.244.1.7").lines().findFirst().orElseThrow();
                assertEquals(ipSays.replaceFirst(" uid \\d+ *$", " "), resolved.toString(), ipSays);
                assertNotNull(nl.link(link.index()).orElse(null));
                assertTrue(nl.addresses().contains(new InterfaceAddress("d0", Ipv4Address.parse("192.0.2.1"), 24, 0, false)),
                        nl.addresses().toString());
            }
        }
    }

    private static String lines(List<?> values) {
        StringBuilder out = new StringBuilder();
        for (Object v : values) {
            out.append(v).append('\n');
        }
        return out.toString();
    }
}
