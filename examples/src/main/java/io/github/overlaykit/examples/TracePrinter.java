package io.github.overlaykit.examples;

import io.github.overlaykit.iptables.Hook;
import io.github.overlaykit.iptables.Packet;
import io.github.overlaykit.iptables.PacketTracer;
import io.github.overlaykit.iptables.TraceResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The trace options and output shared by {@code iptables trace} and {@code service-proxy trace}: which
 * branches of {@code statistic} choices to follow, and the {@code xtables-monitor --trace} lines.
 */
final class TracePrinter {

    private TracePrinter() {
    }

    /**
     * Parses {@code --hook}.
     *
     * @param text {@code prerouting} or {@code output}
     * @return the hook
     */
    static Hook hook(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "prerouting": return Hook.PREROUTING;
            case "output": return Hook.OUTPUT;
            default: throw new IllegalArgumentException("--hook must be prerouting or output, not " + text);
        }
    }

    /**
     * Parses {@code --proto}.
     *
     * @param text {@code tcp}, {@code udp} or {@code icmp}
     * @return the IP protocol number
     */
    static int protocol(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp": return 6;
            case "udp": return 17;
            case "icmp": return 1;
            default: throw new IllegalArgumentException("--proto must be tcp, udp or icmp, not " + text);
        }
    }

    /**
     * Traces a packet: {@code first} lets every {@code statistic} choice fire, {@code all} enumerates each
     * branch with its probability, {@code seed:N} draws the choices from a seeded random source.
     *
     * @param tracer   the tracer
     * @param packet   the packet
     * @param entry    where it enters
     * @param branches {@code first}, {@code all} or {@code seed:N}
     * @return one result, or one per branch for {@code all}
     */
    static List<TraceResult> trace(PacketTracer tracer, Packet packet, Hook entry, String branches) {
        if (branches.equals("all")) {
            return tracer.traceAll(packet, entry);
        }
        if (branches.equals("first")) {
            return List.of(tracer.traceFirst(packet, entry));
        }
        if (branches.startsWith("seed:")) {
            return List.of(tracer.trace(packet, entry, Long.parseLong(branches.substring(5))));
        }
        throw new IllegalArgumentException("--branches must be first, all or seed:N, not " + branches);
    }

    /**
     * Prints each result's trace lines and notes, with a {@code branch i of n: probability p} header per
     * result when branches were enumerated, and an optional conclusion after each.
     *
     * @param w             where to print
     * @param results       the results
     * @param branchHeaders print the branch headers
     * @param conclusion    a last line per result, or null for none
     * @return whether some result was accepted
     */
    static boolean print(PrintWriter w, List<TraceResult> results, boolean branchHeaders,
                         Function<TraceResult, String> conclusion) {
        boolean accepted = false;
        for (int i = 0; i < results.size(); i++) {
            TraceResult r = results.get(i);
            if (branchHeaders) {
                w.println("branch " + (i + 1) + " of " + results.size() + ": probability " + r.probabilityText());
            }
            r.lines().forEach(w::println);
            for (String note : r.notes()) {
                w.println("note: " + note);
            }
            if (conclusion != null) {
                w.println(conclusion.apply(r));
            }
            accepted |= r.verdict() == TraceResult.Verdict.ACCEPT;
        }
        w.flush();
        return accepted;
    }
}
