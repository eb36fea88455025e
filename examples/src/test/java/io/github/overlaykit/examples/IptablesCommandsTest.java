package io.github.overlaykit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code overlaykit iptables canon|trace|kube-chain-name}, run in-process as the jar runs them. */
class IptablesCommandsTest {
    @TempDir
    Path dir;


    static Run run(String... args) {
        return Run.of(args);
    }

    static Path data(String name) {
        return SharedData.path("data/iptables/" + name);
    }

    @Test
    void canonPrintsWhatIptablesSavePrinted() throws IOException {
        for (String backend : List.of("nft", "legacy")) {
            String expected = Files.readString(data("format-corpus.iptables-save." + backend + ".txt"));
            Run r = run("iptables", "canon", "--backend", backend, "--timestamp", "Fri Nov 27 12:14:16 2026",
                data("format-corpus.restore-input.txt").toString());
            assertEquals(0, r.exit(), r.err());
            assertEquals(expected, r.out());
        }
        Run plain = run("iptables", "canon", data("k8s-TestOverallIPTablesRules.node-iptables-save-c.nft.txt").toString());
        assertEquals(Files.readString(data("k8s-TestOverallIPTablesRules.node-iptables-save-c.nft.txt"))
            .replaceAll("(?m)^#.*\\n", ""), plain.out());
    }

    @Test
    void canonBadInputIsOneLineWithFileLineAndColumn() throws IOException {
        Path bad = dir.resolve("bad.rules");
        Files.writeString(bad, "*filter\n-A INPUT -p tcp --dprt 80 -j ACCEPT\nCOMMIT\n");
        Run r = run("iptables", "canon", bad.toString());
        assertEquals(2, r.exit());
        assertEquals("overlaykit: " + bad + ":2:17: unknown option \"--dprt\": -A INPUT -p tcp --dprt 80 -j ACCEPT\n",
            r.err());
    }

    @Test
    void kubeChainName() {
        Run r = run("iptables", "kube-chain-name", "--service", "xiuxian/auth-java:tcp-9000-9000-c8kgf", "--proto", "tcp",
            "--endpoint", "10.180.0.1:80");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("KUBE-SVC-ATUXI35NVHBYDGFQ", lines[0]);
        assertEquals("KUBE-SVL-ATUXI35NVHBYDGFQ", lines[1]);
        assertEquals("KUBE-EXT-ATUXI35NVHBYDGFQ", lines[2]);
        assertEquals("KUBE-FW-ATUXI35NVHBYDGFQ", lines[3]);
        assertTrue(lines[4].startsWith("KUBE-SEP-") && lines[4].length() == 25, lines[4]);
        Run sep = run("iptables", "kube-chain-name", "--service", "ns1/svc1:p80", "--proto", "TCP",
            "--endpoint", "10.180.0.1:80");
        assertEquals("KUBE-SEP-SXIVWICOYRO3J4NJ", sep.out().split("\n")[4]);
        Run legacy = run("iptables", "kube-chain-name", "--service", "kube-system/heapster", "--proto", "tcp", "--legacy");
        assertEquals("KUBE-SVC-BJM46V3U5RZHCFRZ", legacy.out().split("\n")[0]);
        assertEquals(2, run("iptables", "kube-chain-name", "--service", "nope", "--proto", "tcp").exit());
    }

    @Test
    void traceThroughKubeProxyRules() {
        String rules = data("k8s-TestOverallIPTablesRules.node-iptables-save.nft.txt").toString();
        Run r = run("iptables", "trace", "--rules", rules, "--hook", "prerouting", "--in", "vpod", "--src", "10.0.0.2",
            "--dst", "172.30.0.41", "--proto", "tcp", "--sport", "40000", "--dport", "80", "--local", "192.168.0.2",
            "--out", "vep");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("nat:PREROUTING:JUMP:KUBE-SERVICES | -A PREROUTING -m comment --comment \"kubernetes service"
            + " portals\" -j KUBE-SERVICES", lines[0]);
        assertTrue(r.out().contains("nat:KUBE-SEP-SXIVWICOYRO3J4NJ:ACCEPT | -A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp"
            + " -m comment --comment \"ns1/svc1:p80\" -m tcp -j DNAT --to-destination 10.180.0.1:80\n"), r.out());
        assertTrue(r.out().contains("filter:FORWARD:policy:ACCEPT \n"), r.out());
        assertTrue(r.out().endsWith("verdict: ACCEPT\nnat: 10.0.0.2:40000 -> 10.180.0.1:80\n"
            + "reply: 10.180.0.1:80 -> 10.0.0.2:40000 => 172.30.0.41:80 -> 10.0.0.2:40000\n"), r.out());

        Run all = run("iptables", "trace", "--rules", rules, "--hook", "prerouting", "--in", "vpod", "--src", "10.0.0.2",
            "--dst", "172.30.0.44", "--proto", "tcp", "--dport", "80", "--branches", "all");
        assertEquals(0, all.exit(), all.err());
        assertTrue(all.out().startsWith("branch 1 of 2: probability 0.50000000000\n"), all.out());
        assertTrue(all.out().contains("branch 2 of 2: probability 0.50000000000\n"), all.out());
        assertTrue(all.out().contains("nat: 10.0.0.2:40000 -> 10.180.0.4:80\n"), all.out());
        assertTrue(all.out().contains("nat: 10.0.0.2:40000 -> 10.180.0.5:80\n"), all.out());

        Run rejected = run("iptables", "trace", "--rules", rules, "--hook", "prerouting", "--in", "vpod", "--src",
            "10.0.0.2", "--dst", "172.30.0.46", "--proto", "tcp", "--dport", "80", "--branches", "seed:3");
        assertEquals(1, rejected.exit());
        assertTrue(rejected.out().contains("verdict: REJECT\n"), rejected.out());
    }

    @Test
    void traceWithRoutesFromTheRouteModule() throws IOException {
        Path routes = dir.resolve("routes.txt");
        Files.writeString(routes, "default via 192.168.0.100 dev eth0\n"
            + "10.0.0.0/24 dev vpod proto kernel scope link src 10.0.0.1\n"
            + "10.180.0.0/24 dev vep proto kernel scope link src 10.180.0.254\n"
            + "192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.2\n"
            + "local 10.0.0.1 dev vpod table local proto kernel scope host src 10.0.0.1\n"
            + "local 10.180.0.254 dev vep table local proto kernel scope host src 10.180.0.254\n"
            + "local 192.168.0.2 dev eth0 table local proto kernel scope host src 192.168.0.2\n");
        // External client to node port 3003: DNAT to 10.180.0.3, forwarded out of vep, masqueraded to vep's address.
        Run r = run("iptables", "trace", "--rules", data("k8s-TestOverallIPTablesRules.node-iptables-save.nft.txt")
                .toString(), "--routes", routes.toString(), "--hook", "prerouting", "--in", "eth0", "--src", "203.0.113.2",
            "--dst", "192.168.0.2", "--proto", "tcp", "--dport", "3003");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("nat: 10.180.0.254:40000 -> 10.180.0.3:80\n"), r.out());
        assertTrue(r.out().contains("nat:KUBE-POSTROUTING:ACCEPT | -A KUBE-POSTROUTING -m comment --comment"
            + " \"kubernetes service traffic requiring SNAT\" -j MASQUERADE\n"), r.out());
    }
}
