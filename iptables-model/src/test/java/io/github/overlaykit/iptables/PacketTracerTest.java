package io.github.overlaykit.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The tracer against kernel-verified semantics (reference §4, §6) and the kube-proxy rulesets. */
class PacketTracerTest {
    private static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    private static List<String> lines(TraceResult r) {
        List<String> out = new ArrayList<>();
        r.steps().forEach(s -> out.add(s.toString()));
        return out;
    }

    /** oracle-goto-jump-return.txt: the traversal the kernel's counters showed, in order. */
    @Test
    void gotoJumpReturnAsTheKernelCounted() throws IOException {
        String text = Files.readString(SharedData.path("data/iptables/oracle-goto-jump-return.txt"));
        Ruleset rules = Ruleset.parse(text, "oracle-goto-jump-return.txt");
        PacketTracer tracer = new PacketTracer(rules, new StaticRouting(List.of(), null));
        TraceResult r = tracer.traceFirst(Packet.of(17, ip("127.0.0.1"), 40000, ip("127.0.0.1"), 9), Hook.OUTPUT);
        String p = "-p udp -m udp --dport 9 ";
        assertEquals(List.of(
            "filter:OUTPUT:JUMP:A | -A OUTPUT " + p + "-m comment --comment 1-enter-A -j A",
            "filter:A:GOTO:B | -A A -m comment --comment 2-goto-B -g B",
            "filter:B:CONTINUE | -A B -m comment --comment 3-in-B",
            "filter:OUTPUT:CONTINUE | -A OUTPUT " + p + "-m comment --comment 5-after-A-in-OUTPUT",
            "filter:OUTPUT:JUMP:J | -A OUTPUT " + p + "-m comment --comment 6-enter-J -j J",
            "filter:J:JUMP:B | -A J -m comment --comment 7-jump-B -j B",
            "filter:B:CONTINUE | -A B -m comment --comment 3-in-B",
            "filter:J:CONTINUE | -A J -m comment --comment 8-after-jump-in-J",
            "filter:OUTPUT:CONTINUE | -A OUTPUT " + p + "-m comment --comment 9-after-J-in-OUTPUT",
            "filter:OUTPUT:JUMP:R | -A OUTPUT " + p + "-j R",
            "filter:R:0xfffffffb | -A R -m comment --comment 10-in-R -j RETURN",
            "filter:OUTPUT:CONTINUE | -A OUTPUT " + p + "-m comment --comment 11-after-R",
            "filter:OUTPUT:0xfffffffb | -A OUTPUT " + p + "-j RETURN",
            "filter:OUTPUT:policy:ACCEPT ",
            "filter:INPUT:policy:ACCEPT "), lines(r));
        assertEquals(TraceResult.Verdict.ACCEPT, r.verdict());
    }

    /** The article: the master node curls 10.103.5.88:9000 and is DNATed to the pod 10.244.1.8:9000. */
    @Test
    void articleServiceFromTheMasterNode() {
        KubeService svc = KubeService.clusterIp("xiuxian", "auth-java", "tcp-9000-9000-c8kgf", "tcp",
            ip("10.103.5.88"), 9000, List.of(KubeEndpoint.parse("10.244.1.8:9000")));
        Ruleset kube = Ruleset.parse(new KubeProxyRenderer(Ipv4Prefix.parse("10.244.0.0/16"), 0x4000, false)
            .render(List.of(svc)));
        Ruleset rules = new RulesetBuilder().appendAll(kube)
            .append("nat", RuleBuilder.append("OUTPUT").comment("kubernetes service portals").jump("KUBE-SERVICES").build())
            .append("nat", RuleBuilder.append("POSTROUTING").comment("kubernetes postrouting rules")
                .jump("KUBE-POSTROUTING").build())
            .build();
        Ipv4Address master = ip("192.0.2.10");
        PacketTracer tracer = new PacketTracer(rules, new StaticRouting(List.of(master, ip("10.244.0.0")), "flannel.1"));
        TraceResult r = tracer.trace(Packet.tcp(master, 40000, ip("10.103.5.88"), 9000), Hook.OUTPUT, 7);
        String sep = KubeProxyNames.endpointChain(svc.servicePortName(), "tcp", "10.244.1.8:9000");
        List<String> l = lines(r);
        assertEquals("nat:OUTPUT:JUMP:KUBE-SERVICES | -A OUTPUT -m comment --comment \"kubernetes service portals\""
            + " -j KUBE-SERVICES", l.get(0));
        assertTrue(l.get(1).startsWith("nat:KUBE-SERVICES:JUMP:KUBE-SVC-ATUXI35NVHBYDGFQ | -A KUBE-SERVICES"
            + " -d 10.103.5.88/32"), l.get(1));
        assertTrue(l.get(2).startsWith("nat:KUBE-SVC-ATUXI35NVHBYDGFQ:JUMP:KUBE-MARK-MASQ | "), l.get(2));
        assertEquals("nat:KUBE-MARK-MASQ:CONTINUE | -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000", l.get(3));
        assertTrue(l.get(4).startsWith("nat:KUBE-SVC-ATUXI35NVHBYDGFQ:JUMP:" + sep), l.get(4));
        assertTrue(l.get(5).startsWith("nat:" + sep + ":ACCEPT | ") && l.get(5).endsWith("10.244.1.8:9000"), l.get(5));
        // DNAT ended nat OUTPUT (no policy event); the renderer's filter table has an empty OUTPUT.
        assertEquals(List.of("filter:OUTPUT:policy:ACCEPT ",
            "nat:POSTROUTING:JUMP:KUBE-POSTROUTING | -A POSTROUTING -m comment --comment \"kubernetes postrouting rules\""
                + " -j KUBE-POSTROUTING"), l.subList(6, 8));
        assertEquals("nat:KUBE-POSTROUTING:CONTINUE | -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0", l.get(8));
        assertTrue(l.get(9).startsWith("nat:KUBE-POSTROUTING:ACCEPT | ") && l.get(9).endsWith("-j MASQUERADE"), l.get(9));
        assertEquals(10, l.size());
        assertEquals(TraceResult.Verdict.ACCEPT, r.verdict());
        assertEquals("192.0.2.10:40000 -> 10.244.1.8:9000", r.translated().toString());
        assertEquals("10.244.1.8:9000 -> 192.0.2.10:40000", r.reply().toString());
        assertEquals(0, r.mark());
    }

    /** TestOverallIPTablesRules' svc4 has two endpoints at p = 0.5: both branches, each with half. */
    @Test
    void allStatisticBranchesWithQuantizedProbabilities() throws IOException {
        Ruleset rules = Ruleset.parse(SharedData.path("data/iptables/k8s-TestOverallIPTablesRules.node-iptables-save.nft.txt"));
        PacketTracer tracer = new PacketTracer(rules, new StaticRouting(List.of(ip("192.168.0.2")), "eth0"));
        Packet pod = Packet.tcp(ip("10.0.0.2"), 40000, ip("172.30.0.44"), 80).withInInterface("vpod");
        List<TraceResult> all = tracer.traceAll(pod, Hook.PREROUTING);
        Set<String> targets = new TreeSet<>();
        double total = 0;
        for (TraceResult r : all) {
            targets.add(r.translated().toString() + " " + r.probabilityText());
            total += r.probability();
            assertEquals(TraceResult.Verdict.ACCEPT, r.verdict());
        }
        assertEquals(Set.of("10.0.0.2:40000 -> 10.180.0.4:80 0.50000000000",
            "10.0.0.2:40000 -> 10.180.0.5:80 0.50000000000"), targets);
        assertEquals(1.0, total, 1e-12);

        // A seeded choice is one of them.
        TraceResult one = tracer.trace(pod, Hook.PREROUTING, 42);
        assertTrue(targets.contains(one.translated() + " " + one.probabilityText()), one.translated()::toString);
    }

    /** Verdicts from the kernel-recorded scenarios of reference §6.4 that do not depend on a random branch. */
    @Test
    void kubeProxyScenarios() throws IOException {
        Ruleset rules = Ruleset.parse(SharedData.path("data/iptables/k8s-TestOverallIPTablesRules.node-iptables-save.nft.txt"));
        PacketTracer tracer = new PacketTracer(rules, new StaticRouting(List.of(ip("192.168.0.2"), ip("10.0.0.1"),
            ip("10.180.0.254")), "eth0"));
        Packet pod = Packet.tcp(ip("10.0.0.2"), 40000, ip("172.30.0.41"), 80).withInInterface("vpod");
        TraceResult r = tracer.trace(pod, Hook.PREROUTING, 1);
        assertEquals("10.0.0.2:40000 -> 10.180.0.1:80", r.translated().toString());
        assertEquals(TraceResult.Verdict.ACCEPT, r.verdict());

        // No endpoints: filter KUBE-SERVICES REJECT (trace says DROP).
        r = tracer.trace(Packet.tcp(ip("10.0.0.2"), 40000, ip("172.30.0.46"), 80).withInInterface("vpod"),
            Hook.PREROUTING, 1);
        assertEquals(TraceResult.Verdict.REJECT, r.verdict());
        assertTrue(lines(r).get(lines(r).size() - 1).startsWith("filter:KUBE-SERVICES:DROP | "), lines(r)::toString);

        // External client to the Local service's node port: dropped in filter KUBE-EXTERNAL-SERVICES (INPUT).
        r = tracer.trace(Packet.tcp(ip("203.0.113.2"), 40000, ip("192.168.0.2"), 3001).withInInterface("eth0"),
            Hook.PREROUTING, 1);
        assertEquals(TraceResult.Verdict.DROP, r.verdict());
        assertTrue(lines(r).get(lines(r).size() - 1).startsWith("filter:KUBE-EXTERNAL-SERVICES:DROP | "));

        // External client to node port 3003: DNAT and masquerade to the node's address.
        r = tracer.trace(Packet.tcp(ip("203.0.113.2"), 40000, ip("192.168.0.2"), 3003).withInInterface("eth0"),
            Hook.PREROUTING, 1);
        assertEquals(TraceResult.Verdict.ACCEPT, r.verdict());
        assertEquals("192.168.0.2:40000 -> 10.180.0.3:80", r.translated().toString());

        // Blocked LB client: KUBE-FW falls through (CONTINUE), filter KUBE-PROXY-FIREWALL drops.
        r = tracer.trace(Packet.tcp(ip("203.0.113.130"), 40000, ip("5.6.7.8"), 80).withInInterface("eth0"),
            Hook.PREROUTING, 1);
        assertEquals(TraceResult.Verdict.DROP, r.verdict());
        assertTrue(lines(r).contains("nat:KUBE-FW-NUKIZ6OKUXPJNT4C:CONTINUE | -A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment"
            + " --comment \"other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL\""), lines(r)::toString);

        // An established packet never sees nat.
        r = tracer.trace(pod.withConntrackState(1 << 3), Hook.PREROUTING, 1);
        assertTrue(lines(r).stream().noneMatch(s -> s.startsWith("nat:")), lines(r)::toString);
        assertEquals(r.original(), r.translated());
    }
}
