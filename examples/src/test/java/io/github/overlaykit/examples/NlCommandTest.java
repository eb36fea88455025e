package io.github.overlaykit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.testing.NetworkNamespace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code overlaykit nl … show} prints what {@code ip}/{@code bridge} print, and {@code nl … add|replace}
 * with {@code ip} syntax changes the kernel (through netlink) the way {@code ip} does. Each test runs
 * in namespaces it creates.
 */
class NlCommandTest {

    @BeforeAll
    static void privileges() {
        NetworkNamespace.requirePrivileges("bridge");
    }


    private static Run nl(String... args) {
        return Run.of("nl", args);
    }

    private static void underlay(NetworkNamespace ns) {
        ns.exec("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
        ns.exec("ip", "link", "set", "d0", "up");
        ns.exec("ip", "link", "set", "d0p", "up");
        ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "d0");
    }

    @Test
    void shouldPrintWhatIpAndBridgePrint() {
        try (NetworkNamespace ns = NetworkNamespace.create("nlcli")) {
            underlay(ns);
            ns.exec("ip", "link", "add", "flannel.1", "type", "vxlan", "id", "1", "local", "192.0.2.1", "dev", "d0",
                    "nolearning", "dstport", "8472");
            ns.exec("ip", "link", "set", "flannel.1", "up");
            ns.exec("ip", "neigh", "replace", "10.244.1.0", "dev", "flannel.1", "lladdr", "0e:2a:00:00:00:02", "nud", "permanent");
            ns.exec("bridge", "fdb", "replace", "0e:2a:00:00:00:02", "dev", "flannel.1", "dst", "192.0.2.2", "self", "permanent");
            ns.exec("ip", "route", "replace", "10.244.1.0/24", "via", "10.244.1.0", "dev", "flannel.1", "onlink");
            ns.exec("ip", "route", "add", "198.51.100.0/24", "via", "192.0.2.254", "table", "7");

            assertEquals(ns.exec("ip", "route", "show"), nl("-n", ns.name(), "route", "show").out());
            assertEquals(ns.exec("ip", "route", "show", "table", "7"), nl("-n", ns.name(), "route", "show", "table", "7").out());
            assertEquals(ns.exec("ip", "route", "show", "table", "local"),
                    nl("-n", ns.name(), "route", "show", "table", "local").out());
            assertEquals(ns.exec("ip", "-4", "route", "show", "table", "all"),
                    nl("-n", ns.name(), "route", "show", "table", "all").out());
            assertEquals(ns.exec("ip", "-4", "neigh", "show"), nl("-n", ns.name(), "neigh", "show").out());
            assertEquals(ns.exec("bridge", "fdb", "show"), nl("-n", ns.name(), "fdb", "show").out());
            String link = nl("-n", ns.name(), "link", "show", "-d", "flannel.1").out();
            assertTrue(link.contains("vxlan id 1 local 192.0.2.1 dev d0 dstport 8472 nolearning"), link);
        }
    }

    @Test
    void shouldChangeTheKernelLikeIpDoes() {
        try (NetworkNamespace ours = NetworkNamespace.create("nlcliw");
                NetworkNamespace theirs = NetworkNamespace.create("nlclip")) {
            underlay(ours);
            underlay(theirs);
            String[][] commands = {
                {"link", "add", "flannel.1", "address", "0e:2a:00:00:00:01", "type", "vxlan", "id", "1", "dstport", "8472", "local",
                    "192.0.2.1", "dev", "d0",
                    "nolearning"},
                {"link", "set", "flannel.1", "mtu", "1450"},
                {"link", "set", "flannel.1", "up"},
                {"addr", "add", "10.244.0.0/32", "dev", "flannel.1"},
                {"neigh", "replace", "10.244.1.0", "dev", "flannel.1", "lladdr", "0e:2a:00:00:00:02", "nud", "permanent"},
                {"fdb", "replace", "0e:2a:00:00:00:02", "dev", "flannel.1", "dst", "192.0.2.2", "self", "permanent"},
                {"fdb", "append", "00:00:00:00:00:00", "dev", "flannel.1", "dst", "192.0.2.3", "self", "permanent"},
                {"route", "replace", "10.244.1.0/24", "via", "10.244.1.0", "dev", "flannel.1", "onlink"},
                {"route", "add", "203.0.113.0/24", "via", "192.0.2.254", "metric", "10", "table", "100"},
            };
            for (String[] command : commands) {
                Run run = nl(concat(new String[] {"-n", ours.name()}, command));
                assertEquals(0, run.exit(), String.join(" ", command) + ": " + run.err());
                String tool = command[0].equals("fdb") ? "bridge" : "ip";
                theirs.exec(concat(new String[] {tool}, command));
            }
            for (String[] show : new String[][] {{"ip", "-d", "link", "show", "flannel.1"}, {"ip", "-4", "addr", "show"},
                {"ip", "-4", "route", "show", "table", "all"}, {"ip", "-4", "neigh", "show", "dev", "flannel.1"},
                {"bridge", "fdb", "show", "dev", "flannel.1"}}) {
                assertEquals(theirs.exec(show).replaceAll("link-netnsid \\d+", ""),
                        ours.exec(show).replaceAll("link-netnsid \\d+", ""), String.join(" ", show));
            }
            Run again = nl("-n", ours.name(), "route", "add", "203.0.113.0/24", "via", "192.0.2.254", "metric", "10", "table", "100");
            assertEquals(Overlaykit.EXIT_BAD_INPUT, again.exit());
            assertTrue(again.err().contains("EEXIST (File exists)"), again.err());
        }
    }

    @Test
    void shouldPrintOneLinePerEventAsIpMonitorDoes() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create("nlmon")) {
            underlay(ns);
            java.util.concurrent.CompletableFuture<Run> monitor = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> nl("-n", ns.name(), "monitor", "route", "--seconds", "3"));
            Thread.sleep(1000); // the subscription is up well within a second
            ns.exec("ip", "route", "add", "203.0.113.0/24", "via", "192.0.2.254");
            ns.exec("ip", "route", "del", "203.0.113.0/24");
            Run run = monitor.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, run.exit(), run.err());
            assertEquals("203.0.113.0/24 via 192.0.2.254 dev d0 \nDeleted 203.0.113.0/24 via 192.0.2.254 dev d0 \n", run.out());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
