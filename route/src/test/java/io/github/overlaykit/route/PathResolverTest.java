package io.github.overlaykit.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.testing.NetworkNamespace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flannel chain: route, neighbour, FDB, VTEP, underlay; offline and against the kernel. */
class PathResolverTest {

    static final String ROUTES = "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink \n"
            + "192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.1 \n"
            + "local 10.244.0.0 dev flannel.1 table local proto kernel scope host src 10.244.0.0 \n"
            + "local 192.0.2.1 dev eth0 table local proto kernel scope host src 192.0.2.1 \n"
            + "broadcast 192.0.2.255 dev eth0 table local proto kernel scope link src 192.0.2.1 \n";
    static final String LINKS = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n"
            + "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
            + "2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
            + "    link/ether 02:00:c0:00:02:01 brd ff:ff:ff:ff:ff:ff\n"
            + "4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN\n"
            + "    link/ether 02:42:0a:f4:00:00 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
            + "    vxlan id 1 local 192.0.2.1 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300\n";

    static PathResolver resolver(String neighbors, String fdb, String links) {
        Fib fib = Fib.of(IpText.parseRoutes(ROUTES, "routes"), null);
        return new PathResolver(fib, IpText.parseLinks(links, "links"), IpText.parseNeighbors(neighbors, "neigh"),
                IpText.parseFdbEntries(fdb, "fdb"));
    }

    @Test
    void completeChainOffline() {
        PathResolver resolver = resolver("10.244.1.0 dev flannel.1 lladdr 02:42:0a:f4:01:00 PERMANENT \n",
                "02:42:0a:f4:01:00 dev flannel.1 dst 192.0.2.10 self permanent\n", LINKS);
        ForwardingPath path = resolver.resolve(Ipv4Address.parse("10.244.1.8"));
        assertTrue(path.isComplete(), path::toString);
        assertEquals("10.244.1.8 via 10.244.1.0 dev flannel.1 src 10.244.0.0 uid 0 \n    cache ", path.route().getText());
        assertEquals(MacAddress.parse("02:42:0a:f4:01:00"), path.neighbor().linkLayerAddress());
        assertEquals(Ipv4Address.parse("192.0.2.10"), path.vtep());
        assertEquals(1, path.vni());
        assertEquals(8472, path.destinationPort());
        assertEquals("192.0.2.10 from 192.0.2.1 dev eth0 uid 0 \n    cache ", path.underlay().getText());
        assertTrue(path.toString().endsWith("complete"));
    }

    @Test
    void eachMissingLinkIsNamed() {
        String neighbor = "10.244.1.0 dev flannel.1 lladdr 02:42:0a:f4:01:00 PERMANENT \n";
        String fdb = "02:42:0a:f4:01:00 dev flannel.1 dst 192.0.2.10 self permanent\n";
        assertEquals(ForwardingPath.Missing.ROUTE,
                resolver(neighbor, fdb, LINKS).resolve(Ipv4Address.parse("10.244.9.9")).missing());
        assertEquals(ForwardingPath.Missing.NEIGHBOR,
                resolver("", fdb, LINKS).resolve(Ipv4Address.parse("10.244.1.8")).missing());
        assertEquals(ForwardingPath.Missing.NEIGHBOR, resolver("10.244.1.0 dev flannel.1 FAILED \n", fdb, LINKS)
                .resolve(Ipv4Address.parse("10.244.1.8")).missing());
        assertEquals(ForwardingPath.Missing.FDB_ENTRY,
                resolver(neighbor, "", LINKS).resolve(Ipv4Address.parse("10.244.1.8")).missing());
        ForwardingPath flood = resolver(neighbor, "00:00:00:00:00:00 dev flannel.1 dst 192.0.2.11 self permanent\n",
                LINKS).resolve(Ipv4Address.parse("10.244.1.8"));
        assertTrue(flood.isComplete());
        assertEquals(Ipv4Address.parse("192.0.2.11"), flood.vtep());
        assertEquals(1, flood.floodList().size());
        String down = LINKS.replace("4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP>", "4: flannel.1: <BROADCAST,MULTICAST>");
        ForwardingPath devDown = resolver(neighbor, fdb, down).resolve(Ipv4Address.parse("10.244.1.8"));
        assertEquals(ForwardingPath.Missing.DEVICE_DOWN, devDown.missing());
        assertTrue(devDown.detail().contains("flannel.1 is down"));
        String noUnderlayDevice = LINKS.replace("local 192.0.2.1 dev eth0", "local 192.0.2.1 dev eth9");
        ForwardingPath underlay = resolver(neighbor, "02:42:0a:f4:01:00 dev flannel.1 dst 203.0.113.10 self permanent\n",
                noUnderlayDevice).resolve(Ipv4Address.parse("10.244.1.8"));
        // no route to the VTEP out of eth9: the kernel assumes it is on that link
        assertEquals("eth9", underlay.underlay().device());
        PathResolver viaItself = new PathResolver(Fib.of(IpText.parseRoutes(ROUTES
                + "203.0.113.0/24 via 10.244.1.0 dev flannel.1 onlink \n", "r"), null),
                IpText.parseLinks(LINKS.replace(" dev eth0 srcport", " srcport"), "l"),
                IpText.parseNeighbors(neighbor, "n"),
                IpText.parseFdbEntries("02:42:0a:f4:01:00 dev flannel.1 dst 203.0.113.10 self permanent\n", "f"));
        assertEquals(ForwardingPath.Missing.CIRCULAR_ROUTE, viaItself.resolve(Ipv4Address.parse("10.244.1.8")).missing());
        assertNull(viaItself.resolve(Ipv4Address.parse("192.0.2.1")).neighbor());
    }

    @Test
    void linkListingIsRead() {
        List<Link> links = IpText.parseLinks(LINKS, "links");
        assertEquals(3, links.size());
        Link vxlan = links.get(2);
        assertEquals(new Link.Vxlan(1, Ipv4Address.parse("192.0.2.1"), 8472, "eth0", false), vxlan.vxlan());
        assertEquals(1450, vxlan.mtu());
        assertEquals("eth0", links.get(1).name());
        assertTrue(links.get(1).isOperational());
    }

    /** The state flannel programs, made with iproute2 in a namespace, read back as text. */
    @Test
    void kernelAgreesOnTheFlannelChain() {
        NetworkNamespace.requirePrivileges("bridge");
        try (NetworkNamespace ns = NetworkNamespace.create("flannel")) {
            ns.exec("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
            ns.exec("ip", "link", "set", "d0", "up");
            ns.exec("ip", "link", "set", "d0p", "up");
            ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "d0");
            ns.exec("ip", "link", "add", "vx0", "type", "vxlan", "id", "1", "dstport", "8472", "nolearning", "dev", "d0",
                    "local", "192.0.2.1");
            ns.exec("ip", "link", "set", "vx0", "up");
            ns.exec("ip", "addr", "add", "10.244.0.0/32", "dev", "vx0");
            ns.exec("ip", "route", "add", "10.244.1.0/24", "via", "10.244.1.0", "dev", "vx0", "onlink");
            ns.exec("ip", "neigh", "add", "10.244.1.0", "lladdr", "02:42:0a:f4:01:00", "dev", "vx0", "nud", "permanent");
            ns.exec("bridge", "fdb", "append", "02:42:0a:f4:01:00", "dev", "vx0", "dst", "192.0.2.10");
            ns.exec("ip", "route", "add", "10.244.2.0/24", "via", "10.244.2.0", "dev", "vx0", "onlink");
            ns.exec("ip", "neigh", "add", "10.244.2.0", "lladdr", "02:42:0a:f4:02:00", "dev", "vx0", "nud", "permanent");
            ns.exec("bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "vx0", "dst", "192.0.2.11");
            ns.exec("ip", "route", "add", "10.244.3.0/24", "via", "10.244.3.0", "dev", "vx0", "onlink");

            String routeText = ns.exec("ip", "-4", "route", "show", "table", "all");
            String neighText = ns.exec("ip", "-4", "neigh", "show");
            String fdbText = ns.exec("bridge", "fdb", "show");
            List<Route> routes = IpText.parseRoutes(routeText, "ip route show");
            assertEquals(routeText, IpText.formatRoutes(routes));
            List<Neighbor> neighbors = IpText.parseNeighbors(neighText, "ip neigh show");
            assertEquals(neighText, IpText.formatNeighbors(neighbors));
            List<FdbEntry> fdb = IpText.parseFdbEntries(fdbText, "bridge fdb show");
            assertEquals(fdbText, IpText.formatFdbEntries(fdb));
            Fib fib = Fib.of(routes, IpText.parseRules(ns.exec("ip", "-4", "rule", "show"), "ip rule show"));
            PathResolver resolver = new PathResolver(fib, IpText.parseLinks(ns.exec("ip", "-d", "link", "show"), "links"),
                    neighbors, fdb);

            ForwardingPath path = resolver.resolve(Ipv4Address.parse("10.244.1.8"));
            assertTrue(path.isComplete(), path::toString);
            assertEquals(ns.exec("ip", "route", "get", "10.244.1.8"), path.route().getText() + "\n");
            assertEquals(ns.exec("ip", "route", "get", "fibmatch", "10.244.1.8"), path.route().fibmatchText() + "\n");
            Neighbor kernelNeighbor = Neighbor.parse(ns.exec("ip", "neigh", "get", "10.244.1.0", "dev", "vx0").strip());
            assertEquals(kernelNeighbor.linkLayerAddress(), path.neighbor().linkLayerAddress());
            FdbEntry kernelEntry = FdbEntry.parse(ns.exec("bridge", "fdb", "get", "02:42:0a:f4:01:00", "dev", "vx0",
                    "self").strip());
            assertEquals(kernelEntry.destination(), path.vtep());
            assertEquals(ns.exec("ip", "route", "get", "192.0.2.10", "from", "192.0.2.1", "oif", "d0", "ipproto", "udp",
                    "dport", "8472"), path.underlay().getText() + "\n");
            assertEquals("d0", path.underlay().device());

            ForwardingPath flood = resolver.resolve(Ipv4Address.parse("10.244.2.8"));
            assertTrue(flood.isComplete(), flood::toString);
            assertEquals(Ipv4Address.parse("192.0.2.11"), flood.vtep());
            assertEquals(ns.exec("ip", "route", "get", "10.244.2.8"), flood.route().getText() + "\n");

            assertEquals(ForwardingPath.Missing.NEIGHBOR, resolver.resolve(Ipv4Address.parse("10.244.3.8")).missing());
            ForwardingPath unknown = resolver.resolve(Ipv4Address.parse("10.244.9.9"));
            assertEquals(ForwardingPath.Missing.ROUTE, unknown.missing());
            NetworkNamespace.Result kernel = ns.execAny("ip", "route", "get", "10.244.9.9");
            assertEquals(kernel.stderr().strip(), unknown.route().getText());
        }
    }
}
