package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Renders the restore input kube-proxy's iptables mode writes for a set of service ports (current
 * {@code proxier.go} templates, reference §2.3), in kube-proxy's own option order and with its chain
 * layout: filter {@code KUBE-NODEPORTS}, {@code KUBE-SERVICES}, {@code KUBE-EXTERNAL-SERVICES},
 * {@code KUBE-FIREWALL}, {@code KUBE-FORWARD}, {@code KUBE-PROXY-FIREWALL}; nat {@code KUBE-NODEPORTS},
 * {@code KUBE-SERVICES}, then the other chains sorted by name, as Kubernetes' own tests print it.
 *
 * <pre>{@code
 * KubeService svc = KubeService.clusterIp("xiuxian", "auth-java", "tcp-9000-9000-c8kgf", "tcp",
 *     Ipv4Address.parse("10.103.5.88"), 9000, List.of(KubeEndpoint.parse("10.244.1.8:9000")));
 * String restoreInput = new KubeProxyRenderer(Ipv4Prefix.parse("10.244.0.0/16"), 0x4000, false)
 *     .render(List.of(svc));
 * Ruleset rules = Ruleset.parse(restoreInput);
 * }</pre>
 *
 * <p>Not rendered: internal traffic policy {@code Local} ({@code KUBE-SVL-} for cluster IPs), terminating
 * endpoints, {@code --nodeport-addresses}, IPv6, and "large cluster mode" (comments dropped).
 */
public final class KubeProxyRenderer {
    private final Ipv4Prefix clusterCidr;
    private final int masqueradeMark;
    private final boolean nfacct;

    /**
     * Creates a renderer.
     *
     * @param clusterCidr    the pod range ({@code --cluster-cidr}); traffic from outside it to a cluster IP
     *                       is masqueraded
     * @param masqueradeMark the masquerade mark bit, {@code 0x4000} by default ({@code 1 << 14})
     * @param nfacct         whether kube-proxy counts with {@code -m nfacct} (current versions on kernels
     *                       with nfacct; adds the localhost node-port rules too)
     */
    public KubeProxyRenderer(Ipv4Prefix clusterCidr, int masqueradeMark, boolean nfacct) {
        this.clusterCidr = Objects.requireNonNull(clusterCidr, "clusterCidr");
        this.masqueradeMark = masqueradeMark;
        this.nfacct = nfacct;
    }

    /**
     * Returns kube-proxy's probability text for endpoint {@code i} of {@code n}: {@code %0.10f} of
     * {@code 1/(n-i)}.
     *
     * @param remaining endpoints left including this one ({@code n - i})
     * @return e.g. {@code 0.3333333333}
     */
    public static String probability(int remaining) {
        return new BigDecimal(1.0 / remaining).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String quoted(String comment) {
        return comment.indexOf(' ') >= 0 ? "\"" + comment + "\"" : comment;
    }

    /**
     * Returns the jumps from the built-in chains into kube-proxy's chains, which kube-proxy (and kubelet, for
     * {@code KUBE-FIREWALL}) ensure with single {@code iptables -I} calls outside the restore input, in the
     * order a real node shows them (reference §2.1). Without them no packet reaches {@code KUBE-SERVICES}.
     * Restore it with {@code --noflush} after {@link #render}, which declares the chains it jumps to.
     *
     * @return restore input for {@code iptables-restore --noflush}
     */
    public static String jumpRules() {
        String lbFirewall = " -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\""
            + " -j KUBE-PROXY-FIREWALL\n";
        String external = " -m conntrack --ctstate NEW -m comment --comment"
            + " \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES\n";
        String newPortals = " -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\""
            + " -j KUBE-SERVICES\n";
        String portals = " -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n";
        return "*filter\n"
            + "-A INPUT -j KUBE-FIREWALL\n"
            + "-A INPUT" + lbFirewall
            + "-A INPUT -m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS\n"
            + "-A INPUT" + external
            + "-A FORWARD" + lbFirewall
            + "-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD\n"
            + "-A FORWARD" + newPortals
            + "-A FORWARD" + external
            + "-A OUTPUT -j KUBE-FIREWALL\n"
            + "-A OUTPUT" + lbFirewall
            + "-A OUTPUT" + newPortals
            + "COMMIT\n"
            + "*nat\n"
            + "-A PREROUTING" + portals
            + "-A OUTPUT" + portals
            + "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n"
            + "COMMIT\n";
    }

    /**
     * Renders the restore input.
     *
     * @param services the service ports (rendered in service-port-name order)
     * @return restore input for {@code iptables-restore --noflush}
     */
    public String render(List<KubeService> services) {
        List<KubeService> sorted = new ArrayList<>(services);
        sorted.sort(Comparator.comparing(KubeService::servicePortName).thenComparing(KubeService::protocol));
        String mark = "0x" + Integer.toHexString(masqueradeMark);
        String cidr = clusterCidr.toString();

        List<String> filterNodePorts = new ArrayList<>();
        List<String> filterServices = new ArrayList<>();
        List<String> externalServices = new ArrayList<>();
        List<String> proxyFirewall = new ArrayList<>();
        List<String> natNodePorts = new ArrayList<>();
        List<String> natServices = new ArrayList<>();
        Map<String, List<String>> natChains = new TreeMap<>();
        List<String> masq = new ArrayList<>();
        masq.add("-A KUBE-MARK-MASQ -j MARK --or-mark " + mark);
        natChains.put("KUBE-MARK-MASQ", masq);
        natChains.put("KUBE-POSTROUTING", List.of(
            "-A KUBE-POSTROUTING -m mark ! --mark " + mark + "/" + mark + " -j RETURN",
            "-A KUBE-POSTROUTING -j MARK --xor-mark " + mark,
            "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE"));

        for (KubeService s : sorted) {
            String spn = s.servicePortName();
            String proto = s.protocol();
            String protoMatch = " -m " + proto + " -p " + proto;
            String svc = KubeProxyNames.serviceChain(spn, proto);
            String ext = KubeProxyNames.externalChain(spn, proto);
            String fw = KubeProxyNames.firewallChain(spn, proto);
            boolean hasEndpoints = !s.endpoints().isEmpty();
            boolean hasLocal = s.endpoints().stream().anyMatch(KubeEndpoint::local);
            boolean externalDrops = s.externalPolicyLocal() && !hasLocal;
            boolean firewall = !s.loadBalancerSourceRanges().isEmpty() && !s.loadBalancerIps().isEmpty();

            if (s.healthCheckNodePort() != 0) {
                filterNodePorts.add("-A KUBE-NODEPORTS -m comment --comment " + quoted(spn + " health check node port")
                    + protoMatch + " --dport " + s.healthCheckNodePort() + " -j ACCEPT");
            }
            if (!hasEndpoints) {
                filterServices.add("-A KUBE-SERVICES -m comment --comment " + quoted(spn + " has no endpoints")
                    + protoMatch + " -d " + s.clusterIp() + " --dport " + s.port() + " -j REJECT");
                for (Ipv4Address ip : externalDestinations(s)) {
                    externalServices.add("-A KUBE-EXTERNAL-SERVICES -m comment --comment "
                        + quoted(spn + " has no endpoints") + protoMatch + " -d " + ip + " --dport " + s.port()
                        + " -j REJECT");
                }
                if (s.nodePort() != 0) {
                    externalServices.add("-A KUBE-EXTERNAL-SERVICES -m comment --comment "
                        + quoted(spn + " has no endpoints") + " -m addrtype --dst-type LOCAL" + protoMatch
                        + " --dport " + s.nodePort() + " -j REJECT");
                }
                continue;
            }
            if (externalDrops) {
                for (Ipv4Address ip : externalDestinations(s)) {
                    externalServices.add("-A KUBE-EXTERNAL-SERVICES -m comment --comment "
                        + quoted(spn + " has no local endpoints") + protoMatch + " -d " + ip + " --dport " + s.port()
                        + " -j DROP");
                }
                if (s.nodePort() != 0) {
                    externalServices.add("-A KUBE-EXTERNAL-SERVICES -m comment --comment "
                        + quoted(spn + " has no local endpoints") + " -m addrtype --dst-type LOCAL" + protoMatch
                        + " --dport " + s.nodePort() + " -j DROP");
                }
            }
            if (firewall) {
                for (Ipv4Address ip : s.loadBalancerIps()) {
                    proxyFirewall.add("-A KUBE-PROXY-FIREWALL -m comment --comment "
                        + quoted(spn + " traffic not accepted by " + fw) + protoMatch + " -d " + ip + " --dport "
                        + s.port() + " -j DROP");
                }
            }

            natServices.add("-A KUBE-SERVICES -m comment --comment " + quoted(spn + " cluster IP") + protoMatch
                + " -d " + s.clusterIp() + " --dport " + s.port() + " -j " + svc);
            for (Ipv4Address ip : s.externalIps()) {
                natServices.add("-A KUBE-SERVICES -m comment --comment " + quoted(spn + " external IP") + protoMatch
                    + " -d " + ip + " --dport " + s.port() + " -j " + ext);
            }
            for (Ipv4Address ip : s.loadBalancerIps()) {
                natServices.add("-A KUBE-SERVICES -m comment --comment " + quoted(spn + " loadbalancer IP")
                    + protoMatch + " -d " + ip + " --dport " + s.port() + " -j " + (firewall ? fw : ext));
            }
            if (s.nodePort() != 0) {
                if (nfacct) {
                    natNodePorts.add("-A KUBE-NODEPORTS -m comment --comment " + quoted(spn) + protoMatch
                        + " -d 127.0.0.0/8 --dport " + s.nodePort()
                        + " -m nfacct --nfacct-name localhost_nps_accepted_pkts -j " + ext);
                }
                natNodePorts.add("-A KUBE-NODEPORTS -m comment --comment " + quoted(spn) + protoMatch + " --dport "
                    + s.nodePort() + " -j " + ext);
            }
            if (s.hasExternal()) {
                List<String> rules = new ArrayList<>();
                if (s.externalPolicyLocal()) {
                    rules.add("-A " + ext + " -m comment --comment "
                        + quoted("pod traffic for " + spn + " external destinations") + " -s " + cidr + " -j " + svc);
                    rules.add("-A " + ext + " -m comment --comment "
                        + quoted("masquerade LOCAL traffic for " + spn + " external destinations")
                        + " -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ");
                    rules.add("-A " + ext + " -m comment --comment "
                        + quoted("route LOCAL traffic for " + spn + " external destinations")
                        + " -m addrtype --src-type LOCAL -j " + svc);
                    if (hasLocal) {
                        String svl = KubeProxyNames.localServiceChain(spn, proto);
                        rules.add("-A " + ext + " -j " + svl);
                        natChains.put(svl, dispatch(s, svl, spn, proto,
                            s.endpoints().stream().filter(KubeEndpoint::local).toList(), false));
                    }
                } else {
                    rules.add("-A " + ext + " -m comment --comment "
                        + quoted("masquerade traffic for " + spn + " external destinations") + " -j KUBE-MARK-MASQ");
                    rules.add("-A " + ext + " -j " + svc);
                }
                natChains.put(ext, rules);
            }
            if (firewall) {
                List<String> rules = new ArrayList<>();
                for (Ipv4Prefix range : s.loadBalancerSourceRanges()) {
                    rules.add("-A " + fw + " -m comment --comment " + quoted(spn + " loadbalancer IP") + " -s " + range
                        + " -j " + ext);
                }
                rules.add("-A " + fw + " -m comment --comment "
                    + quoted("other traffic to " + spn + " will be dropped by KUBE-PROXY-FIREWALL"));
                natChains.put(fw, rules);
            }
            natChains.put(svc, dispatch(s, svc, spn, proto, s.endpoints(), true));
            for (KubeEndpoint e : s.endpoints()) {
                String sep = KubeProxyNames.endpointChain(spn, proto, e.toString());
                String affinity = s.affinitySeconds() > 0 ? " -m recent --name " + sep + " --set" : "";
                natChains.put(sep, List.of(
                    "-A " + sep + " -m comment --comment " + quoted(spn) + " -s " + e.address() + " -j KUBE-MARK-MASQ",
                    "-A " + sep + " -m comment --comment " + quoted(spn) + affinity + protoMatch
                        + " -j DNAT --to-destination " + e));
            }
        }

        StringBuilder out = new StringBuilder();
        out.append("*filter\n");
        for (String c : List.of("KUBE-NODEPORTS", "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FIREWALL",
            "KUBE-FORWARD", "KUBE-PROXY-FIREWALL")) {
            out.append(':').append(c).append(" - [0:0]\n");
        }
        appendLines(out, filterNodePorts);
        appendLines(out, filterServices);
        appendLines(out, externalServices);
        out.append("-A KUBE-FIREWALL -m comment --comment \"block incoming localnet connections\" -d 127.0.0.0/8"
            + " ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n");
        out.append("-A KUBE-FORWARD -m conntrack --ctstate INVALID")
            .append(nfacct ? " -m nfacct --nfacct-name ct_state_invalid_dropped_pkts" : "").append(" -j DROP\n");
        out.append("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark ")
            .append(mark).append('/').append(mark).append(" -j ACCEPT\n");
        out.append("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\""
            + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
        appendLines(out, proxyFirewall);
        out.append("COMMIT\n*nat\n:KUBE-NODEPORTS - [0:0]\n:KUBE-SERVICES - [0:0]\n");
        for (String c : natChains.keySet()) {
            out.append(':').append(c).append(" - [0:0]\n");
        }
        appendLines(out, natNodePorts);
        appendLines(out, natServices);
        out.append("-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last"
            + " rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n");
        for (List<String> rules : natChains.values()) {
            appendLines(out, rules);
        }
        out.append("COMMIT\n");
        return out.toString();
    }

    private List<String> dispatch(KubeService s, String chain, String spn, String proto, List<KubeEndpoint> endpoints,
                                  boolean masqueradeOutside) {
        List<String> rules = new ArrayList<>();
        if (masqueradeOutside) {
            rules.add("-A " + chain + " -m comment --comment " + quoted(spn + " cluster IP") + " -m " + proto + " -p "
                + proto + " -d " + s.clusterIp() + " --dport " + s.port() + " ! -s " + clusterCidr + " -j KUBE-MARK-MASQ");
        }
        if (s.affinitySeconds() > 0) {
            for (KubeEndpoint e : endpoints) {
                String sep = KubeProxyNames.endpointChain(spn, proto, e.toString());
                rules.add("-A " + chain + " -m comment --comment " + quoted(spn + " -> " + e) + " -m recent --name " + sep
                    + " --rcheck --seconds " + s.affinitySeconds() + " --reap -j " + sep);
            }
        }
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            KubeEndpoint e = endpoints.get(i);
            String sep = KubeProxyNames.endpointChain(spn, proto, e.toString());
            String statistic = i < n - 1 ? " -m statistic --mode random --probability " + probability(n - i) : "";
            rules.add("-A " + chain + " -m comment --comment " + quoted(spn + " -> " + e) + statistic + " -j " + sep);
        }
        return rules;
    }

    private static List<Ipv4Address> externalDestinations(KubeService s) {
        List<Ipv4Address> all = new ArrayList<>(s.externalIps());
        all.addAll(s.loadBalancerIps());
        return all;
    }

    private static void appendLines(StringBuilder out, List<String> lines) {
        for (String line : lines) {
            out.append(line).append('\n');
        }
    }
}
