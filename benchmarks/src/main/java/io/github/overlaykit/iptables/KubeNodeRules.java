package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;

/** The benchmark workload: kube-proxy's restore input for N ClusterIP services of three endpoints each. */
final class KubeNodeRules {
    static final int CLUSTER_IP_BASE = Ipv4Address.parse("172.30.0.0").bits();

    private KubeNodeRules() {
    }

    /** kube-proxy's restore input (about 15 lines per service). */
    static String render(int services) {
        List<KubeService> list = new ArrayList<>();
        int endpointBase = Ipv4Address.parse("10.128.0.0").bits();
        for (int s = 0; s < services; s++) {
            List<KubeEndpoint> endpoints = new ArrayList<>();
            for (int e = 0; e < 3; e++) {
                endpoints.add(new KubeEndpoint(new Ipv4Address(endpointBase + s * 3 + e), 8080, false));
            }
            list.add(KubeService.clusterIp("ns" + s, "svc" + s, "http", "tcp", new Ipv4Address(CLUSTER_IP_BASE + s), 80,
                endpoints));
        }
        return new KubeProxyRenderer(Ipv4Prefix.parse("10.0.0.0/8"), 0x4000, false).render(list);
    }

    /** The rendered rules plus the built-in jump rules kube-proxy ensures. */
    static Ruleset node(int services) {
        return Ruleset.parse(render(services)).restore("*nat\n"
            + "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
            + "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
            + "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n"
            + "COMMIT\n*filter\n"
            + "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
            + "-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD\n"
            + "-A OUTPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
            + "COMMIT\n", "jump rules", true);
    }
}
