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

    /** A random service model (seeded, so a failure reproduces): every kind of service port the renderer knows. */
    static List<KubeService> randomServices(java.util.Random random) {
        List<KubeService> out = new java.util.ArrayList<>();
        int count = 1 + random.nextInt(8);
        for (int s = 0; s < count; s++) {
            List<KubeEndpoint> endpoints = new java.util.ArrayList<>();
            int n = random.nextInt(6);
            for (int e = 0; e < n; e++) {
                endpoints.add(new KubeEndpoint(new Ipv4Address(Ipv4Address.parse("10.180.0.0").bits() + s * 8 + e),
                    1 + random.nextInt(65535), random.nextBoolean()));
            }
            String protocol = random.nextBoolean() ? "tcp" : "udp";
            KubeService svc = KubeService.clusterIp("ns" + random.nextInt(3), "svc" + s, random.nextBoolean() ? "" : "p" + s,
                protocol, new Ipv4Address(Ipv4Address.parse("172.30.1.0").bits() + s), 1 + random.nextInt(65535), endpoints);
            if (random.nextInt(3) == 0) {
                svc = svc.withNodePort(30000 + s);
            }
            if (random.nextInt(3) == 0) {
                svc = svc.withExternalIps(List.of(new Ipv4Address(Ipv4Address.parse("192.0.2.0").bits() + s)));
            }
            if (random.nextInt(3) == 0) {
                svc = svc.withLoadBalancer(List.of(new Ipv4Address(Ipv4Address.parse("198.51.100.0").bits() + s)),
                    random.nextBoolean() ? List.of() : List.of(Ipv4Prefix.parse("203.0.113.0/25")));
            }
            if (svc.hasExternal() && random.nextInt(3) == 0) {
                svc = svc.withExternalPolicyLocal(31000 + s);
            }
            if (random.nextInt(4) == 0) {
                svc = svc.withAffinity(60 + random.nextInt(10000));
            }
            out.add(svc);
        }
        return out;
    }

    /** Random service models: the nft kernel saves exactly what we print for the rendered restore input. */
    @Test
    void randomServiceModelsRoundTripThroughTheKernel() throws Exception {
        NetworkNamespace.requirePrivileges("iptables-nft-restore", "iptables-nft-save");
        java.util.Random random = new java.util.Random(20261127);
        Path file = Files.createTempFile("ok-iptables-random", ".rules");
        try {
            for (int model = 0; model < 8; model++) {
                String text = new KubeProxyRenderer(Ipv4Prefix.parse("10.0.0.0/8"), 0x4000, false)
                    .render(randomServices(random));
                Files.writeString(file, text, StandardCharsets.UTF_8);
                Ruleset ours = Ruleset.parse(text, "model " + model);
                assertEquals(List.of(), Validator.validate(ours), "model " + model);
                try (NetworkNamespace ns = NetworkNamespace.create("iptrnd")) {
                    ns.exec("iptables-nft-restore", file.toString());
                    assertEquals(ours.toSave(), withoutComments(ns.exec("iptables-nft-save")), "model " + model + ":\n" + text);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String withoutComments(String saved) {
        return saved.replaceAll("(?m)^#.*\\n", "");
    }
}
