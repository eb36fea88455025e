package io.github.overlaykit.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.testing.NetworkNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The kernel as oracle (reference §6): a kube-proxy ruleset rendered by the model plus hand-written rules
 * (user chain, MARK, mark match, multiport, -o, RETURN) is loaded with iptables-nft-restore into a
 * namespace this test creates; one TCP SYN to the service is traced with {@code xtables-monitor --trace};
 * the kernel's matched-rule lines must equal one of the tracer's branches, and {@code conntrack -L} must
 * show that branch's NAT tuple.
 */
class KernelTraceOracleTest {
    private static final Pattern RULE_EVENT =
        Pattern.compile("^ TRACE: \\d+ ([0-9a-f]+) (\\w+):([^:]+):rule:0x[0-9a-f]+:(.*?)  -4 -t \\w+ (.*)$");
    private static final Pattern POLICY_EVENT =
        Pattern.compile("^ TRACE: \\d+ ([0-9a-f]+) (\\w+):([^:]+):policy:(\\w+) ?$");
    private static final Pattern CONNTRACK = Pattern.compile(
        "src=(\\S+) dst=(\\S+) sport=(\\d+) dport=(\\d+) .*src=(\\S+) dst=(\\S+) sport=(\\d+) dport=(\\d+)");

    @Test
    void tracerAgreesWithXtablesMonitorAndConntrack() throws Exception {
        NetworkNamespace.requirePrivileges("iptables-nft-restore", "xtables-monitor", "conntrack", "timeout", "bash");
        Path file = Files.createTempFile("ok-iptables-oracle", ".rules");
        try (NetworkNamespace node = NetworkNamespace.create("iptnode");
             NetworkNamespace pod = NetworkNamespace.create("iptpod")) {
            NetworkNamespace.run(List.of("ip", "-n", node.name(), "link", "add", "veth0", "type", "veth", "peer",
                "name", "eth0", "netns", pod.name()), 0);
            node.exec("ip", "addr", "add", "10.244.1.1/24", "dev", "veth0");
            node.exec("ip", "link", "set", "veth0", "up");
            pod.exec("ip", "addr", "add", "10.244.1.8/24", "dev", "eth0");
            pod.exec("ip", "addr", "add", "10.244.1.9/24", "dev", "eth0");
            pod.exec("ip", "link", "set", "eth0", "up");
            node.exec("ip", "route", "add", "default", "via", "10.244.1.8");

            Ruleset rules = ruleset();
            Files.writeString(file, rules.toRestore(), StandardCharsets.UTF_8);
            node.exec("iptables-nft-restore", file.toString());

            // Nothing listens in the pod; dropping its reset keeps the node's conntrack entry (SYN_SENT) listable.
            pod.exec("iptables-nft", "-A", "OUTPUT", "-p", "tcp", "--tcp-flags", "RST", "RST", "-j", "DROP");
            PacketTracer tracer = new PacketTracer(rules,
                new StaticRouting(List.of(Ipv4Address.parse("10.244.1.1")), "veth0"));
            compareWithKernel(node, node, "10.103.5.88", 9000, tracer, Ipv4Address.parse("10.244.1.1"), null, Hook.OUTPUT);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Sends one SYN from {@code client} to {@code dst:port}, traced by the kernel in {@code node}, and checks
     * the kernel's rule lines are one of the tracer's branches and conntrack holds that branch's NAT tuple.
     */
    static void compareWithKernel(NetworkNamespace node, NetworkNamespace client, String dst, int port,
                                  PacketTracer tracer, Ipv4Address source, String inInterface, Hook entry)
            throws Exception {
        Process monitor = node.start("timeout", "5", "xtables-monitor", "--trace");
        Thread.sleep(800);
        client.execAny("timeout", "1", "bash", "-c", "exec 3<>/dev/tcp/" + dst + "/" + port);
        String conntrack = node.execAny("conntrack", "-L", "-p", "tcp", "--orig-port-dst", Integer.toString(port)).stdout();
        assertTrue(monitor.waitFor(10, TimeUnit.SECONDS), "xtables-monitor did not stop");
        String trace = new String(monitor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        String id = null;
        int sourcePort = -1;
        List<String> kernel = new ArrayList<>();
        Pattern packetLine = Pattern.compile("^PACKET: \\d+ ([0-9a-f]+) .*SPORT=(\\d+) DPORT=" + port + " SYN");
        for (String line : trace.split("\n")) {
            Matcher p = packetLine.matcher(line);
            if (id == null && p.find()) {
                id = p.group(1);
                sourcePort = Integer.parseInt(p.group(2));
            }
            Matcher r = RULE_EVENT.matcher(line);
            if (r.matches() && r.group(1).equals(id)) {
                kernel.add(r.group(2) + ":" + r.group(3) + ":" + r.group(4) + " | " + r.group(5));
            }
            Matcher q = POLICY_EVENT.matcher(line);
            if (q.matches() && q.group(1).equals(id)) {
                kernel.add(q.group(2) + ":" + q.group(3) + ":policy:" + q.group(4) + " ");
            }
        }
        String traced = trace;
        assertTrue(id != null, () -> "no traced SYN in:\n" + traced);
        assertFalse(kernel.isEmpty(), trace);

        Packet syn = Packet.tcp(source, sourcePort, Ipv4Address.parse(dst), port);
        if (inInterface != null) {
            syn = syn.withInInterface(inInterface);
        }
        List<TraceResult> branches = tracer.traceAll(syn, entry);
        assertEquals(2, branches.size());
        TraceResult taken = null;
        for (TraceResult b : branches) {
            List<String> ours = new ArrayList<>();
            b.steps().forEach(s -> ours.add(s.toString()));
            if (ours.equals(kernel)) {
                taken = b;
            }
        }
        TraceResult found = taken;
        assertTrue(found != null, () -> "kernel trace\n" + String.join("\n", kernel) + "\nis none of ours:\n"
            + branches.get(0).steps() + "\n" + branches.get(1).steps());

        Matcher ct = CONNTRACK.matcher(conntrack);
        assertTrue(ct.find(), conntrack);
        Tuple original = new Tuple(6, Ipv4Address.parse(ct.group(1)).bits(), Integer.parseInt(ct.group(3)),
            Ipv4Address.parse(ct.group(2)).bits(), Integer.parseInt(ct.group(4)));
        Tuple reply = new Tuple(6, Ipv4Address.parse(ct.group(5)).bits(), Integer.parseInt(ct.group(7)),
            Ipv4Address.parse(ct.group(6)).bits(), Integer.parseInt(ct.group(8)));
        assertEquals(found.original(), original);
        assertEquals(found.reply(), reply);
    }

    /**
     * An external client (192.0.2.100) to the service's node port on 192.0.2.1: PREROUTING DNAT, the routing
     * decision (FORWARD), filter FORWARD with a DROP policy, POSTROUTING masquerade to the pod-side address.
     */
    @Test
    void forwardedNodePortAgreesWithTheKernel() throws Exception {
        NetworkNamespace.requirePrivileges("iptables-nft-restore", "xtables-monitor", "conntrack", "timeout", "bash",
            "sysctl");
        Path file = Files.createTempFile("ok-iptables-oracle", ".rules");
        try (NetworkNamespace node = NetworkNamespace.create("iptnode");
             NetworkNamespace pod = NetworkNamespace.create("iptpod");
             NetworkNamespace client = NetworkNamespace.create("iptext")) {
            NetworkNamespace.run(List.of("ip", "-n", node.name(), "link", "add", "veth0", "type", "veth", "peer",
                "name", "eth0", "netns", pod.name()), 0);
            NetworkNamespace.run(List.of("ip", "-n", node.name(), "link", "add", "eth0", "type", "veth", "peer",
                "name", "eth0", "netns", client.name()), 0);
            node.exec("ip", "addr", "add", "10.244.1.1/24", "dev", "veth0");
            node.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "eth0");
            node.exec("ip", "link", "set", "veth0", "up");
            node.exec("ip", "link", "set", "eth0", "up");
            node.exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
            pod.exec("ip", "addr", "add", "10.244.1.8/24", "dev", "eth0");
            pod.exec("ip", "addr", "add", "10.244.1.9/24", "dev", "eth0");
            pod.exec("ip", "link", "set", "eth0", "up");
            pod.exec("ip", "route", "add", "default", "via", "10.244.1.1");
            pod.exec("iptables-nft", "-A", "OUTPUT", "-p", "tcp", "--tcp-flags", "RST", "RST", "-j", "DROP");
            client.exec("ip", "addr", "add", "192.0.2.100/24", "dev", "eth0");
            client.exec("ip", "link", "set", "eth0", "up");

            KubeService svc = KubeService.clusterIp("xiuxian", "auth-java", "tcp-9000-9000-c8kgf", "tcp",
                Ipv4Address.parse("10.103.5.88"), 9000,
                List.of(KubeEndpoint.parse("10.244.1.8:9000"), KubeEndpoint.parse("10.244.1.9:9000")))
                .withNodePort(30080);
            Ruleset kube = Ruleset.parse(new KubeProxyRenderer(Ipv4Prefix.parse("10.244.0.0/16"), 0x4000, false)
                .render(List.of(svc)));
            Ruleset rules = kube.restore("*raw\n"
                + "-A PREROUTING -i eth0 -p tcp --dport 30080 --syn -j TRACE\n"
                + "COMMIT\n*nat\n"
                + "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n"
                + "COMMIT\n*filter\n"
                + ":FORWARD DROP [0:0]\n"
                + "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD\n"
                + "-A FORWARD -i eth0 -o veth0 -m conntrack --ctstate DNAT -j ACCEPT\n"
                + "COMMIT\n", "hand-written rules", true);
            Files.writeString(file, rules.toRestore(), StandardCharsets.UTF_8);
            node.exec("iptables-nft-restore", file.toString());

            Routing routing = new Routing() {
                private final StaticRouting local = new StaticRouting(
                    List.of(Ipv4Address.parse("192.0.2.1"), Ipv4Address.parse("10.244.1.1")), null);

                @Override
                public RouteDecision route(int source, int destination, String inInterface, int mark) {
                    if (local.isLocal(destination)) {
                        return new RouteDecision(RouteDecision.Kind.LOCAL, "lo", destination);
                    }
                    if (Ipv4Prefix.parse("10.244.1.0/24").contains(destination)) {
                        return new RouteDecision(RouteDecision.Kind.UNICAST, "veth0", Ipv4Address.parse("10.244.1.1").bits());
                    }
                    if (Ipv4Prefix.parse("192.0.2.0/24").contains(destination)) {
                        return new RouteDecision(RouteDecision.Kind.UNICAST, "eth0", Ipv4Address.parse("192.0.2.1").bits());
                    }
                    return new RouteDecision(RouteDecision.Kind.UNREACHABLE, null, 0);
                }

                @Override
                public boolean isLocal(int address) {
                    return local.isLocal(address);
                }
            };
            compareWithKernel(node, client, "192.0.2.1", 30080, new PacketTracer(rules, routing),
                Ipv4Address.parse("192.0.2.100"), "eth0", Hook.PREROUTING);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** kube-proxy's rules for a two-endpoint service, node traffic masqueraded, plus hand-written filter rules. */
    static Ruleset ruleset() {
        KubeService svc = KubeService.clusterIp("xiuxian", "auth-java", "tcp-9000-9000-c8kgf", "tcp",
            Ipv4Address.parse("10.103.5.88"), 9000,
            List.of(KubeEndpoint.parse("10.244.1.8:9000"), KubeEndpoint.parse("10.244.1.9:9000")));
        Ruleset kube = Ruleset.parse(new KubeProxyRenderer(Ipv4Prefix.parse("10.245.0.0/16"), 0x4000, false)
            .render(List.of(svc)));
        String extra = "*raw\n"
            + "-A OUTPUT -p tcp --dport 9000 --syn -j TRACE\n"
            + "COMMIT\n"
            + "*nat\n"
            + "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
            + "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n"
            + "COMMIT\n"
            + "*filter\n"
            + ":OUTPUT DROP [0:0]\n"
            + ":MARKS - [0:0]\n"
            + "-A OUTPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
            + "-A OUTPUT -p tcp -m multiport --dports 8000:8999,9000 -j MARKS\n"
            + "-A OUTPUT -m mark --mark 0x1/0x1 -o veth+ -j ACCEPT\n"
            + "-A OUTPUT -o lo -j ACCEPT\n"
            + "-A MARKS -m mark --mark 0x1/0x1 -j RETURN\n"
            + "-A MARKS -j MARK --set-xmark 0x1/0x1\n"
            + "-A MARKS -j LOG --log-prefix \"ok-trace \"\n"
            + "COMMIT\n";
        return kube.restore(extra, "hand-written rules", true);
    }
}
