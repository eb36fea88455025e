package io.github.overlaykit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.netlink.NetlinkEvent;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.Route;
import io.github.overlaykit.testing.NetworkNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code overlaykit overlay-agent} in network namespaces: from empty, after a lease change, after a node
 * removal and after manual drift the kernel holds exactly what the node list asks (read back with
 * iproute2, compared with text this test writes from the list itself), a second run plans nothing, two
 * agents carry real pod traffic over VXLAN, and host-gw works on one segment and is refused behind a
 * router.
 */
class OverlayAgentTest {
    private static final String MAC_A = "0e:2a:0a:f4:00:00";
    private static final String MAC_B = "0e:2a:0a:f4:01:00";
    private static final String MAC_B_NEW = "0e:2a:0a:f4:05:00";
    private static final String MAC_C = "0e:2a:0a:f4:02:00";

    @TempDir
    Path dir;


    private static Run agent(String... args) {
        return Run.of("overlay-agent", args);
    }

    private Path nodes(String... lines) throws IOException {
        Path file = dir.resolve("nodes.txt");
        Files.writeString(file, "# name   pod-cidr       public-ip    vtep-mac\n" + String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
        return file;
    }

    /** A node's namespace: underlay eth0 (a veth to the peer), IPv6 off, forwarding on, and a pod namespace behind cni0. */
    private static final class Node implements AutoCloseable {
        final NetworkNamespace ns;
        final NetworkNamespace pod;

        Node(String tag, String podGateway, String podAddress) {
            ns = NetworkNamespace.create(tag);
            pod = NetworkNamespace.create(tag + "p");
            for (NetworkNamespace n : List.of(ns, pod)) {
                n.exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            }
            ns.exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
            ns.exec("ip", "link", "add", "cni0", "type", "veth", "peer", "name", "eth0", "netns", pod.name());
            ns.exec("ip", "addr", "add", podGateway + "/24", "dev", "cni0");
            ns.exec("ip", "link", "set", "cni0", "up");
            pod.exec("ip", "addr", "add", podAddress + "/24", "dev", "eth0");
            pod.exec("ip", "link", "set", "eth0", "up");
            pod.exec("ip", "route", "add", "default", "via", podGateway);
        }

        /** Joins this node's {@code local} device to {@code peer}'s {@code remote} device and addresses this end. */
        void link(String local, Node peer, String remote, String cidr) {
            ns.exec("ip", "link", "add", local, "type", "veth", "peer", "name", remote, "netns", peer.ns.name());
            peer.ns.exec("ip", "link", "set", remote, "up");
            address(local, cidr);
        }

        void address(String device, String cidr) {
            ns.exec("ip", "addr", "add", cidr, "dev", device);
            ns.exec("ip", "link", "set", device, "up");
        }

        String name() {
            return ns.name();
        }

        @Override
        public void close() {
            pod.close();
            ns.close();
        }
    }

    private static Node nodeA() {
        return new Node("oaa", "10.244.0.1", "10.244.0.2");
    }

    private static Node nodeB() {
        return new Node("oab", "10.244.1.1", "10.244.1.2");
    }

    /** What {@code ip route show} must print on a node: its own routes plus one onlink route per peer. */
    private static TreeSet<String> lines(String text) {
        TreeSet<String> set = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                set.add(line.stripTrailing());
            }
        }
        return set;
    }

    private static void assertKernel(NetworkNamespace ns, String ownCidr, String ownUnderlay, String ownMac, String[]... peers) {
        TreeSet<String> routes = new TreeSet<>();
        routes.add(ownCidr + " dev cni0 proto kernel scope link src " + ownCidr.replace("0/24", "1"));
        routes.add("192.0.2.0/24 dev eth0 proto kernel scope link src " + ownUnderlay);
        TreeSet<String> neighbours = new TreeSet<>();
        TreeSet<String> fdb = new TreeSet<>();
        for (String[] peer : peers) { // name, cidr, public ip, mac
            String vtep = peer[1].substring(0, peer[1].indexOf('/'));
            routes.add(peer[1] + " via " + vtep + " dev flannel.1 onlink");
            neighbours.add(vtep + " lladdr " + peer[3] + " PERMANENT");
            fdb.add(peer[3] + " dst " + peer[2] + " self permanent");
        }
        assertEquals(routes, lines(ns.exec("ip", "route", "show")), "ip route show");
        assertEquals(neighbours, lines(ns.exec("ip", "neigh", "show", "dev", "flannel.1")), "ip neigh show dev flannel.1");
        assertEquals(fdb, lines(ns.exec("bridge", "fdb", "show", "dev", "flannel.1")), "bridge fdb show dev flannel.1");
        String link = ns.exec("ip", "-d", "link", "show", "flannel.1");
        assertTrue(link.contains("mtu 1450 "), link);
        assertTrue(link.contains("link/ether " + ownMac + " "), link);
        assertTrue(link.contains("vxlan id 1 local " + ownUnderlay + " dev eth0 srcport 0 0 dstport 8472 nolearning "), link);
        assertTrue(link.contains(",UP,LOWER_UP>"), link);
        String vtepAddress = ownCidr.replace("/24", "/32");
        assertEquals(List.of("inet " + vtepAddress), addresses(ns, "flannel.1"));
    }

    private static List<String> addresses(NetworkNamespace ns, String device) {
        List<String> result = new ArrayList<>();
        for (String line : ns.exec("ip", "-4", "-o", "addr", "show", "dev", device).split("\n")) {
            String[] words = line.trim().split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                if (words[i].equals("inet")) {
                    result.add("inet " + words[i + 1]);
                }
            }
        }
        return result;
    }

    private static String[] peer(String name, String cidr, String publicIp, String mac) {
        return new String[] {name, cidr, publicIp, mac};
    }

    private static List<String> commands(String out) {
        return Arrays.stream(out.split("\n")).filter(l -> l.startsWith("ip ") || l.startsWith("bridge ")).toList();
    }

    @Test
    void shouldMakeTheKernelEqualTheListFromEmptyAfterLeaseChangeAndNodeRemoval() throws IOException {
        NetworkNamespace.requirePrivileges("bridge");
        try (Node a = nodeA(); Node b = nodeB()) {
            a.link("eth0", b, "eth0", "192.0.2.1/24");
            b.address("eth0", "192.0.2.2/24");
            Path file = nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-b 10.244.1.0/24 192.0.2.2 " + MAC_B,
                    "node-c 10.244.2.0/24 192.0.2.3 " + MAC_C + "   # not started yet");
            String before = a.ns.exec("ip", "route", "show");

            Run dry = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--dry-run");
            assertEquals(0, dry.exit(), dry.err());
            assertEquals(before, a.ns.exec("ip", "route", "show"), "a dry run changes nothing");
            assertFalse(a.ns.execAny("ip", "link", "show", "flannel.1").exitCode() == 0, "no device after a dry run");
            List<String> expectedPlan = List.of(
                    "ip link add flannel.1 address " + MAC_A + " mtu 1450 type vxlan id 1 local 192.0.2.1 dev eth0 dstport 8472 nolearning",
                    "ip link set flannel.1 up",
                    "ip addr add 10.244.0.0/32 dev flannel.1",
                    "ip neigh replace 10.244.1.0 lladdr " + MAC_B + " dev flannel.1 nud permanent",
                    "ip neigh replace 10.244.2.0 lladdr " + MAC_C + " dev flannel.1 nud permanent",
                    "bridge fdb replace " + MAC_B + " dev flannel.1 dst 192.0.2.2 self permanent",
                    "bridge fdb replace " + MAC_C + " dev flannel.1 dst 192.0.2.3 self permanent",
                    "ip route replace 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink",
                    "ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink");
            assertEquals(expectedPlan, commands(dry.out()));
            assertTrue(dry.out().endsWith("# 9 changes planned (dry run, none applied)\n"), dry.out());

            // from empty
            Run first = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name());
            assertEquals(0, first.exit(), first.err());
            assertEquals(expectedPlan, commands(first.out()));
            assertKernel(a.ns, "10.244.0.0/24", "192.0.2.1", MAC_A, peer("node-b", "10.244.1.0/24", "192.0.2.2", MAC_B),
                    peer("node-c", "10.244.2.0/24", "192.0.2.3", MAC_C));
            Run second = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name());
            assertEquals("# in sync: nothing to change\n", second.out(), "a second run plans nothing");

            // lease change: node-b got another subnet and VTEP MAC, node-c moved to another address
            nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-b 10.244.5.0/24 192.0.2.2 " + MAC_B_NEW,
                    "node-c 10.244.2.0/24 192.0.2.30 " + MAC_C);
            Run lease = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name());
            assertEquals(0, lease.exit(), lease.err());
            assertEquals(List.of(
                    "ip route del 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink",
                    "ip neigh del 10.244.1.0 dev flannel.1",
                    "bridge fdb del " + MAC_B + " dev flannel.1 dst 192.0.2.2 self",
                    "ip neigh replace 10.244.5.0 lladdr " + MAC_B_NEW + " dev flannel.1 nud permanent",
                    "bridge fdb replace " + MAC_C + " dev flannel.1 dst 192.0.2.30 self permanent",
                    "bridge fdb replace " + MAC_B_NEW + " dev flannel.1 dst 192.0.2.2 self permanent",
                    "ip route replace 10.244.5.0/24 via 10.244.5.0 dev flannel.1 onlink"), commands(lease.out()));
            assertKernel(a.ns, "10.244.0.0/24", "192.0.2.1", MAC_A, peer("node-b", "10.244.5.0/24", "192.0.2.2", MAC_B_NEW),
                    peer("node-c", "10.244.2.0/24", "192.0.2.30", MAC_C));

            // node removal
            nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-b 10.244.5.0/24 192.0.2.2 " + MAC_B_NEW);
            Run removal = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name());
            assertEquals(List.of(
                    "ip route del 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink",
                    "ip neigh del 10.244.2.0 dev flannel.1",
                    "bridge fdb del " + MAC_C + " dev flannel.1 dst 192.0.2.30 self"), commands(removal.out()));
            assertKernel(a.ns, "10.244.0.0/24", "192.0.2.1", MAC_A, peer("node-b", "10.244.5.0/24", "192.0.2.2", MAC_B_NEW));
            assertEquals("# in sync: nothing to change\n",
                    agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name()).out());

            // this node's own lease changes: address and MAC follow, the device is kept
            nodes("node-a 10.244.7.0/24 192.0.2.1 0e:2a:0a:f4:07:00", "node-b 10.244.5.0/24 192.0.2.2 " + MAC_B_NEW);
            Run own = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name());
            assertEquals(List.of("ip link set flannel.1 address 0e:2a:0a:f4:07:00", "ip addr del 10.244.0.0/32 dev flannel.1",
                    "ip addr add 10.244.7.0/32 dev flannel.1"), commands(own.out()));
            assertEquals(List.of("inet 10.244.7.0/32"), addresses(a.ns, "flannel.1"));

            // another VNI cannot be set in place: the device is recreated and refilled
            Run vni = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--vni", "2");
            assertEquals(List.of("ip link del flannel.1",
                    "ip link add flannel.1 address 0e:2a:0a:f4:07:00 mtu 1450 type vxlan id 2 local 192.0.2.1 dev eth0 dstport 8472 nolearning",
                    "ip link set flannel.1 up", "ip addr add 10.244.7.0/32 dev flannel.1",
                    "ip neigh replace 10.244.5.0 lladdr " + MAC_B_NEW + " dev flannel.1 nud permanent",
                    "bridge fdb replace " + MAC_B_NEW + " dev flannel.1 dst 192.0.2.2 self permanent",
                    "ip route replace 10.244.5.0/24 via 10.244.5.0 dev flannel.1 onlink"), commands(vni.out()));
            assertTrue(vni.out().startsWith("# flannel.1: vxlan settings differ: vxlan id 1 local 192.0.2.1 dev eth0 dstport 8472"
                    + " nolearning\n"), vni.out());
            assertTrue(a.ns.exec("ip", "-d", "link", "show", "flannel.1").contains("vxlan id 2 local 192.0.2.1 dev eth0 "));
            assertTrue(a.ns.exec("ip", "route", "show").contains("10.244.5.0/24 via 10.244.5.0 dev flannel.1 onlink"));

            // the underlay and the pod bridge were never touched
            assertTrue(a.ns.exec("ip", "route", "show").contains("192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.1"));
            assertTrue(a.ns.exec("ip", "route", "show").contains("10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1"));
        }
    }

    @Test
    void shouldPrintAPlanThatIproute2ReproducesExactly() throws IOException {
        NetworkNamespace.requirePrivileges("bridge");
        try (Node a = nodeA(); Node twin = nodeA(); Node b = nodeB(); Node b2 = nodeB()) {
            a.link("eth0", b, "eth0", "192.0.2.1/24");
            twin.link("eth0", b2, "eth0", "192.0.2.1/24");
            Path file = nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-b 10.244.1.0/24 192.0.2.2 " + MAC_B,
                    "node-c 10.244.2.0/24 192.0.2.3 " + MAC_C);
            // some drift first, so the plan has deletions and in-place updates too
            Run first = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name());
            for (String[] command : commands(first.out()).stream().map(l -> l.split(" ")).toList()) {
                twin.ns.exec(command);
            }
            for (NetworkNamespace ns : List.of(a.ns, twin.ns)) {
                ns.exec("ip", "route", "replace", "10.244.1.0/24", "via", "10.244.1.0", "dev", "flannel.1", "onlink", "metric", "7");
                ns.exec("ip", "neigh", "replace", "10.244.9.0", "lladdr", "0e:00:00:00:00:09", "dev", "flannel.1", "nud", "permanent");
                ns.exec("bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "flannel.1", "dst", "192.0.2.99", "self", "permanent");
                ns.exec("bridge", "fdb", "replace", MAC_C, "dev", "flannel.1", "dst", "192.0.2.77", "self", "permanent");
                ns.exec("ip", "addr", "add", "10.244.99.1/24", "dev", "flannel.1");
                ns.exec("ip", "link", "set", "flannel.1", "mtu", "1400");
            }
            Run repair = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name());
            assertEquals(0, repair.exit(), repair.err());
            List<String> plan = commands(repair.out());
            assertEquals(6, plan.size(), repair.out());
            for (String line : plan) {
                twin.ns.exec(line.split(" "));
            }
            for (String[] show : new String[][] {{"ip", "route", "show"}, {"ip", "neigh", "show", "dev", "flannel.1"},
                {"bridge", "fdb", "show", "dev", "flannel.1"}, {"ip", "-4", "-o", "addr", "show", "dev", "flannel.1"}}) {
                // as sets: the neighbour table's order follows a per-table random hash seed
                assertEquals(lines(twin.ns.exec(show)), lines(a.ns.exec(show)), String.join(" ", show));
            }
            assertKernel(a.ns, "10.244.0.0/24", "192.0.2.1", MAC_A, peer("node-b", "10.244.1.0/24", "192.0.2.2", MAC_B),
                    peer("node-c", "10.244.2.0/24", "192.0.2.3", MAC_C));
        }
    }

    @Test
    void shouldCarryPodTrafficBetweenTwoAgents() throws IOException {
        NetworkNamespace.requirePrivileges("bridge", "ping");
        try (Node a = nodeA(); Node b = nodeB()) {
            a.link("eth0", b, "eth0", "192.0.2.1/24");
            b.address("eth0", "192.0.2.2/24");
            Path file = nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-b 10.244.1.0/24 192.0.2.2 " + MAC_B);
            assertEquals(0, agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name()).exit());
            assertEquals(0, agent("--nodes", file.toString(), "--node", "node-b", "-n", b.name()).exit());
            NetworkNamespace.Result ping = a.pod.execAny("ping", "-c", "3", "-i", "0.2", "-W", "2", "10.244.1.2");
            assertEquals(0, ping.exitCode(), ping.stdout() + ping.stderr());
            assertTrue(ping.stdout().contains("3 packets transmitted, 3 received"), ping.stdout());
            // the packets went through the VXLAN devices, not around them
            assertTrue(txPackets(a.ns, "flannel.1") >= 3, a.ns.exec("ip", "-s", "link", "show", "flannel.1"));
            assertTrue(txPackets(b.ns, "flannel.1") >= 3, b.ns.exec("ip", "-s", "link", "show", "flannel.1"));
            assertEquals("10.244.1.2 via 10.244.1.0 dev flannel.1 src 10.244.0.0 uid 0 \n    cache \n",
                    a.ns.exec("ip", "route", "get", "10.244.1.2"));
        }
    }

    private static long txPackets(NetworkNamespace ns, String device) {
        String[] lines = ns.exec("ip", "-s", "link", "show", device).split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].trim().startsWith("TX:")) {
                return Long.parseLong(lines[i + 1].trim().split("\\s+")[1]);
            }
        }
        throw new AssertionError("no TX counters for " + device);
    }

    @Test
    void shouldRepairDriftAndFollowTheFileWhenWatching() throws Exception {
        NetworkNamespace.requirePrivileges("bridge");
        try (Node a = nodeA(); Node b = nodeB()) {
            a.link("eth0", b, "eth0", "192.0.2.1/24");
            Path file = nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-b 10.244.1.0/24 192.0.2.2 " + MAC_B);
            Run[] result = new Run[1];
            Thread watcher = new Thread(() -> result[0] = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(),
                    "--watch"), "overlay-agent --watch");
            watcher.start();
            try {
                String route = "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink";
                await(() -> a.ns.execAny("ip", "route", "show").stdout().contains(route), "the first reconcile");

                a.ns.exec("ip", "route", "del", "10.244.1.0/24");
                await(() -> a.ns.exec("ip", "route", "show").contains(route), "the hand-deleted route back");

                a.ns.exec("ip", "neigh", "del", "10.244.1.0", "dev", "flannel.1");
                a.ns.exec("bridge", "fdb", "del", MAC_B, "dev", "flannel.1", "dst", "192.0.2.2", "self");
                await(() -> a.ns.exec("ip", "neigh", "show", "dev", "flannel.1").contains("10.244.1.0 lladdr " + MAC_B + " PERMANENT")
                        && a.ns.exec("bridge", "fdb", "show", "dev", "flannel.1").contains(MAC_B + " dst 192.0.2.2 self permanent"),
                        "the hand-deleted neighbour and FDB entry back");

                a.ns.exec("ip", "route", "add", "10.244.9.0/24", "via", "10.244.9.0", "dev", "flannel.1", "onlink");
                await(() -> !a.ns.exec("ip", "route", "show").contains("10.244.9.0/24"), "a hand-added stray route removed");

                a.ns.exec("ip", "link", "set", "flannel.1", "down");
                await(() -> a.ns.exec("ip", "link", "show", "flannel.1").contains(",UP,"), "the device up again");

                a.ns.exec("ip", "link", "del", "flannel.1");
                await(() -> a.ns.exec("bridge", "fdb", "show").contains(MAC_B + " dev flannel.1 dst 192.0.2.2 self permanent")
                        && a.ns.exec("ip", "route", "show").contains(route), "the hand-deleted device and its entries back");
                assertKernel(a.ns, "10.244.0.0/24", "192.0.2.1", MAC_A, peer("node-b", "10.244.1.0/24", "192.0.2.2", MAC_B));

                nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-c 10.244.2.0/24 192.0.2.3 " + MAC_C);
                await(() -> a.ns.exec("ip", "route", "show").contains("10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink")
                        && !a.ns.exec("ip", "route", "show").contains("10.244.1.0/24"), "the changed node list applied");

                Files.writeString(file, "node-a 10.244.0.0/24 192.0.2.1\n", StandardCharsets.UTF_8);
                Thread.sleep(1500);
                assertTrue(a.ns.exec("ip", "route", "show").contains("10.244.2.0/24"), "a bad file keeps the last good list");
                assertKernel(a.ns, "10.244.0.0/24", "192.0.2.1", MAC_A, peer("node-c", "10.244.2.0/24", "192.0.2.3", MAC_C));
            } finally {
                watcher.interrupt();
                watcher.join(10_000);
            }
            assertFalse(watcher.isAlive(), "the agent stops when interrupted");
            Run run = result[0];
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.err().contains("nodes.txt:1:31: expected NAME POD_CIDR PUBLIC_IP VTEP_MAC, found 3 fields"
                    + " (keeping the last good list)"), run.err());
            assertTrue(run.out().contains("kernel changed\nip route replace 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink\n"),
                    run.out());
            assertTrue(run.out().contains("ip route del 10.244.9.0/24 via 10.244.9.0 dev flannel.1 onlink\n"), run.out());
            assertTrue(run.out().contains("node list changed\n"), run.out());
            assertTrue(run.out().endsWith("# stopped\n"), run.out());
        }
    }

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("waited 10 s for " + what);
    }

    @Test
    void shouldRouteHostGwOnOneSegment() throws IOException {
        NetworkNamespace.requirePrivileges("bridge", "ping");
        try (Node a = nodeA(); Node b = nodeB()) {
            a.link("eth0", b, "eth0", "192.0.2.1/24");
            b.address("eth0", "192.0.2.2/24");
            Path file = nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-b 10.244.1.0/24 192.0.2.2 " + MAC_B);
            Run runA = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--backend", "host-gw");
            assertEquals(0, runA.exit(), runA.err());
            assertEquals(List.of("ip route replace 10.244.1.0/24 via 192.0.2.2 dev eth0 proto 78"), commands(runA.out()));
            assertEquals(0, agent("--nodes", file.toString(), "--node", "node-b", "-n", b.name(), "--backend", "host-gw").exit());
            assertEquals(lines("10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1\n"
                    + "10.244.1.0/24 via 192.0.2.2 dev eth0 proto 78\n"
                    + "192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.1\n"), lines(a.ns.exec("ip", "route", "show")));
            NetworkNamespace.Result ping = a.pod.execAny("ping", "-c", "3", "-i", "0.2", "-W", "2", "10.244.1.2");
            assertEquals(0, ping.exitCode(), ping.stdout() + ping.stderr());
            assertFalse(a.ns.execAny("ip", "link", "show", "flannel.1").exitCode() == 0, "host-gw makes no vxlan device");
            assertEquals("# in sync: nothing to change\n",
                    agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--backend", "host-gw").out());
            a.ns.exec("ip", "route", "del", "10.244.1.0/24");
            Run bounded = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--backend", "host-gw",
                    "--watch", "--seconds", "2");
            assertEquals(0, bounded.exit(), bounded.err());
            assertTrue(bounded.out().startsWith("ip route replace 10.244.1.0/24 via 192.0.2.2 dev eth0 proto 78\n# 1 change applied\n"
                    + "# watching "), bounded.out());
            assertTrue(bounded.out().endsWith("# stopped\n"), bounded.out());
            assertTrue(a.ns.exec("ip", "route", "show").contains("10.244.1.0/24 via 192.0.2.2 dev eth0 proto 78"));

            // node-b leaves: its route goes, the host's own routes on eth0 stay
            nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A);
            Run removal = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--backend", "host-gw");
            assertEquals(List.of("ip route del 10.244.1.0/24 via 192.0.2.2 dev eth0"), commands(removal.out()));
            assertEquals(lines("10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1\n"
                    + "192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.1\n"), lines(a.ns.exec("ip", "route", "show")));

            // a switch to vxlan removes host-gw routes nobody wants any more
            nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-b 10.244.1.0/24 192.0.2.2 " + MAC_B);
            assertEquals(0, agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--backend", "host-gw").exit());
            nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-c 10.244.2.0/24 192.0.2.3 " + MAC_C);
            Run vxlan = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name());
            assertTrue(commands(vxlan.out()).contains("ip route del 10.244.1.0/24 via 192.0.2.2 dev eth0"), vxlan.out());
            assertKernel(a.ns, "10.244.0.0/24", "192.0.2.1", MAC_A, peer("node-c", "10.244.2.0/24", "192.0.2.3", MAC_C));

            // and a switch back deletes the vxlan device: its routes, neighbours and FDB entries go with it
            Run back = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--backend", "host-gw");
            assertEquals(0, back.exit(), back.err());
            assertEquals("# flannel.1: host-gw has no vxlan device\n"
                    + "ip link del flannel.1\n"
                    + "ip route replace 10.244.2.0/24 via 192.0.2.3 dev eth0 proto 78\n"
                    + "# 2 changes applied\n", back.out());
            assertFalse(a.ns.execAny("ip", "link", "show", "flannel.1").exitCode() == 0, "flannel.1 deleted");
            assertEquals(lines("10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1\n"
                    + "10.244.2.0/24 via 192.0.2.3 dev eth0 proto 78\n"
                    + "192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.1\n"), lines(a.ns.exec("ip", "route", "show")));
            assertEquals("", a.ns.exec("ip", "neigh", "show", "nud", "permanent"));
            assertEquals("# in sync: nothing to change\n",
                    agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--backend", "host-gw").out());

            // a link of the configured name that is not a vxlan device is not the agent's
            a.ns.exec("ip", "link", "add", "flannel.1", "type", "bridge");
            assertEquals("# in sync: nothing to change\n",
                    agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--backend", "host-gw").out());
            assertEquals(0, a.ns.execAny("ip", "link", "show", "flannel.1").exitCode(), "the bridge stays");
        }
    }

    @Test
    void shouldRefuseHostGwBehindARouterWhereVxlanWorks() throws IOException {
        NetworkNamespace.requirePrivileges("bridge", "ping");
        try (Node a = nodeA(); Node b = nodeB(); NetworkNamespace router = NetworkNamespace.create("oar")) {
            router.exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv4.ip_forward=1");
            a.ns.exec("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", router.name());
            b.ns.exec("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth1", "netns", router.name());
            a.address("eth0", "192.0.2.1/24");
            b.address("eth0", "198.51.100.2/24");
            router.exec("ip", "addr", "add", "192.0.2.254/24", "dev", "eth0");
            router.exec("ip", "addr", "add", "198.51.100.254/24", "dev", "eth1");
            router.exec("ip", "link", "set", "eth0", "up");
            router.exec("ip", "link", "set", "eth1", "up");
            a.ns.exec("ip", "route", "add", "default", "via", "192.0.2.254");
            b.ns.exec("ip", "route", "add", "default", "via", "198.51.100.254");
            Path file = nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-b 10.244.1.0/24 198.51.100.2 " + MAC_B);
            String before = a.ns.exec("ip", "route", "show");

            Run refused = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--backend", "host-gw");
            assertEquals(Overlaykit.EXIT_FAILURE_ANSWER, refused.exit(), refused.out() + refused.err());
            assertEquals("overlaykit: overlay-agent: host-gw cannot reach node node-b directly: the kernel routes 198.51.100.2"
                    + " by \"default via 192.0.2.254 dev eth0\", through a gateway; host-gw sends pod traffic to the node's"
                    + " address unencapsulated, which works only on one L2 segment, not across routed or public networks"
                    + " (use --backend vxlan)\n", refused.err());
            assertEquals(before, a.ns.exec("ip", "route", "show"), "a refused plan changes nothing");
            Run watching = agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name(), "--backend", "host-gw", "--watch",
                    "--seconds", "2");
            assertEquals(0, watching.exit(), watching.err());
            assertEquals(refused.err(), watching.err(), "a refusal is not retried until something changes");
            assertEquals(before, a.ns.exec("ip", "route", "show"));

            // the same nodes over VXLAN: the underlay is routed, the overlay does not care
            assertEquals(0, agent("--nodes", file.toString(), "--node", "node-a", "-n", a.name()).exit());
            assertEquals(0, agent("--nodes", file.toString(), "--node", "node-b", "-n", b.name()).exit());
            NetworkNamespace.Result ping = a.pod.execAny("ping", "-c", "3", "-i", "0.2", "-W", "2", "10.244.1.2");
            assertEquals(0, ping.exitCode(), ping.stdout() + ping.stderr());
        }
    }

    @Test
    void shouldReconcileOnEventsThatTouchWhatTheAgentOwnsAndAfterLostEvents() {
        OverlayReconciler.Settings settings = new OverlayReconciler.Settings(OverlayReconciler.Backend.VXLAN, "flannel.1",
                1, 8472, null);
        Route overlayRoute = Route.parse("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink");
        Route hostGwRoute = Route.parse("10.244.1.0/24 via 192.0.2.2 dev eth0 proto 78");
        Route hostRoute = Route.parse("203.0.113.0/24 via 192.0.2.254 dev eth0");
        Neighbor vtep = Neighbor.permanent(Ipv4Address.parse("10.244.1.0"), "flannel.1", MacAddress.parse(MAC_B));
        Neighbor gateway = Neighbor.permanent(Ipv4Address.parse("192.0.2.254"), "eth0", MacAddress.parse(MAC_C));
        FdbEntry peerFdb = FdbEntry.vxlan(MacAddress.parse(MAC_B), "flannel.1", Ipv4Address.parse("192.0.2.2"));
        FdbEntry otherFdb = FdbEntry.vxlan(MacAddress.parse(MAC_B), "vxlan7", Ipv4Address.parse("192.0.2.2"));
        NetlinkEvent.Kind del = NetlinkEvent.Kind.DELETE;

        assertTrue(OverlayAgentCommand.concerns(new NetlinkEvent.RouteChange(del, overlayRoute), settings));
        assertTrue(OverlayAgentCommand.concerns(new NetlinkEvent.RouteChange(del, hostGwRoute), settings),
                "host-gw routes are the agent's on any device");
        assertFalse(OverlayAgentCommand.concerns(new NetlinkEvent.RouteChange(del, hostRoute), settings));
        assertTrue(OverlayAgentCommand.concerns(new NetlinkEvent.NeighborChange(del, vtep), settings));
        assertFalse(OverlayAgentCommand.concerns(new NetlinkEvent.NeighborChange(del, gateway), settings));
        assertTrue(OverlayAgentCommand.concerns(new NetlinkEvent.FdbChange(del, peerFdb), settings));
        assertFalse(OverlayAgentCommand.concerns(new NetlinkEvent.FdbChange(del, otherFdb), settings));
        // the kernel dropped events (ENOBUFS): anything may have changed, so compare everything
        assertTrue(OverlayAgentCommand.concerns(new NetlinkEvent.Overrun(4 << 20), settings));
        assertTrue(OverlayAgentCommand.concerns(
                new NetlinkEvent.Resync(List.of(), List.of(), List.of(hostRoute), List.of(gateway), List.of()), settings));
    }

    @Test
    void shouldRejectABadNodeFileWithItsLocation() throws IOException {
        Path file = nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A, "node-b 10.244.1.1/24 192.0.2.2 " + MAC_B);
        Run hostBits = agent("--nodes", file.toString(), "--node", "node-a", "--dry-run");
        assertEquals(Overlaykit.EXIT_BAD_INPUT, hostBits.exit());
        assertEquals("overlaykit: " + file + ":3:8: pod CIDR \"10.244.1.1/24\" has host bits set (the subnet is 10.244.1.0/24)\n",
                hostBits.err());
        String[][] cases = {
            {"node-a 10.244.0.0/24 192.0.2.1", "2:31: expected NAME POD_CIDR PUBLIC_IP VTEP_MAC, found 3 fields"},
            {"node-a 10.244.0.0/24 192.0.2.1 " + MAC_A + " extra", "2:50: expected NAME POD_CIDR PUBLIC_IP VTEP_MAC, found 5 fields"},
            {"node-a 10.244.0.0/24 192.0.2.300 " + MAC_A, "2:22: public IP \"192.0.2.300\" is not an IPv4 address"},
            {"node-a 10.244.0.0 192.0.2.1 " + MAC_A, "2:8: pod CIDR \"10.244.0.0\" needs a /length"},
            {"node-a 10.244.0.0/24 192.0.2.1 01:00:5e:00:00:01", "2:32: VTEP MAC 01:00:5e:00:00:01 must be a unicast, non-zero address"},
            {"node-a 10.244.0.0/24 192.0.2.1 0e:zz:00:00:00:01", "2:32: VTEP MAC \"0e:zz:00:00:00:01\" is not a MAC address"},
            {"node-a 10.244.0.0/16 192.0.2.1 " + MAC_A + "\nnode-b 10.244.1.0/24 192.0.2.2 " + MAC_B,
                "3:8: pod CIDR 10.244.1.0/24 overlaps node node-a's 10.244.0.0/16 (line 2)"},
            {"node-a 10.244.0.0/24 192.0.2.1 " + MAC_A + "\nnode-a 10.244.1.0/24 192.0.2.2 " + MAC_B,
                "3:1: node node-a is already listed on line 2"},
            {"node-a 10.244.0.0/24 192.0.2.1 " + MAC_A + "\n\n  node-b 10.244.1.0/24 192.0.2.2 " + MAC_A,
                "4:34: VTEP MAC " + MAC_A + " is already node node-a's (line 2)"},
        };
        for (String[] c : cases) {
            nodes(c[0]);
            Run run = agent("--nodes", file.toString(), "--node", "node-a", "--dry-run");
            assertEquals(Overlaykit.EXIT_BAD_INPUT, run.exit(), c[0]);
            assertEquals("overlaykit: " + file + ":" + c[1] + "\n", run.err(), c[0]);
        }
        nodes("node-a 10.244.0.0/24 192.0.2.1 " + MAC_A);
        Run unknown = agent("--nodes", file.toString(), "--node", "node-x", "--dry-run");
        assertEquals(Overlaykit.EXIT_BAD_INPUT, unknown.exit());
        assertEquals("overlaykit: " + file + ": node node-x is not in the node list\n", unknown.err());
        Run backend = agent("--nodes", file.toString(), "--node", "node-a", "--backend", "udp");
        assertEquals(Overlaykit.EXIT_BAD_INPUT, backend.exit());
        assertEquals("overlaykit: --backend \"udp\" is neither vxlan nor host-gw\n", backend.err());
    }
}
