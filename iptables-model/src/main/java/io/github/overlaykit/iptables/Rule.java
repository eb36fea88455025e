package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.List;
import java.util.Objects;

/**
 * One rule of a chain: the generic matches ({@code -s -d -i -o -p -f}), the extension matches in
 * their order, and the target. Absent generic matches are null (protocol 0). Prints itself exactly as
 * iptables-save 1.8.9 does.
 *
 * @param chain                the chain it is appended to
 * @param line                 1-based line of the source text, 0 for rules made in code
 * @param counters             {@code [p:b]} or {@code -c p b} given with the rule, or null
 * @param source               {@code -s}, host bits cleared, or null for any
 * @param sourceNegated        {@code ! -s}
 * @param destination          {@code -d} or null
 * @param destinationNegated   {@code ! -d}
 * @param inInterface          {@code -i} name ({@code eth+} is a prefix wildcard) or null
 * @param inInterfaceNegated   {@code ! -i}
 * @param outInterface         {@code -o} name or null
 * @param outInterfaceNegated  {@code ! -o}
 * @param protocol             {@code -p} protocol number, 0 for any
 * @param protocolNegated      {@code ! -p}
 * @param fragment             {@code -f} given
 * @param fragmentNegated      {@code ! -f}
 * @param matches              the {@code -m} matches in order (implicit protocol matches made explicit)
 * @param target               the target, or null for a rule that only counts
 * @param goTo                 true for {@code -g CHAIN} (the target is then a {@link Target.Jump})
 */
public record Rule(String chain, int line, Counters counters,
                   Ipv4Prefix source, boolean sourceNegated, Ipv4Prefix destination, boolean destinationNegated,
                   String inInterface, boolean inInterfaceNegated, String outInterface, boolean outInterfaceNegated,
                   int protocol, boolean protocolNegated, boolean fragment, boolean fragmentNegated,
                   List<Match> matches, Target target, boolean goTo) {

    /** Protocol names iptables-save prints (from {@code /etc/protocols}), indexed by number. */
    private static final String[] PROTOCOL_NAMES = new String[256];

    static {
        String[] known = {"1", "icmp", "2", "igmp", "3", "ggp", "4", "ipencap", "6", "tcp", "8", "egp", "17", "udp",
            "41", "ipv6", "47", "gre", "50", "esp", "51", "ah", "58", "ipv6-icmp", "89", "ospf", "103", "pim",
            "112", "vrrp", "132", "sctp", "136", "udplite"};
        for (int i = 0; i < known.length; i += 2) {
            PROTOCOL_NAMES[Integer.parseInt(known[i])] = known[i + 1];
        }
    }

    /**
     * Checks and copies.
     *
     * @param chain                the chain
     * @param line                 the source line
     * @param counters             the counters or null
     * @param source               {@code -s} or null
     * @param sourceNegated        negation
     * @param destination          {@code -d} or null
     * @param destinationNegated   negation
     * @param inInterface          {@code -i} or null
     * @param inInterfaceNegated   negation
     * @param outInterface         {@code -o} or null
     * @param outInterfaceNegated  negation
     * @param protocol             protocol number, 0 for any
     * @param protocolNegated      negation
     * @param fragment             {@code -f}
     * @param fragmentNegated      negation
     * @param matches              the matches
     * @param target               the target or null
     * @param goTo                 {@code -g}
     */
    public Rule {
        Objects.requireNonNull(chain, "chain");
        matches = List.copyOf(matches);
        if (goTo && !(target instanceof Target.Jump)) {
            throw new IllegalArgumentException("-g needs a chain, not " + target);
        }
    }

    /**
     * Returns the protocol name iptables-save prints for a number: {@code tcp}, {@code gre}, or the number.
     *
     * @param protocol 0..255
     * @return the name
     */
    public static String protocolName(int protocol) {
        String name = protocol >= 0 && protocol < 256 ? PROTOCOL_NAMES[protocol] : null;
        return name != null ? name : Integer.toString(protocol);
    }

    /**
     * Returns the protocol number of a name or number as {@code -p} accepts it ({@code all} is 0).
     *
     * @param text e.g. {@code tcp}, {@code 6}, {@code all}
     * @return the number, or -1 if unknown
     */
    public static int protocolNumber(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("all")) {
            return 0;
        }
        if (lower.equals("icmpv6")) {
            return 58;
        }
        for (int i = 0; i < PROTOCOL_NAMES.length; i++) {
            if (lower.equals(PROTOCOL_NAMES[i])) {
                return i;
            }
        }
        if (!lower.isEmpty() && lower.length() <= 3 && lower.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(lower);
            return n <= 255 ? n : -1;
        }
        return -1;
    }

    /**
     * Returns a copy with another source line (rules are equal in content regardless of where they came from
     * only after this).
     *
     * @param newLine the line
     * @return the copy
     */
    public Rule withLine(int newLine) {
        return new Rule(chain, newLine, counters, source, sourceNegated, destination, destinationNegated,
            inInterface, inInterfaceNegated, outInterface, outInterfaceNegated, protocol, protocolNegated,
            fragment, fragmentNegated, matches, target, goTo);
    }

    /**
     * Returns a copy in another chain.
     *
     * @param newChain the chain
     * @return the copy
     */
    public Rule inChain(String newChain) {
        return new Rule(newChain, line, counters, source, sourceNegated, destination, destinationNegated,
            inInterface, inInterfaceNegated, outInterface, outInterfaceNegated, protocol, protocolNegated,
            fragment, fragmentNegated, matches, target, goTo);
    }

    /**
     * Returns a copy with other counters.
     *
     * @param newCounters the counters or null
     * @return the copy
     */
    public Rule withCounters(Counters newCounters) {
        return new Rule(chain, line, newCounters, source, sourceNegated, destination, destinationNegated,
            inInterface, inInterfaceNegated, outInterface, outInterfaceNegated, protocol, protocolNegated,
            fragment, fragmentNegated, matches, target, goTo);
    }

    /**
     * Appends the rule as iptables-save prints it, without counters: {@code -A CHAIN …}.
     *
     * @param out where to append
     * @return {@code out}
     */
    public StringBuilder appendSave(StringBuilder out) {
        out.append("-A ").append(chain);
        appendAddress(out, "-s", source, sourceNegated);
        appendAddress(out, "-d", destination, destinationNegated);
        if (inInterface != null) {
            out.append(inInterfaceNegated ? " ! -i " : " -i ").append(inInterface);
        }
        if (outInterface != null) {
            out.append(outInterfaceNegated ? " ! -o " : " -o ").append(outInterface);
        }
        if (protocol != 0) {
            out.append(protocolNegated ? " ! -p " : " -p ").append(protocolName(protocol));
        }
        if (fragment) {
            out.append(fragmentNegated ? " ! -f" : " -f");
        }
        for (Match match : matches) {
            out.append(" -m ").append(match.name());
            match.appendOptions(out);
        }
        if (target != null) {
            out.append(goTo ? " -g " : " -j ").append(target.name());
            target.appendOptions(out);
        }
        return out;
    }

    private static void appendAddress(StringBuilder out, String flag, Ipv4Prefix prefix, boolean negated) {
        if (prefix != null) {
            out.append(negated ? " ! " : " ").append(flag).append(' ');
            Ipv4Address.appendTo(prefix.address(), out).append('/').append(prefix.length());
        }
    }

    /**
     * Returns the rule as iptables-save prints it (and as {@code xtables-monitor --trace} shows it).
     *
     * @return {@code -A CHAIN …}
     */
    public String toSave() {
        return appendSave(new StringBuilder()).toString();
    }

    /**
     * Returns the comment of the first {@code -m comment}, or null.
     *
     * @return the comment text
     */
    public String comment() {
        for (Match m : matches) {
            if (m instanceof Match.Comment c) {
                return c.text();
            }
        }
        return null;
    }
}
