package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * A {@code -m NAME …} match of a rule, typed for the extensions kube-proxy and common firewalls use,
 * {@link Opaque} (kept verbatim) for any other. Each one prints its options exactly as iptables-save
 * 1.8.9 does, in the extension's canonical option order.
 */
public interface Match {

    /**
     * Returns the extension name printed after {@code -m}.
     *
     * @return e.g. {@code "tcp"}
     */
    String name();

    /**
     * Appends the options as iptables-save prints them, each preceded by one space.
     *
     * @param out where to append
     */
    void appendOptions(StringBuilder out);

    /** Bits of {@code --ctstate} / {@code --state}, in the order iptables-save prints them. */
    String[] CONNTRACK_STATES = {"INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT"};
    /** Bits of {@code --ctstatus}, in print order. */
    String[] CONNTRACK_STATUSES = {"EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED"};
    /** Bits of {@code addrtype} types, in print order (kernel {@code RTN_*} order). */
    String[] ADDRESS_TYPES = {"UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST", "BLACKHOLE",
        "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE"};

    /** Bit of {@code LOCAL} in {@link Addrtype} masks. */
    int ADDRTYPE_LOCAL = 1 << 2;
    /** Bit of {@code NEW} in state masks. */
    int STATE_NEW = 1 << 1;
    /** Bit of {@code DNAT} in {@link Conntrack} state masks. */
    int STATE_DNAT = 1 << 6;
    /** Bit of {@code SNAT} in {@link Conntrack} state masks. */
    int STATE_SNAT = 1 << 5;

    /** Appends names of the set bits joined by commas. */
    private static void appendBits(StringBuilder out, int bits, String[] names) {
        boolean first = true;
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1 << i)) != 0) {
                out.append(first ? "" : ",").append(names[i]);
                first = false;
            }
        }
    }

    private static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }

    /**
     * {@code -m comment --comment TEXT}; never affects matching.
     *
     * @param text the comment
     */
    record Comment(String text) implements Match {
        /**
         * Checks the text.
         *
         * @param text the comment
         */
        public Comment {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String name() {
            return "comment";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(" --comment ");
            Tokens.appendQuoted(out, text);
        }
    }

    /**
     * {@code -m tcp}: ports and flags.
     *
     * @param sourcePorts         {@code --sport} or null
     * @param sourceNegated       {@code ! --sport}
     * @param destinationPorts    {@code --dport} or null
     * @param destinationNegated  {@code ! --dport}
     * @param flagsMask           {@code --tcp-flags} mask bits (FIN=1 SYN=2 RST=4 PSH=8 ACK=16 URG=32), -1 if absent
     * @param flagsCompare        the flags that must be set among the mask
     * @param flagsNegated        {@code ! --tcp-flags}
     */
    record Tcp(PortRange sourcePorts, boolean sourceNegated, PortRange destinationPorts, boolean destinationNegated,
               int flagsMask, int flagsCompare, boolean flagsNegated) implements Match {
        /** Flag names in the order iptables prints them. */
        static final String[] FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};

        @Override
        public String name() {
            return "tcp";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            appendPorts(out, "sport", sourcePorts, sourceNegated);
            appendPorts(out, "dport", destinationPorts, destinationNegated);
            if (flagsMask >= 0) {
                out.append(flagsNegated ? " ! --tcp-flags " : " --tcp-flags ");
                appendFlags(out, flagsMask);
                out.append(' ');
                appendFlags(out, flagsCompare);
            }
        }

        private static void appendFlags(StringBuilder out, int flags) {
            if (flags == 0) {
                out.append("NONE");
                return;
            }
            appendBits(out, flags, FLAG_NAMES);
        }
    }

    /** Appends {@code [!] --NAME a[:b]} when the range is present. */
    private static void appendPorts(StringBuilder out, String option, PortRange ports, boolean negated) {
        if (ports != null) {
            out.append(negated ? " ! --" : " --").append(option).append(' ').append(ports);
        }
    }

    /**
     * {@code -m udp}: ports.
     *
     * @param sourcePorts        {@code --sport} or null
     * @param sourceNegated      {@code ! --sport}
     * @param destinationPorts   {@code --dport} or null
     * @param destinationNegated {@code ! --dport}
     */
    record Udp(PortRange sourcePorts, boolean sourceNegated, PortRange destinationPorts, boolean destinationNegated)
            implements Match {
        @Override
        public String name() {
            return "udp";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            appendPorts(out, "sport", sourcePorts, sourceNegated);
            appendPorts(out, "dport", destinationPorts, destinationNegated);
        }
    }

    /**
     * {@code -m icmp --icmp-type TYPE[/CODE]}; type 255 means {@code any}.
     *
     * @param type    the ICMP type, 255 for any
     * @param codeMin lowest code
     * @param codeMax highest code
     * @param negated {@code ! --icmp-type}
     */
    record Icmp(int type, int codeMin, int codeMax, boolean negated) implements Match {
        @Override
        public String name() {
            return "icmp";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(negated ? " ! --icmp-type " : " --icmp-type ");
            if (type == 0xFF) {
                out.append("any");
            } else {
                out.append(type);
                if (codeMin == codeMax) {
                    out.append('/').append(codeMin);
                } else if (codeMin != 0 || codeMax != 0xFF) {
                    out.append('/').append(codeMin).append('-').append(codeMax);
                }
            }
        }

        /**
         * Tells whether an ICMP type and code match (before negation).
         *
         * @param icmpType the packet's type
         * @param icmpCode the packet's code
         * @return true when it matches, negation applied
         */
        public boolean test(int icmpType, int icmpCode) {
            boolean hit = type == 0xFF || (icmpType == type && icmpCode >= codeMin && icmpCode <= codeMax);
            return hit != negated;
        }
    }

    /**
     * {@code -m multiport --sports|--dports|--ports LIST}.
     *
     * @param direction {@code "sports"}, {@code "dports"} or {@code "ports"}
     * @param ranges    up to 15 ports or ranges (a range counts two)
     * @param negated   {@code ! --dports}
     */
    record Multiport(String direction, List<PortRange> ranges, boolean negated) implements Match {
        /**
         * Copies the list.
         *
         * @param direction which ports
         * @param ranges    the ports
         * @param negated   negation
         */
        public Multiport {
            ranges = List.copyOf(ranges);
        }

        @Override
        public String name() {
            return "multiport";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(negated ? " ! --" : " --").append(direction).append(' ');
            for (int i = 0; i < ranges.size(); i++) {
                out.append(i == 0 ? "" : ",").append(ranges.get(i));
            }
        }

        /**
         * Tells whether a packet's ports match, negation applied.
         *
         * @param sourcePort      the packet's source port
         * @param destinationPort the packet's destination port
         * @return the result
         */
        public boolean test(int sourcePort, int destinationPort) {
            boolean hit = false;
            for (PortRange r : ranges) {
                boolean s = !direction.equals("dports") && r.contains(sourcePort);
                boolean d = !direction.equals("sports") && r.contains(destinationPort);
                if (s || d) {
                    hit = true;
                    break;
                }
            }
            return hit != negated;
        }
    }

    /**
     * {@code -m iprange --src-range A-B --dst-range A-B}.
     *
     * @param sourceFirst        first source address, used when {@code hasSource}
     * @param sourceLast         last source address
     * @param hasSource          whether {@code --src-range} was given
     * @param sourceNegated      {@code ! --src-range}
     * @param destinationFirst   first destination address
     * @param destinationLast    last destination address
     * @param hasDestination     whether {@code --dst-range} was given
     * @param destinationNegated {@code ! --dst-range}
     */
    record Iprange(int sourceFirst, int sourceLast, boolean hasSource, boolean sourceNegated,
                   int destinationFirst, int destinationLast, boolean hasDestination, boolean destinationNegated)
            implements Match {
        @Override
        public String name() {
            return "iprange";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            if (hasSource) {
                out.append(sourceNegated ? " ! --src-range " : " --src-range ");
                Ipv4Address.appendTo(sourceFirst, out).append('-');
                Ipv4Address.appendTo(sourceLast, out);
            }
            if (hasDestination) {
                out.append(destinationNegated ? " ! --dst-range " : " --dst-range ");
                Ipv4Address.appendTo(destinationFirst, out).append('-');
                Ipv4Address.appendTo(destinationLast, out);
            }
        }
    }

    /**
     * {@code -m addrtype}: kernel address types of source and destination ({@link #ADDRESS_TYPES} bits).
     *
     * @param sourceTypes          {@code --src-type} bits, 0 if absent
     * @param sourceNegated        {@code ! --src-type}
     * @param destinationTypes     {@code --dst-type} bits, 0 if absent
     * @param destinationNegated   {@code ! --dst-type}
     * @param limitInterfaceIn     {@code --limit-iface-in}
     * @param limitInterfaceOut    {@code --limit-iface-out}
     */
    record Addrtype(int sourceTypes, boolean sourceNegated, int destinationTypes, boolean destinationNegated,
                    boolean limitInterfaceIn, boolean limitInterfaceOut) implements Match {
        @Override
        public String name() {
            return "addrtype";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            if (sourceTypes != 0) {
                out.append(sourceNegated ? " ! --src-type " : " --src-type ");
                appendBits(out, sourceTypes, ADDRESS_TYPES);
            }
            if (destinationTypes != 0) {
                out.append(destinationNegated ? " ! --dst-type " : " --dst-type ");
                appendBits(out, destinationTypes, ADDRESS_TYPES);
            }
            if (limitInterfaceIn) {
                out.append(" --limit-iface-in");
            }
            if (limitInterfaceOut) {
                out.append(" --limit-iface-out");
            }
        }
    }

    /**
     * {@code -m mark --mark VALUE[/MASK]}: {@code (mark & mask) == value}.
     *
     * @param value   the value
     * @param mask    the mask, {@code 0xffffffff} when not given
     * @param negated {@code ! --mark}
     */
    record Mark(int value, int mask, boolean negated) implements Match {
        @Override
        public String name() {
            return "mark";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(negated ? " ! --mark " : " --mark ").append(hex(value));
            if (mask != -1) {
                out.append('/').append(hex(mask));
            }
        }

        /**
         * Tests a packet mark.
         *
         * @param packetMark the packet's mark
         * @return the result, negation applied
         */
        public boolean test(int packetMark) {
            return ((packetMark & mask) == value) != negated;
        }
    }

    /**
     * {@code -m connmark --mark VALUE[/MASK]} against the connection's mark.
     *
     * @param value   the value
     * @param mask    the mask, {@code 0xffffffff} when not given
     * @param negated {@code ! --mark}
     */
    record Connmark(int value, int mask, boolean negated) implements Match {
        @Override
        public String name() {
            return "connmark";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(negated ? " ! --mark " : " --mark ").append(hex(value));
            if (mask != -1) {
                out.append('/').append(hex(mask));
            }
        }
    }

    /**
     * {@code -m conntrack}: state, status, protocol, original/reply tuple, expiry and direction.
     * Absent options are null (or 0 bits for {@code states}/{@code statuses} with {@code hasStatus} false).
     *
     * @param states                 {@link #CONNTRACK_STATES} bits of {@code --ctstate}, 0 if absent
     * @param statesNegated          {@code ! --ctstate}
     * @param protocol               {@code --ctproto} number, -1 if absent
     * @param protocolNegated        {@code ! --ctproto}
     * @param originalSource         {@code --ctorigsrc} or null
     * @param originalSourceNegated  negation
     * @param originalDestination    {@code --ctorigdst} or null
     * @param originalDestinationNegated negation
     * @param replySource            {@code --ctreplsrc} or null
     * @param replySourceNegated     negation
     * @param replyDestination       {@code --ctrepldst} or null
     * @param replyDestinationNegated negation
     * @param originalSourcePort     {@code --ctorigsrcport} or null
     * @param originalDestinationPort {@code --ctorigdstport} or null
     * @param replySourcePort        {@code --ctreplsrcport} or null
     * @param replyDestinationPort   {@code --ctrepldstport} or null
     * @param portsNegated           bit 0..3: negation of the four port options in that order
     * @param statuses               {@link #CONNTRACK_STATUSES} bits of {@code --ctstatus}, -1 if absent
     * @param statusesNegated        {@code ! --ctstatus}
     * @param direction              {@code ORIGINAL}, {@code REPLY} or null
     */
    record Conntrack(int states, boolean statesNegated, int protocol, boolean protocolNegated,
                     Ipv4Prefix originalSource, boolean originalSourceNegated,
                     Ipv4Prefix originalDestination, boolean originalDestinationNegated,
                     Ipv4Prefix replySource, boolean replySourceNegated,
                     Ipv4Prefix replyDestination, boolean replyDestinationNegated,
                     PortRange originalSourcePort, PortRange originalDestinationPort,
                     PortRange replySourcePort, PortRange replyDestinationPort, int portsNegated,
                     int statuses, boolean statusesNegated, String direction) implements Match {
        @Override
        public String name() {
            return "conntrack";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            if (states != 0) {
                out.append(statesNegated ? " ! --ctstate " : " --ctstate ");
                appendBits(out, states, CONNTRACK_STATES);
            }
            if (protocol >= 0) {
                out.append(protocolNegated ? " ! --ctproto " : " --ctproto ").append(protocol);
            }
            appendAddress(out, "ctorigsrc", originalSource, originalSourceNegated);
            appendAddress(out, "ctorigdst", originalDestination, originalDestinationNegated);
            appendAddress(out, "ctreplsrc", replySource, replySourceNegated);
            appendAddress(out, "ctrepldst", replyDestination, replyDestinationNegated);
            appendPorts(out, "ctorigsrcport", originalSourcePort, (portsNegated & 1) != 0);
            appendPorts(out, "ctorigdstport", originalDestinationPort, (portsNegated & 2) != 0);
            appendPorts(out, "ctreplsrcport", replySourcePort, (portsNegated & 4) != 0);
            appendPorts(out, "ctrepldstport", replyDestinationPort, (portsNegated & 8) != 0);
            if (statuses >= 0) {
                out.append(statusesNegated ? " ! --ctstatus " : " --ctstatus ");
                if (statuses == 0) {
                    out.append("NONE");
                } else {
                    appendBits(out, statuses, CONNTRACK_STATUSES);
                }
            }
            if (direction != null) {
                out.append(" --ctdir ").append(direction);
            }
        }

        private static void appendAddress(StringBuilder out, String option, Ipv4Prefix prefix, boolean negated) {
            if (prefix != null) {
                out.append(negated ? " ! --" : " --").append(option).append(' ');
                Ipv4Address.appendTo(prefix.address(), out);
                if (prefix.length() != 32) {
                    out.append('/').append(prefix.length());
                }
            }
        }
    }

    /**
     * {@code -m state --state LIST}.
     *
     * @param states  {@link #CONNTRACK_STATES} bits (the first five)
     * @param negated {@code ! --state}
     */
    record State(int states, boolean negated) implements Match {
        @Override
        public String name() {
            return "state";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(negated ? " ! --state " : " --state ");
            appendBits(out, states, CONNTRACK_STATES);
        }
    }

    /**
     * {@code -m statistic}: {@code --mode random --probability P} or {@code --mode nth --every N --packet P}.
     * The probability is kept as the kernel stores it: {@code round(2^31 * p)}.
     *
     * @param nth              true for {@code --mode nth}
     * @param probabilityBits  the quantized probability {@code u}; the rule fires when
     *                         {@code (random & 0x7FFFFFFF) < u}
     * @param every            {@code --every N} for nth
     * @param packet           {@code --packet P} for nth
     * @param negated          {@code !} (printed after the mode)
     */
    record Statistic(boolean nth, long probabilityBits, int every, int packet, boolean negated) implements Match {

        /**
         * Quantizes a probability as iptables does: {@code lround(2^31 * p)}.
         *
         * @param probability 0..1
         * @return the stored value
         */
        public static long quantize(double probability) {
            double scaled = probability * 2147483648.0;
            double floor = Math.floor(scaled);
            return (long) (scaled - floor >= 0.5 ? floor + 1 : floor);
        }

        /**
         * Makes a random-mode match from a probability.
         *
         * @param probability 0..1, as kube-proxy writes it
         * @return the match
         */
        public static Statistic random(double probability) {
            return new Statistic(false, quantize(probability), 0, 0, false);
        }

        /**
         * Returns the probability the kernel really applies, {@code u / 2^31}.
         *
         * @return the effective probability
         */
        public double probability() {
            return probabilityBits / 2147483648.0;
        }

        /**
         * Returns the probability as iptables-save prints it ({@code %.11f} of the quantized value).
         *
         * @return e.g. {@code "0.33333333349"}
         */
        public String probabilityText() {
            return new BigDecimal(probabilityBits).divide(BigDecimal.valueOf(2147483648L))
                .setScale(11, RoundingMode.HALF_EVEN).toPlainString();
        }

        @Override
        public String name() {
            return "statistic";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            if (nth) {
                out.append(" --mode nth").append(negated ? " !" : "").append(" --every ").append(every)
                    .append(" --packet ").append(packet);
            } else {
                out.append(" --mode random").append(negated ? " !" : "").append(" --probability ")
                    .append(probabilityText());
            }
        }
    }

    /**
     * {@code -m recent}: a list of recently seen addresses.
     *
     * @param command  {@code "set"}, {@code "rcheck"}, {@code "update"} or {@code "remove"}
     * @param negated  {@code ! --rcheck} etc.
     * @param seconds  {@code --seconds}, 0 if absent
     * @param reap     {@code --reap}
     * @param hitCount {@code --hitcount}, 0 if absent
     * @param ttl      {@code --rttl}
     * @param listName {@code --name}, {@code DEFAULT} if absent
     * @param mask     {@code --mask}, all ones by default
     * @param source   true for {@code --rsource} (default), false for {@code --rdest}
     */
    record Recent(String command, boolean negated, int seconds, boolean reap, int hitCount, boolean ttl,
                  String listName, int mask, boolean source) implements Match {
        @Override
        public String name() {
            return "recent";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(negated ? " ! --" : " --").append(command);
            if (seconds != 0) {
                out.append(" --seconds ").append(seconds);
            }
            if (reap) {
                out.append(" --reap");
            }
            if (hitCount != 0) {
                out.append(" --hitcount ").append(hitCount);
            }
            if (ttl) {
                out.append(" --rttl");
            }
            out.append(" --name ").append(listName).append(" --mask ");
            Ipv4Address.appendTo(mask, out);
            out.append(source ? " --rsource" : " --rdest");
        }
    }

    /**
     * {@code -m set --match-set NAME src|dst[,…]}; the set's members are supplied by the caller.
     *
     * @param setName    the ipset name
     * @param directions e.g. {@code "src"} or {@code "src,dst"}
     * @param negated    {@code ! --match-set}
     */
    record Set(String setName, String directions, boolean negated) implements Match {
        @Override
        public String name() {
            return "set";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(negated ? " ! --match-set " : " --match-set ").append(setName).append(' ').append(directions);
        }
    }

    /**
     * {@code -m limit --limit RATE --limit-burst N}; the rate is kept as the kernel stores it.
     *
     * @param average the average period in units of 1/10000 s per packet
     * @param burst   the burst, 5 by default
     */
    record Limit(long average, int burst) implements Match {
        /** Units in print order with their period in 1/10000 s. */
        static final String[] UNITS = {"day", "hour", "min", "sec"};
        /** Periods of {@link #UNITS}. */
        static final long[] PERIODS = {10000L * 86400, 10000L * 3600, 10000L * 60, 10000L};

        @Override
        public String name() {
            return "limit";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            int i = 1;
            for (; i < UNITS.length; i++) {
                if (average > PERIODS[i] || PERIODS[i] / average < PERIODS[i] % average) {
                    break;
                }
            }
            out.append(" --limit ").append(PERIODS[i - 1] / average).append('/').append(UNITS[i - 1]);
            if (burst != 5) {
                out.append(" --limit-burst ").append(burst);
            }
        }
    }

    /**
     * {@code -m nfacct --nfacct-name NAME}: counts into an accounting object, always matches.
     *
     * @param objectName the nfacct object
     */
    record Nfacct(String objectName) implements Match {
        @Override
        public String name() {
            return "nfacct";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            // libxt_nfacct prints one space too many before the name; both backends keep it.
            out.append(" --nfacct-name  ");
            Tokens.appendQuoted(out, objectName);
        }
    }

    /**
     * Any other extension, kept as written and printed back unchanged.
     *
     * @param name      the extension name
     * @param arguments the words after {@code -m NAME}, {@code !} included, unquoted
     */
    record Opaque(String name, List<String> arguments) implements Match {
        /**
         * Copies the list.
         *
         * @param name      the extension
         * @param arguments the words
         */
        public Opaque {
            arguments = List.copyOf(arguments);
        }

        @Override
        public void appendOptions(StringBuilder out) {
            for (String argument : arguments) {
                out.append(' ');
                Tokens.appendRestoreWord(out, argument);
            }
        }
    }
}
