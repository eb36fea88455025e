package io.github.overlaykit.iptables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compiled (indexed) tracer and the allocation-free verdict path give the interpreter's answers. */
class CompiledTracerTest {

    /** A kube-proxy node with {@code services} ClusterIP services of three endpoints and node ports. */
    static Ruleset kubeNode(int services) {
        List<KubeService> list = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            int ip = Ipv4Address.parse("172.30.0.0").bits() + s;
            List<KubeEndpoint> endpoints = new ArrayList<>();
            for (int e = 0; e < 3; e++) {
                endpoints.add(new KubeEndpoint(new Ipv4Address(Ipv4Address.parse("10.180.0.0").bits() + s * 3 + e), 8080,
                    false));
            }
            KubeService svc = KubeService.clusterIp("ns" + s, "svc", "http", "tcp", new Ipv4Address(ip), 80, endpoints);
            list.add(s % 10 == 0 ? svc.withNodePort(30000 + s) : svc);
        }
        String text = new KubeProxyRenderer(Ipv4Prefix.parse("10.0.0.0/8"), 0x4000, false).render(list);
        return Ruleset.parse(text).restore("*nat\n"
            + "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
            + "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
            + "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n"
            + "COMMIT\n*filter\n"
            + "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
            + "-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD\n"
            + "-A OUTPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
            + "COMMIT\n", "jump rules", true);
    }

    @Test
    void sameAnswersOnRandomPackets() {
        int services = 300;
        Ruleset rules = kubeNode(services);
        StaticRouting routing = new StaticRouting(List.of(Ipv4Address.parse("192.168.0.2")), "eth0");
        PacketTracer interpreted = new PacketTracer(rules, routing);
        PacketTracer compiled = interpreted.compiled();
        Random random = new Random(5);
        int[] fast = new int[4];
        int dnat = 0;
        for (int n = 0; n < 3000; n++) {
            int s = random.nextInt(services + 20);
            Ipv4Address dst = n % 7 == 0 ? Ipv4Address.parse("192.168.0.2")
                : new Ipv4Address(Ipv4Address.parse("172.30.0.0").bits() + s);
            int port = n % 7 == 0 ? 30000 + random.nextInt(services) : random.nextInt(10) == 0 ? 81 : 80;
            Ipv4Address src = random.nextBoolean() ? Ipv4Address.parse("10.1.2.3") : Ipv4Address.parse("203.0.113.9");
            Packet p = Packet.tcp(src, 1024 + n, dst, port);
            Hook hook = random.nextBoolean() ? Hook.OUTPUT : Hook.PREROUTING;
            if (hook == Hook.PREROUTING) {
                p = p.withInInterface("eth1");
            }
            long seed = random.nextLong();
            TraceResult a = interpreted.trace(p, hook, seed);
            TraceResult b = compiled.trace(p, hook, seed);
            assertEquals(a.steps(), b.steps(), p::toString);
            assertEquals(a.verdict(), b.verdict());
            assertEquals(a.translated(), b.translated());
            assertEquals(a.verdict(), compiled.verdict(p, hook, seed, fast));
            Tuple t = a.translated();
            assertArrayEquals(new int[] {t.source(), t.sourcePort(), t.destination(), t.destinationPort()}, fast);
            assertEquals(a.verdict(), interpreted.verdict(p, hook, seed, fast));
            if (t.destination() != a.original().destination()) {
                dnat++;
            }
        }
        assertEquals(true, dnat > 1000, "most packets hit a service: " + dnat);
    }
}
