package io.github.overlaykit.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cases of Kubernetes' own {@code TestTracePacket} (proxier_test.go) on its static ruleset, answered by
 * hook order, routing, marks and ctstate instead of Kubernetes' shortcuts.
 */
class KubernetesTracePacketTest {
    private static String text;
    private static PacketTracer tracer;

    @BeforeAll
    static void load() throws IOException {
        text = Files.readString(SharedData.path("data/iptables/k8s-TestTracePacket.rules.txt"));
        // As written it does not load (iptables neither): its built-in jump rules have unquoted multi-word comments.
        String quoted = text.replaceAll("--comment (kubernetes [a-z -]+?) -j", "--comment \"$1\" -j");
        Ruleset rules = Ruleset.parse(quoted, "k8s-TestTracePacket.rules.txt (comments quoted)");
        tracer = new PacketTracer(rules, new StaticRouting(List.of(Ipv4Address.parse("192.168.0.2")), "eth0"));
    }

    private static Packet from(String src, String dst, int port, String in) {
        Packet p = Packet.tcp(Ipv4Address.parse(src), 40000, Ipv4Address.parse(dst), port);
        return in == null ? p : p.withInInterface(in);
    }

    @Test
    void unquotedCommentsAreRefusedAsIptablesDoes() {
        IptablesParseException e = assertThrows(IptablesParseException.class, () -> Ruleset.parse(text));
        assertEquals(11, e.line());
        assertTrue(e.detail().contains("\"health\""), e.getMessage());
    }

    @Test
    void noMatchLeavesThePacketAlone() {
        TraceResult r = tracer.trace(from("10.0.0.2", "172.30.0.41", 443, "eth1"), Hook.PREROUTING, 1);
        assertEquals(r.original(), r.translated());
        assertEquals(TraceResult.Verdict.ACCEPT, r.verdict());
    }

    @Test
    void singleEndpointWithoutMasquerade() {
        TraceResult r = tracer.trace(from("10.0.0.2", "172.30.0.41", 80, "eth1"), Hook.PREROUTING, 1);
        assertEquals("10.0.0.2:40000 -> 10.180.0.1:80", r.translated().toString());
    }

    @Test
    void multipleEndpointsAreBranches() {
        Set<String> seen = new TreeSet<>();
        for (TraceResult r : tracer.traceAll(from("10.0.0.2", "172.30.0.44", 80, "eth1"), Hook.PREROUTING)) {
            seen.add(r.translated().toString() + " p=" + r.probabilityText());
        }
        assertEquals(Set.of("10.0.0.2:40000 -> 10.180.0.4:80 p=0.50000000000",
            "10.0.0.2:40000 -> 10.180.0.5:80 p=0.50000000000"), seen);
    }

    @Test
    void localSourceToExternalIpIsMasqueraded() {
        TraceResult r = tracer.trace(from("192.168.0.2", "192.168.99.22", 80, null), Hook.OUTPUT, 1);
        assertEquals("192.168.0.2:40000 -> 10.180.0.2:80", r.translated().toString());
        assertTrue(r.steps().stream().anyMatch(s -> s.verdict().equals("JUMP:KUBE-MARK-MASQ")
            && s.chain().equals("KUBE-EXT-GNZBNJ2PO5MGZ6GT")), r.steps()::toString);
        assertTrue(r.steps().stream().anyMatch(s -> s.rule() != null && s.rule().target() instanceof Target.Masquerade));
    }

    @Test
    void externalClientToLocalPolicyExternalIpIsDropped() {
        TraceResult r = tracer.trace(from("203.0.113.2", "192.168.99.22", 80, "eth0"), Hook.PREROUTING, 1);
        assertEquals(TraceResult.Verdict.DROP, r.verdict());
        TraceStep last = r.steps().get(r.steps().size() - 1);
        assertEquals("filter:KUBE-EXTERNAL-SERVICES:DROP", last.table() + ":" + last.chain() + ":" + last.verdict());
    }

    @Test
    void healthCheckNodePortIsAccepted() {
        TraceResult r = tracer.trace(from("203.0.113.2", "192.168.0.2", 30000, "eth0"), Hook.PREROUTING, 1);
        assertEquals(TraceResult.Verdict.ACCEPT, r.verdict());
        assertTrue(r.steps().stream().anyMatch(s -> (s.table() + ":" + s.chain() + ":" + s.verdict())
            .equals("filter:KUBE-NODEPORTS:ACCEPT")), r.steps()::toString);
    }

    @Test
    void clusterIpWithoutEndpointsIsRejected() {
        TraceResult r = tracer.trace(from("10.0.0.2", "172.30.0.46", 80, "eth1"), Hook.PREROUTING, 1);
        assertEquals(TraceResult.Verdict.REJECT, r.verdict());
    }
}
