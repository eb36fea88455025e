package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@link TraceBenchmark} workload timed by the measuring thread's CPU time rather than the wall clock,
 * for a machine shared with other work (a busy neighbour inflates wall time, not this thread's CPU time):
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.overlaykit.iptables.TraceCpuTime [SERVICES] [ROUNDS]}.
 * It also times the parse of kube-proxy's restore input the same way.
 */
public final class TraceCpuTime {
    private TraceCpuTime() {
    }

    /**
     * Runs the rounds and prints CPU nanoseconds per packet (compiled and interpreted) and per parse.
     *
     * @param args optional service count (10000) and rounds (6)
     */
    public static void main(String[] args) {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String text = KubeNodeRules.render(services);
        for (int round = 0; round < 3; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            Ruleset parsed = Ruleset.parse(text);
            long c1 = mx.getCurrentThreadCpuTime();
            System.out.printf("parse %d lines: %.1f ms CPU (%d tables)%n", text.split("\n").length, (c1 - c0) / 1e6,
                parsed.tables().size());
        }
        Ruleset rules = KubeNodeRules.node(services);
        PacketTracer interpreted = new PacketTracer(rules,
            new StaticRouting(List.of(Ipv4Address.parse("192.0.2.10")), "eth0"));
        PacketTracer compiled = interpreted.compiled();
        Packet[] packets = new Packet[1024];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < packets.length; i++) {
            packets[i] = Packet.tcp(Ipv4Address.parse("192.0.2.10"), 30000 + i,
                new Ipv4Address(KubeNodeRules.CLUSTER_IP_BASE + random.nextInt(services)), 80);
        }
        int[] out = new int[4];
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            for (PacketTracer tracer : new PacketTracer[] {compiled, interpreted}) {
                int n = tracer == compiled ? 400_000 : 20_000;
                long c0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    tracer.verdict(packets[i & 1023], Hook.OUTPUT, i, out);
                    sink += out[2];
                }
                long c1 = mx.getCurrentThreadCpuTime();
                System.out.printf("round %d %-11s %8.0f ns CPU per packet%n", round,
                    tracer == compiled ? "compiled" : "interpreted", (c1 - c0) / (double) n);
            }
        }
        System.out.println("(checksum " + sink + ")");
    }
}
