package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a rule in code; the result prints in canonical save syntax ({@link Rule#toSave()}).
 *
 * <pre>{@code
 * Rule r = RuleBuilder.append("KUBE-SERVICES")
 *     .destination("10.103.5.88/32").protocol("tcp")
 *     .comment("xiuxian/auth-java:tcp-9000-9000-c8kgf cluster IP")
 *     .destinationPort(9000)
 *     .jump("KUBE-SVC-ATUXI35NVHBYDGFQ")
 *     .build();
 * }</pre>
 */
public final class RuleBuilder {
    private final String chain;
    private Ipv4Prefix source;
    private boolean sourceNegated;
    private Ipv4Prefix destination;
    private boolean destinationNegated;
    private String in;
    private boolean inNegated;
    private String out;
    private boolean outNegated;
    private int protocol;
    private final List<Match> matches = new ArrayList<>();
    private Target target;
    private boolean goTo;

    private RuleBuilder(String chain) {
        this.chain = chain;
    }

    /**
     * Starts a rule for a chain.
     *
     * @param chain the chain
     * @return the builder
     */
    public static RuleBuilder append(String chain) {
        return new RuleBuilder(chain);
    }

    /**
     * Sets {@code -s}.
     *
     * @param prefix e.g. {@code 10.244.0.0/16} or a bare address
     * @return this
     */
    public RuleBuilder source(String prefix) {
        source = Ipv4Prefix.parseLenient(prefix);
        return this;
    }

    /**
     * Sets {@code ! -s}.
     *
     * @param prefix the prefix
     * @return this
     */
    public RuleBuilder notSource(String prefix) {
        source(prefix);
        sourceNegated = true;
        return this;
    }

    /**
     * Sets {@code -d}.
     *
     * @param prefix the prefix
     * @return this
     */
    public RuleBuilder destination(String prefix) {
        destination = Ipv4Prefix.parseLenient(prefix);
        return this;
    }

    /**
     * Sets {@code ! -d}.
     *
     * @param prefix the prefix
     * @return this
     */
    public RuleBuilder notDestination(String prefix) {
        destination(prefix);
        destinationNegated = true;
        return this;
    }

    /**
     * Sets {@code -i} ({@code eth+} for a prefix).
     *
     * @param name the interface
     * @param negated {@code ! -i}
     * @return this
     */
    public RuleBuilder inInterface(String name, boolean negated) {
        in = name;
        inNegated = negated;
        return this;
    }

    /**
     * Sets {@code -o}.
     *
     * @param name the interface
     * @param negated {@code ! -o}
     * @return this
     */
    public RuleBuilder outInterface(String name, boolean negated) {
        out = name;
        outNegated = negated;
        return this;
    }

    /**
     * Sets {@code -p}.
     *
     * @param name {@code tcp}, {@code udp}, {@code icmp} or a number
     * @return this
     */
    public RuleBuilder protocol(String name) {
        protocol = Rule.protocolNumber(name);
        if (protocol < 0) {
            throw new IllegalArgumentException("unknown protocol " + name);
        }
        return this;
    }

    /**
     * Adds a match.
     *
     * @param match the match
     * @return this
     */
    public RuleBuilder match(Match match) {
        matches.add(match);
        return this;
    }

    /**
     * Adds {@code -m comment --comment TEXT}.
     *
     * @param text the comment
     * @return this
     */
    public RuleBuilder comment(String text) {
        return match(new Match.Comment(text));
    }

    /**
     * Adds {@code -m tcp|udp --dport PORT} for the rule's protocol (set it first).
     *
     * @param port the port
     * @return this
     */
    public RuleBuilder destinationPort(int port) {
        if (protocol == 6) {
            return match(new Match.Tcp(null, false, PortRange.of(port), false, -1, 0, false));
        }
        if (protocol == 17) {
            return match(new Match.Udp(null, false, PortRange.of(port), false));
        }
        throw new IllegalStateException("--dport needs -p tcp or -p udp first");
    }

    /**
     * Adds {@code -m conntrack --ctstate STATES}.
     *
     * @param states e.g. {@code "NEW"} or {@code "RELATED", "ESTABLISHED"}
     * @return this
     */
    public RuleBuilder ctstate(String... states) {
        int bits = 0;
        for (String s : states) {
            int i = List.of(Match.CONNTRACK_STATES).indexOf(s);
            if (i < 0) {
                throw new IllegalArgumentException("unknown state " + s);
            }
            bits |= 1 << i;
        }
        return match(new Match.Conntrack(bits, false, -1, false, null, false, null, false, null, false, null, false,
            null, null, null, null, 0, -1, false, null));
    }

    /**
     * Sets {@code -j CHAIN} (or a verdict: ACCEPT, DROP, RETURN).
     *
     * @param chainOrVerdict the chain or verdict
     * @return this
     */
    public RuleBuilder jump(String chainOrVerdict) {
        switch (chainOrVerdict) {
            case "ACCEPT":
            case "DROP":
            case "RETURN":
                target = new Target.Verdict(chainOrVerdict);
                break;
            default:
                target = new Target.Jump(chainOrVerdict);
        }
        goTo = false;
        return this;
    }

    /**
     * Sets {@code -g CHAIN}.
     *
     * @param userChain the chain
     * @return this
     */
    public RuleBuilder goTo(String userChain) {
        target = new Target.Jump(userChain);
        goTo = true;
        return this;
    }

    /**
     * Sets any target.
     *
     * @param value the target
     * @return this
     */
    public RuleBuilder target(Target value) {
        target = value;
        goTo = false;
        return this;
    }

    /**
     * Sets {@code -j DNAT --to-destination ADDRESS:PORT}.
     *
     * @param address the new destination
     * @param port    the new port, or -1 to keep it
     * @return this
     */
    public RuleBuilder dnat(Ipv4Address address, int port) {
        return target(new Target.Dnat(Target.NatRange.of(address, port), false, false));
    }

    /**
     * Builds the rule.
     *
     * @return the rule (line 0)
     */
    public Rule build() {
        return new Rule(chain, 0, null, source, sourceNegated, destination, destinationNegated, in, inNegated, out,
            outNegated, protocol, false, false, false, matches, target, goTo);
    }
}
