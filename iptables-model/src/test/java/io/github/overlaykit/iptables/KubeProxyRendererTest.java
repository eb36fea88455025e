package io.github.overlaykit.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The renderer against the verbatim expected outputs of Kubernetes' own proxier tests. */
class KubeProxyRendererTest {
    private static final Ipv4Prefix PODS = Ipv4Prefix.parse("10.0.0.0/8");

    private static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    @Test
    void internalTrafficPolicyE2eClusterIsByteEqual() throws IOException {
        String expected = Files.readString(
            SharedData.path("data/iptables/k8s-TestInternalTrafficPolicyE2E.cluster.expected.txt"));
        KubeService svc = KubeService.clusterIp("ns1", "svc1", "", "tcp", ip("172.30.1.1"), 80, List.of(
            KubeEndpoint.parse("10.0.1.1:80"), KubeEndpoint.parse("10.0.1.2:80"), KubeEndpoint.parse("10.0.1.3:80")));
        String ours = new KubeProxyRenderer(PODS, 0x4000, false).render(List.of(svc));
        CanonicalGoldenTest.assertSameText(expected, ours, "k8s-TestInternalTrafficPolicyE2E.cluster.expected.txt");
    }

    @Test
    void overallIptablesRulesIsByteEqual() throws IOException {
        String expected = Files.readString(SharedData.path("data/iptables/k8s-TestOverallIPTablesRules.expected.txt"));
        KubeEndpoint ep3 = KubeEndpoint.parse("10.180.0.3:80");
        List<KubeService> services = List.of(
            KubeService.clusterIp("ns1", "svc1", "p80", "tcp", ip("172.30.0.41"), 80,
                List.of(KubeEndpoint.parse("10.180.0.1:80"))),
            KubeService.clusterIp("ns2", "svc2", "p80", "tcp", ip("172.30.0.42"), 80,
                    List.of(KubeEndpoint.parse("10.180.0.2:80")))
                .withNodePort(3001).withExternalIps(List.of(ip("192.168.99.22")))
                .withLoadBalancer(List.of(ip("1.2.3.4")), List.of()).withExternalPolicyLocal(30000),
            KubeService.clusterIp("ns3", "svc3", "p80", "tcp", ip("172.30.0.43"), 80, List.of(ep3)).withNodePort(3003),
            KubeService.clusterIp("ns4", "svc4", "p80", "tcp", ip("172.30.0.44"), 80,
                    List.of(KubeEndpoint.parse("10.180.0.4:80"), KubeEndpoint.parse("10.180.0.5:80")))
                .withExternalIps(List.of(ip("192.168.99.33"))),
            KubeService.clusterIp("ns5", "svc5", "p80", "tcp", ip("172.30.0.45"), 80, List.of(ep3)).withNodePort(3002)
                .withLoadBalancer(List.of(ip("5.6.7.8")), List.of(Ipv4Prefix.parse("203.0.113.0/25")))
                .withAffinity(10800),
            KubeService.clusterIp("ns6", "svc6", "p80", "tcp", ip("172.30.0.46"), 80, List.of()));
        String ours = new KubeProxyRenderer(PODS, 0x4000, true).render(services);
        CanonicalGoldenTest.assertSameText(expected, ours, "k8s-TestOverallIPTablesRules.expected.txt");
    }

    @Test
    void articleServiceRendersTheArticleChains() {
        KubeService svc = KubeService.clusterIp("xiuxian", "auth-java", "tcp-9000-9000-c8kgf", "tcp",
            ip("10.103.5.88"), 9000, List.of(KubeEndpoint.parse("10.244.1.8:9000")));
        String text = new KubeProxyRenderer(Ipv4Prefix.parse("10.244.0.0/16"), 0x4000, false).render(List.of(svc));
        Ruleset rules = Ruleset.parse(text);
        String sep = KubeProxyNames.endpointChain(svc.servicePortName(), "tcp", "10.244.1.8:9000");
        Chain services = rules.table("nat").chain("KUBE-SERVICES");
        assertEquals("-A KUBE-SERVICES -d 10.103.5.88/32 -p tcp -m comment --comment "
            + "\"xiuxian/auth-java:tcp-9000-9000-c8kgf cluster IP\" -m tcp --dport 9000 -j KUBE-SVC-ATUXI35NVHBYDGFQ",
            services.rules().get(0).toSave());
        assertEquals("-A " + sep + " -p tcp -m comment --comment \"xiuxian/auth-java:tcp-9000-9000-c8kgf\" -m tcp"
            + " -j DNAT --to-destination 10.244.1.8:9000", rules.table("nat").chain(sep).rules().get(1).toSave());
        assertTrue(Validator.validate(rules).isEmpty(), () -> Validator.validate(rules).toString());
    }

    @Test
    void jumpRulesAreTheRealNodesBuiltInChains() throws IOException {
        String node = Files.readString(
            SharedData.path("data/iptables/k8s-TestOverallIPTablesRules.node-iptables-save.nft.txt"));
        StringBuilder expected = new StringBuilder();
        for (String line : node.split("\n")) {
            if (line.matches("-A (INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) .*")) {
                expected.append(line).append('\n');
            }
        }
        KubeService svc = KubeService.clusterIp("xiuxian", "auth-java", "tcp-9000-9000-c8kgf", "tcp",
            ip("10.103.5.88"), 9000, List.of(KubeEndpoint.parse("10.244.1.8:9000")));
        Ruleset rules = Ruleset.parse(new KubeProxyRenderer(Ipv4Prefix.parse("10.244.0.0/16"), 0x4000, false)
            .render(List.of(svc))).restore(KubeProxyRenderer.jumpRules(), "jumps", true);
        StringBuilder actual = new StringBuilder();
        for (String line : rules.toSave().split("\n")) {
            if (line.matches("-A (INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) .*")) {
                actual.append(line).append('\n');
            }
        }
        assertEquals(expected.toString(), actual.toString());
        TraceResult r = new PacketTracer(rules, new StaticRouting(List.of(ip("172.17.16.14")), "flannel.1"))
            .traceFirst(Packet.tcp(ip("172.17.16.14"), 8741, ip("10.103.5.88"), 9000), Hook.OUTPUT);
        assertEquals("10.244.1.8:9000", Ipv4Address.toString(r.translated().destination()) + ":"
            + r.translated().destinationPort());
    }

    @Test
    void probabilitiesAreKubeProxyText() {
        assertEquals("0.5000000000", KubeProxyRenderer.probability(2));
        assertEquals("0.3333333333", KubeProxyRenderer.probability(3));
        assertEquals("0.1666666667", KubeProxyRenderer.probability(6));
        assertEquals("0.0009990010", KubeProxyRenderer.probability(1001));
    }
}
