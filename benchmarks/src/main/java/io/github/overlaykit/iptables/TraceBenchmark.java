package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The first packet of a connection to a random ClusterIP of a kube-proxy node with 10,000 services ×
 * 3 endpoints (≈ 150,000 rules), locally generated (nat OUTPUT → KUBE-SERVICES → KUBE-SVC → KUBE-SEP →
 * DNAT, filter OUTPUT, nat POSTROUTING → KUBE-POSTROUTING → MASQUERADE): {@link PacketTracer#compiled()}
 * (KUBE-SERVICES indexed by destination, protocol and port) against rule-by-rule interpretation in the
 * same run, both through the allocation-free {@link PacketTracer#verdict}, plus the full trace with its
 * events.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TraceBenchmark {
    private static final int PACKETS = 1024;

    @Param({"10000"})
    int services;

    private PacketTracer interpreted;
    private PacketTracer compiled;
    private Packet[] packets;
    private final int[] translated = new int[4];
    private int next;

    /** Renders, parses and compiles the ruleset once per fork. */
    @Setup(Level.Trial)
    public void setUp() {
        Ruleset rules = KubeNodeRules.node(services);
        interpreted = new PacketTracer(rules, new StaticRouting(List.of(Ipv4Address.parse("192.0.2.10")), "eth0"));
        compiled = interpreted.compiled();
        SplittableRandom random = new SplittableRandom(7);
        packets = new Packet[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            Ipv4Address dst = new Ipv4Address(KubeNodeRules.CLUSTER_IP_BASE + random.nextInt(services));
            packets[i] = Packet.tcp(Ipv4Address.parse("192.0.2.10"), 30000 + i, dst, 80);
        }
    }

    private Packet nextPacket() {
        next = (next + 1) & (PACKETS - 1);
        return packets[next];
    }

    /**
     * Compiled, verdict and NAT'd tuple only.
     *
     * @return the translated destination (so the work is not dead code)
     */
    @Benchmark
    public int compiledVerdict() {
        compiled.verdict(nextPacket(), Hook.OUTPUT, next, translated);
        return translated[2];
    }

    /**
     * The baseline: the same answer, rules interpreted one by one.
     *
     * @return the translated destination
     */
    @Benchmark
    public int interpretedVerdict() {
        interpreted.verdict(nextPacket(), Hook.OUTPUT, next, translated);
        return translated[2];
    }

    /**
     * Compiled, with the trace events recorded (allocates the result).
     *
     * @return the result
     */
    @Benchmark
    public TraceResult compiledTrace() {
        return compiled.trace(nextPacket(), Hook.OUTPUT, next);
    }
}
