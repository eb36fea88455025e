package io.github.overlaykit.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.InterfaceAddress;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.NeighborFlag;
import io.github.overlaykit.route.NeighborState;
import io.github.overlaykit.route.Route;
import io.github.overlaykit.route.RouteCommand;
import io.github.overlaykit.route.Rule;
import io.github.overlaykit.testing.NetworkNamespace;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every write operation, done once through our client in one namespace and once through
 * {@code ip}/{@code bridge} in another, leaves state that iproute2 prints identically; after each step
 * the two namespaces are compared with {@code ip -d link}, {@code ip addr}, {@code ip route show table
 * all}, {@code ip rule}, {@code ip neigh} and {@code bridge fdb show}.
 */
class OperationsRoundTripTest {
    private static final String[][] SHOW = {
        {"ip", "-d", "-4", "link", "show"},
        {"ip", "-4", "addr", "show"},
        {"ip", "-4", "route", "show", "table", "all"},
        {"ip", "-4", "rule", "show"},
        {"ip", "-4", "neigh", "show"},
        {"bridge", "fdb", "show", "dev", "vx0"},
        {"bridge", "fdb", "show", "br0"},
    };

    @BeforeAll
    static void privileges() {
        NetworkNamespace.requirePrivileges("bridge");
    }

    private record Step(String description, Consumer<RtnetlinkClient> ours, String[] theirs) {
    }

    private static Step step(String ip, Consumer<RtnetlinkClient> ours) {
        return new Step(ip, ours, ip.split(" "));
    }

    private static void base(NetworkNamespace ns) {
        ns.exec("ip", "link", "add", "d0", "address", "02:00:00:00:00:d0", "type", "veth", "peer", "name", "d0p",
                "address", "02:00:00:00:00:d1");
        ns.exec("ip", "link", "set", "d0", "up");
        ns.exec("ip", "link", "set", "d0p", "up");
        ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "d0");
    }

    private static String normalize(String text) {
        // ifindexes and netnsids may differ between the two namespaces; the allmulti/promisc counts do not
        return text.replaceAll("(?m)^\\d+: ", "N: ").replaceAll("link-netnsid \\d+ ?", "")
                .replaceAll("@if\\d+", "@ifN").replaceAll("(?m)^\\s+(link/ether \\S+) brd", "    $1 brd")
                .replaceAll("33:33:ff:\\S+", "33:33:ff:..").replaceAll("addrgenmode \\S+ ", "").replaceAll("_timer\\s+[\\d.]+", "_timer T");
    }

    @Test
    void shouldLeaveWhatIproute2LeavesForEveryOperation() {
        MacAddress m1 = MacAddress.parse("0e:2a:00:00:00:01");
        MacAddress m2 = MacAddress.parse("0e:2a:00:00:00:02");
        List<Step> steps = List.of(
                step("ip link add vx0 address 0e:2a:00:00:00:0a mtu 1400 type vxlan id 42 local 192.0.2.1 dev d0 dstport 4789 "
                        + "ttl 64 tos 0 srcport 1000 2000 noudpcsum ageing 120 nolearning",
                        nl -> nl.addLink(LinkRequest.vxlan("vx0", 42).address(MacAddress.parse("0e:2a:00:00:00:0a")).mtu(1400)
                                .local(Ipv4Address.parse("192.0.2.1")).underlay("d0").port(4789).ttl(64).tos(0)
                                .sourcePortRange(1000, 2000).udpChecksum(false).ageing(120).learning(false))),
                step("ip link set vx0 up", nl -> nl.setLinkUp("vx0", true)),
                step("ip link add vx1 address 0e:2a:00:00:00:0b type vxlan id 43 dstport 4789 gbp proxy l2miss l3miss "
                        + "maxaddress 100 remote 198.51.100.9 dev d0",
                        nl -> nl.addLink(LinkRequest.vxlan("vx1", 43).address(MacAddress.parse("0e:2a:00:00:00:0b")).port(4789)
                                .gbp(true).proxy(true).misses(true, true).limit(100).group(Ipv4Address.parse("198.51.100.9"))
                                .underlay("d0"))),
                step("ip link set vx0 mtu 1350", nl -> nl.setLinkMtu("vx0", 1350)),
                step("ip link add br0 address 02:00:00:00:00:b0 type bridge",
                        nl -> nl.addLink(LinkRequest.bridge("br0").address(MacAddress.parse("02:00:00:00:00:b0")))),
                step("ip link add v1 address 02:00:00:00:00:01 type veth peer name v1p address 02:00:00:00:00:02",
                        nl -> {
                            nl.addLink(LinkRequest.veth("v1", "v1p").address(MacAddress.parse("02:00:00:00:00:01")));
                            nl.setLinkAddress("v1p", MacAddress.parse("02:00:00:00:00:02"));
                        }),
                step("ip link set v1 master br0", nl -> nl.setLinkMaster("v1", "br0")),
                step("ip link set v1 up", nl -> nl.setLinkUp("v1", true)),
                step("ip link set br0 up", nl -> nl.setLinkUp("br0", true)),
                step("ip addr add 10.244.0.0/32 dev vx0",
                        nl -> nl.addAddress(new InterfaceAddress("vx0", Ipv4Address.parse("10.244.0.0"), 32, 0, false))),
                step("ip addr add 198.51.100.7/25 dev br0",
                        nl -> nl.addAddress(new InterfaceAddress("br0", Ipv4Address.parse("198.51.100.7"), 25, 0, false))),
                step("ip addr del 198.51.100.7/25 dev br0",
                        nl -> nl.deleteAddress(new InterfaceAddress("br0", Ipv4Address.parse("198.51.100.7"), 25, 0, false))),
                route("ip route add 10.244.1.0/24 via 10.244.1.0 dev vx0 onlink"),
                route("ip route add 203.0.113.0/24 via 192.0.2.254 dev d0 metric 20 mtu 1300 advmss 1260"),
                route("ip route add 203.0.113.0/24 via 192.0.2.253 dev d0 metric 30 table 1000 proto static"),
                route("ip route append 203.0.113.0/24 via 192.0.2.252 dev d0 metric 30 table 1000 proto static"),
                route("ip route add 198.51.100.0/24 proto 99 nexthop via 192.0.2.250 dev d0 weight 3 nexthop via 192.0.2.251 dev d0"),
                route("ip route replace 10.244.1.0/24 via 10.244.1.0 dev vx0 onlink src 10.244.0.0"),
                route("ip route change 203.0.113.0/24 via 192.0.2.249 dev d0 metric 20"),
                route("ip route add default via 192.0.2.254 dev d0 table 7"),
                route("ip route add blackhole 198.51.100.128/25"),
                route("ip route add unreachable 198.51.100.64/26 table 7"),
                route("ip route add 192.0.2.128/25 dev d0 scope link table 7"),
                route("ip route del 203.0.113.0/24 via 192.0.2.252 dev d0 metric 30 table 1000"),
                route("ip route del default table 7"),
                step("ip rule add pref 100 from 10.244.0.0/16 to 198.51.100.0/24 fwmark 0x10/0xff lookup 1000",
                        nl -> nl.addRule(Rule.parse("100:\tfrom 10.244.0.0/16 to 198.51.100.0/24 fwmark 0x10/0xff lookup 1000"))),
                step("ip rule add pref 200 not from 10.0.0.0/8 iif d0 lookup 7",
                        nl -> nl.addRule(Rule.parse("200:\tnot from 10.0.0.0/8 iif d0 lookup 7"))),
                step("ip rule del pref 200", nl -> nl.deleteRule(Rule.parse("200:\tnot from 10.0.0.0/8 iif d0 lookup 7"))),
                neigh("permanent", "192.0.2.10", NeighborState.PERMANENT, m1),
                neigh("noarp", "192.0.2.11", NeighborState.NOARP, m1),
                neigh("stale", "192.0.2.13", NeighborState.STALE, m2),
                // states with running timers are compared right away and removed before the next step
                neigh("reachable", "192.0.2.12", NeighborState.REACHABLE, m2), unneigh("192.0.2.12"),
                neigh("delay", "192.0.2.14", NeighborState.DELAY, m2), unneigh("192.0.2.14"),
                neigh("probe", "192.0.2.15", NeighborState.PROBE, m2), unneigh("192.0.2.15"),
                neigh("incomplete", "192.0.2.16", NeighborState.INCOMPLETE, null), unneigh("192.0.2.16"),
                step("ip neigh replace 192.0.2.10 dev d0 lladdr 0e:2a:00:00:00:02 nud permanent",
                        nl -> nl.replaceNeighbor(Neighbor.permanent(Ipv4Address.parse("192.0.2.10"), "d0", m2))),
                step("ip neigh del 192.0.2.11 dev d0",
                        nl -> nl.deleteNeighbor(new Neighbor(Ipv4Address.parse("192.0.2.11"), "d0", null, Set.of(), Set.of(), -1))),
                step("bridge fdb add 0e:2a:00:00:00:01 dev vx0 dst 192.0.2.2 self permanent",
                        nl -> nl.addFdb(FdbEntry.vxlan(m1, "vx0", Ipv4Address.parse("192.0.2.2")))),
                step("bridge fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.3 self permanent",
                        nl -> nl.appendFdb(FdbEntry.vxlan(MacAddress.ZERO, "vx0", Ipv4Address.parse("192.0.2.3")))),
                step("bridge fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.4 self permanent",
                        nl -> nl.appendFdb(FdbEntry.vxlan(MacAddress.ZERO, "vx0", Ipv4Address.parse("192.0.2.4")))),
                step("bridge fdb add 0e:2a:00:00:00:02 dev vx0 dst 192.0.2.5 port 8472 vni 4000 src_vni 42 via d0 self static",
                        nl -> nl.addFdb(new FdbEntry(m2, "vx0", Ipv4Address.parse("192.0.2.5"), 0, 8472, 4000, 42, "d0", null,
                                Set.of(NeighborFlag.SELF), Set.of(NeighborState.NOARP)))),
                step("bridge fdb replace 0e:2a:00:00:00:01 dev vx0 dst 192.0.2.6 self permanent",
                        nl -> nl.replaceFdb(FdbEntry.vxlan(m1, "vx0", Ipv4Address.parse("192.0.2.6")))),
                step("bridge fdb del 00:00:00:00:00:00 dev vx0 dst 192.0.2.3 self",
                        nl -> nl.deleteFdb(FdbEntry.vxlan(MacAddress.ZERO, "vx0", Ipv4Address.parse("192.0.2.3")))),
                step("bridge fdb add 0e:2a:00:00:00:03 dev v1 master static",
                        nl -> nl.addFdb(new FdbEntry(MacAddress.parse("0e:2a:00:00:00:03"), "v1", null, 0, -1, -1, -1, null, null,
                                Set.of(NeighborFlag.MASTER), Set.of(NeighborState.NOARP)))),
                step("ip link set v1 nomaster", nl -> nl.setLinkMaster("v1", null)),
                step("ip link set vx0 down", nl -> nl.setLinkUp("vx0", false)),
                step("ip link del v1", nl -> nl.deleteLink("v1")));

        try (NetworkNamespace ours = NetworkNamespace.create("nlops");
                NetworkNamespace theirs = NetworkNamespace.create("nlopsip")) {
            base(ours);
            base(theirs);
            try (RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(ours.name()))) {
                for (Step s : steps) {
                    theirs.exec(s.theirs());
                    s.ours().accept(nl);
                    for (String[] show : SHOW) {
                        assertEquals(comparable(show, theirs.exec(show)), comparable(show, ours.exec(show)),
                                "after `" + s.description() + "`: " + String.join(" ", show));
                    }
                }
            }
        }
    }

    private static Step route(String ip) {
        RouteCommand command = RouteCommand.parse(ip);
        Route r = command.route();
        return step(ip, nl -> {
            switch (command.operation()) {
                case ADD: nl.addRoute(r); break;
                case APPEND: nl.appendRoute(r); break;
                case PREPEND: nl.prependRoute(r); break;
                case REPLACE: nl.replaceRoute(r); break;
                case CHANGE: nl.changeRoute(r); break;
                default: nl.deleteRoute(r); break;
            }
        });
    }

    private static Step neigh(String nud, String address, NeighborState state, MacAddress mac) {
        String ip = "ip neigh add " + address + " dev d0" + (mac != null ? " lladdr " + mac : "") + " nud " + nud;
        return step(ip, nl -> nl.addNeighbor(new Neighbor(Ipv4Address.parse(address), "d0", mac, Set.of(state), Set.of(), -1)));
    }

    private static Step unneigh(String address) {
        return step("ip neigh del " + address + " dev d0", nl -> nl.deleteNeighbor(
                new Neighbor(Ipv4Address.parse(address), "d0", null, Set.of(), Set.of(), -1)));
    }

    /** Neighbour and FDB tables are hash tables: their dump order differs between namespaces. */
    private static String comparable(String[] show, String text) {
        String normalized = normalize(text);
        if (show[1].equals("fdb") || show[show.length - 2].equals("neigh")) {
            // vx0 floods to its VTEPs 192.0.2.2-6, so the kernel resolves them on d0 on its own schedule
            return normalized.lines().filter(l -> !l.matches("192\\.0\\.2\\.[2-6] dev d0 +(INCOMPLETE|FAILED) *"))
                    .sorted().collect(java.util.stream.Collectors.joining("\n"));
        }
        return normalized;
    }

    @Test
    void shouldMoveALinkIntoAnotherNamespaceAndRunJavaSocketsInside() throws Exception {
        try (NetworkNamespace a = NetworkNamespace.create("nlmva");
                NetworkNamespace b = NetworkNamespace.create("nlmvb");
                RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(a.name()))) {
            nl.addLink(LinkRequest.veth("m0", "m0p"));
            nl.moveLink("m0p", NetNamespace.named(b.name()));
            assertTrue(b.exec("ip", "link", "show", "m0p").contains("m0p@"), "moved into b");
            assertTrue(nl.link("m0p").isEmpty(), "gone from a");
            nl.addAddress(new InterfaceAddress("m0", Ipv4Address.parse("192.0.2.1"), 24, 0, false));
            nl.setLinkUp("m0", true);
            try (RtnetlinkClient inB = RtnetlinkClient.open(NetNamespace.named(b.name()))) {
                inB.addAddress(new InterfaceAddress("m0p", Ipv4Address.parse("192.0.2.2"), 24, 0, false));
                inB.setLinkUp("m0p", true);
            }
            // a Java server socket created inside b answers a Java client created inside a
            NetNamespace nsB = NetNamespace.named(b.name());
            try (java.net.ServerSocket server = nsB.call(() -> new java.net.ServerSocket(8080, 1,
                    java.net.InetAddress.getByName("192.0.2.2")))) {
                Thread accept = new Thread(() -> {
                    try (java.net.Socket s = server.accept()) {
                        s.getOutputStream().write("hello from b\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                accept.start();
                String got = NetNamespace.named(a.name()).call(() -> {
                    try (java.net.Socket s = new java.net.Socket("192.0.2.2", 8080)) {
                        return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                    }
                });
                accept.join();
                assertEquals("hello from b\n", got);
            }
            // the same namespace by path and by an open descriptor (which the caller keeps owning)
            try (RtnetlinkClient byPath = RtnetlinkClient.open(NetNamespace.ofPath(java.nio.file.Path.of("/run/netns", b.name())))) {
                assertTrue(byPath.link("m0p").isPresent());
            }
            int fd = nsB.openDescriptor();
            try (RtnetlinkClient byFd = RtnetlinkClient.open(NetNamespace.ofFd(fd))) {
                assertTrue(byFd.link("m0p").isPresent());
            } finally {
                NetNamespace.ofPath(java.nio.file.Path.of("/run/netns", b.name())).closeDescriptor(fd);
            }
            NetlinkException missing = org.junit.jupiter.api.Assertions.assertThrows(NetlinkException.class,
                    () -> RtnetlinkClient.open(NetNamespace.named("ok-no-such-namespace")));
            assertEquals("ENOENT", missing.errnoName());
            assertTrue(missing.getMessage().contains("/run/netns/ok-no-such-namespace"), missing.getMessage());
            // the namespace of a process: ours by pid reaches the host namespace, which this test only reads
            try (RtnetlinkClient byPid = RtnetlinkClient.open(NetNamespace.ofPid(ProcessHandle.current().pid()))) {
                assertTrue(byPid.link("lo").isPresent());
            }
        }
    }
}
