package io.github.overlaykit.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where one packet went: the trace events in order, the final verdict, the connection tuple before and
 * after NAT, and the branch's probability when {@code statistic} choices were enumerated.
 *
 * @param steps       the events, in the order the kernel would print them
 * @param verdict     the outcome
 * @param original    the tuple as sent
 * @param translated  the tuple after DNAT/SNAT/MASQUERADE (equal to original without NAT)
 * @param probability the probability of this branch (1 for a single deterministic path)
 * @param mark        the packet mark at the end
 * @param notes       approximations made (unknown matches treated as non-matching, …)
 */
public record TraceResult(List<TraceStep> steps, Verdict verdict, Tuple original, Tuple translated,
                          double probability, int mark, List<String> notes) {

    /** What finally happened to the packet. */
    public enum Verdict {
        /** Delivered locally or sent/forwarded. */
        ACCEPT,
        /** Dropped silently. */
        DROP,
        /** Dropped with an ICMP error or TCP reset sent back (the kernel's verdict is DROP). */
        REJECT,
        /** No route after PREROUTING: the kernel answers ICMP network unreachable. */
        UNREACHABLE
    }

    /**
     * Copies the lists.
     *
     * @param steps       the events
     * @param verdict     the outcome
     * @param original    the original tuple
     * @param translated  the translated tuple
     * @param probability the branch probability
     * @param mark        the final mark
     * @param notes       approximations
     */
    public TraceResult {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    /**
     * Returns the reply as it leaves the destination ({@code translated} reversed); conntrack rewrites it
     * back to {@link #original()} reversed on the way.
     *
     * @return the reply tuple on the wire at the destination
     */
    public Tuple reply() {
        return translated.reversed();
    }

    /**
     * Returns the output lines: one per event, then {@code verdict: …}, {@code nat: …} and the reply.
     *
     * @return the lines
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (TraceStep s : steps) {
            out.add(s.toString());
        }
        out.add("verdict: " + verdict);
        out.add("nat: " + translated);
        out.add("reply: " + reply() + " => " + original.reversed());
        return out;
    }

    /**
     * Returns the probability as {@code %.11f}, the precision iptables-save prints.
     *
     * @return e.g. {@code 0.50000000000}
     */
    public String probabilityText() {
        return String.format(Locale.ROOT, "%.11f", probability);
    }
}
