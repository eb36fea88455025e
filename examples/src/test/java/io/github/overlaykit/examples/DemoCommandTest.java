package io.github.overlaykit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.netlink.Errno;
import io.github.overlaykit.netlink.NetlinkException;
import io.github.overlaykit.testing.NetworkNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code overlaykit demo --live} as root: the article's request really crosses four namespaces. */
class DemoCommandTest {

    @BeforeAll
    static void privileges() {
        NetworkNamespace.requirePrivileges("iptables-restore", "tcpdump", "conntrack");
    }

    private static Set<String> namespaces() {
        return NetworkNamespace.run(List.of("ip", "netns", "list"), 0).lines()
                .map(line -> line.split(" ")[0]).collect(Collectors.toSet());
    }

    private static Set<String> hostLinks() {
        return NetworkNamespace.run(List.of("ip", "-o", "link", "show"), 0).lines()
                .map(line -> line.split(": ")[1]).collect(Collectors.toSet());
    }

    private static void assertFinds(String regex, String text) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find(), regex + " in\n" + text);
    }

    @Test
    void requestReachesPodThroughClusterIpAndEverythingMadeIsRemoved() {
        Set<String> linksBefore = hostLinks();
        Run demo = Run.of("demo", "--live");
        String text = demo.out();
        assertEquals(0, demo.exit(), text + demo.err());

        assertTrue(text.contains("\n  HTTP/1.1 200 OK\n  " + DemoCommand.ARTICLE_BODY + "\n"), text);
        // kube-proxy's DNAT and masquerade, seen by conntrack on the master
        assertFinds("^2 master  conntrack: tcp .*src=172\\.17\\.16\\.14 dst=10\\.103\\.5\\.88 sport=\\d+ dport=9000 "
                + "src=10\\.244\\.1\\.8 dst=10\\.244\\.0\\.0 sport=9000", text);
        assertFinds("^3 master  route get 10\\.244\\.1\\.8: 10\\.244\\.1\\.8 via 10\\.244\\.1\\.0 dev flannel\\.1 src "
                + "10\\.244\\.0\\.0", text);
        assertFinds("^ +fdb: da:a9:48:cb:15:3b dev flannel\\.1 dst 198\\.51\\.100\\.160 self permanent$", text);
        // the article's SYN on flannel.1, its VXLAN packet to the worker's public address, after the cloud's 1:1 NAT
        String syn = "f6:f2:b0:fa:75:73 > da:a9:48:cb:15:3b, ethertype IPv4 \\(0x0800\\), length 74: "
                + "10\\.244\\.0\\.0\\.\\d+ > 10\\.244\\.1\\.8\\.9000: Flags \\[S\\]";
        assertFinds("^4 tcpdump -e on master flannel\\.1 .*\\n +" + syn, text);
        assertFinds("^5 tcpdump -e on master eth0 .*\\n +52:54:00:f4:44:15 > fe:ee:b5:81:6a:26, .* "
                + "172\\.17\\.16\\.14\\.\\d+ > 198\\.51\\.100\\.160\\.8472: VXLAN, flags \\[I\\] \\(0x08\\), vni 1\\n +" + syn,
                text);
        assertFinds("cloud-w\\):\\n .* 192\\.0\\.2\\.84\\.\\d+ > 10\\.0\\.20\\.11\\.8472: VXLAN", text);
        assertFinds("^  tcpdump -e on worker flannel\\.1 .*\\n +" + syn, text);
        assertFinds("^8 tcpdump -e on pod eth0 .*\\n +0a:58:0a:f4:01:01 > 0a:58:0a:f4:01:08, .*10\\.244\\.0\\.0\\.\\d+ > "
                + "10\\.244\\.1\\.8\\.9000: Flags \\[S\\]", text);
        assertFinds("^9 pod     the server saw the request come from 10\\.244\\.0\\.0:\\d+$", text);

        List<String> made = text.lines().filter(l -> l.startsWith("  ip netns add ")).map(l -> l.substring(15)).toList();
        assertEquals(4, made.size(), text);
        Set<String> now = namespaces();
        for (String name : made) {
            assertTrue(name.startsWith("ok-demo-"), name);
            assertTrue(text.contains("  ip netns del " + name + ": deleted\n"), text);
            assertFalse(now.contains(name), name + " is left");
        }
        assertEquals(linksBefore, hostLinks(), "the host's links are untouched");
    }

    @Test
    void failedBuildDeletesExactlyTheNamespacesItMade() throws Exception {
        String prefix = "ok-demofail-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        String taken = prefix + "-worker";  // someone else's namespace, in the way of the third one
        NetworkNamespace.run(List.of("ip", "netns", "add", taken), 0);
        try {
            List<String> log = new ArrayList<>();
            LiveCluster cluster = new LiveCluster(prefix, log::add);
            NetlinkException failure = assertThrows(NetlinkException.class, cluster::build);
            assertEquals(Errno.EEXIST, failure.errno());
            assertEquals(List.of(prefix + "-cloud", prefix + "-master"), cluster.createdNamespaces());
            assertEquals(Map.of(prefix + "-cloud", "deleted", prefix + "-master", "deleted"), cluster.deleteCreated());
            Set<String> now = namespaces();
            assertFalse(now.contains(prefix + "-cloud"));
            assertFalse(now.contains(prefix + "-master"));
            assertTrue(now.contains(taken), "a namespace it did not make is left alone");
            assertEquals(Map.of(), cluster.deleteCreated(), "a second cleanup does nothing");
            assertThrows(IllegalStateException.class, cluster::build, "no building after the cleanup began");
            assertFalse(namespaces().contains(prefix + "-cloud"));
        } finally {
            NetworkNamespace.runAny(List.of("ip", "netns", "del", taken));
        }
    }
}
