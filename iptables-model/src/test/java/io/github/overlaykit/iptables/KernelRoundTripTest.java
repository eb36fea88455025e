package io.github.overlaykit.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.testing.NetworkNamespace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the model writes, the kernel reads back identically: kube-proxy rules rendered by the model (six
 * services of every kind, plus the built-in jumps) and the format corpus are restored with
 * iptables-nft-restore / iptables-legacy-restore into namespaces this test creates, and iptables-save's
 * answer equals our canonical text.
 */
class KernelRoundTripTest {

    static String rendered() {
        KubeEndpoint ep3 = KubeEndpoint.parse("10.180.0.3:80");
        List<KubeService> services = List.of(
            KubeService.clusterIp("ns1", "svc1", "p80", "tcp", Ipv4Address.parse("172.30.0.41"), 80,
                List.of(KubeEndpoint.parse("10.180.0.1:80"))),
            KubeService.clusterIp("ns2", "svc2", "p80", "tcp", Ipv4Address.parse("172.30.0.42"), 80,
                    List.of(KubeEndpoint.parse("10.180.0.2:80")))
                .withNodePort(3001).withExternalIps(List.of(Ipv4Address.parse("192.168.99.22")))
                .withLoadBalancer(List.of(Ipv4Address.parse("1.2.3.4")), List.of()).withExternalPolicyLocal(30000),
            KubeService.clusterIp("ns3", "svc3", "", "udp", Ipv4Address.parse("172.30.0.43"), 53, List.of(ep3))
                .withNodePort(3003),
            KubeService.clusterIp("ns4", "svc4", "p80", "tcp", Ipv4Address.parse("172.30.0.44"), 80,
                    List.of(KubeEndpoint.parse("10.180.0.4:80"), KubeEndpoint.parse("10.180.0.5:80"),
                        KubeEndpoint.parse("10.180.0.6:80")))
                .withExternalIps(List.of(Ipv4Address.parse("192.168.99.33"))),
            KubeService.clusterIp("ns5", "svc5", "p80", "tcp", Ipv4Address.parse("172.30.0.45"), 80, List.of(ep3))
                .withNodePort(3002)
                .withLoadBalancer(List.of(Ipv4Address.parse("5.6.7.8")), List.of(Ipv4Prefix.parse("203.0.113.0/25")))
                .withAffinity(10800),
            KubeService.clusterIp("ns6", "svc6", "p80", "tcp", Ipv4Address.parse("172.30.0.46"), 80, List.of()));
        return new KubeProxyRenderer(Ipv4Prefix.parse("10.0.0.0/8"), 0x4000, false).render(services);
    }

    @Test
    void kernelSavesWhatWePrint() throws Exception {
        NetworkNamespace.requirePrivileges("iptables-nft-restore", "iptables-nft-save", "iptables-legacy-restore",
            "iptables-legacy-save");
        Path kube = Files.createTempFile("ok-iptables-kube", ".rules");
        Path jumps = Files.createTempFile("ok-iptables-jumps", ".rules");
        Path corpus = io.github.overlaykit.testing.SharedData.path("data/iptables/format-corpus.restore-input.txt");
        try {
            String text = rendered();
            Files.writeString(kube, text, StandardCharsets.UTF_8);
            Files.writeString(jumps, KubeProxyRenderer.jumpRules(), StandardCharsets.UTF_8);
            Ruleset ours = Ruleset.parse(text).restore(KubeProxyRenderer.jumpRules(), "jump rules", true);
            for (SaveFormat.Backend backend : SaveFormat.Backend.values()) {
                String tool = backend == SaveFormat.Backend.NFT ? "iptables-nft" : "iptables-legacy";
                try (NetworkNamespace ns = NetworkNamespace.create("iptrt")) {
                    ns.exec(tool + "-restore", kube.toString());
                    ns.exec(tool + "-restore", "--noflush", jumps.toString());
                    assertEquals(ours.toSave(new SaveFormat(backend, false, null)),
                        withoutComments(ns.exec(tool + "-save")), backend + " kube-proxy rules");
                }
                try (NetworkNamespace ns = NetworkNamespace.create("iptrt")) {
                    ns.exec(tool + "-restore", corpus.toString());
                    assertEquals(Ruleset.parse(corpus).toSave(new SaveFormat(backend, false, null)),
                        withoutComments(ns.exec(tool + "-save")), backend + " format corpus");
                }
            }
        } finally {
            Files.deleteIfExists(kube);
            Files.deleteIfExists(jumps);
        }
    }

    private static String withoutComments(String saved) {
        return saved.replaceAll("(?m)^#.*\\n", "");
    }
}
