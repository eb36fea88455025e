package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A match or target being parsed: receives the options iptables would route to it and builds the typed
 * value. Unknown extensions collect their words verbatim.
 */
abstract class Extension {
    final String name;
    final RuleParser parser;
    final Tokens.Token nameToken;

    Extension(String name, RuleParser parser, Tokens.Token nameToken) {
        this.name = name;
        this.parser = parser;
        this.nameToken = nameToken;
    }

    /** Takes the option if this extension knows it (reading its arguments); false otherwise. */
    abstract boolean option(String option, boolean negate, Tokens.Token at);

    Match buildMatch() {
        throw new IllegalStateException(name + " is not a match");
    }

    Target buildTarget() {
        throw new IllegalStateException(name + " is not a target");
    }

    boolean negated(boolean negate) {
        boolean result = negate || parser.pendingBang;
        parser.pendingBang = false;
        return result;
    }

    IptablesParseException error(Tokens.Token at, String detail) {
        return parser.error(at, name + ": " + detail);
    }

    void noNegation(boolean negate, Tokens.Token at) {
        if (negate) {
            throw error(at, "option \"" + at.text() + "\" cannot be inverted");
        }
    }

    static boolean isTarget(String name) {
        switch (name) {
            case "ACCEPT": case "DROP": case "RETURN":
            case "REJECT": case "DNAT": case "SNAT": case "MASQUERADE": case "REDIRECT": case "MARK":
            case "CONNMARK": case "LOG": case "NFLOG": case "TRACE": case "NOTRACK":
                return true;
            default:
                return RuleParser.OPAQUE_TARGETS.contains(name);
        }
    }

    static Extension match(String name, RuleParser p, Tokens.Token at) {
        switch (name) {
            case "comment": return new CommentDraft(p, at);
            case "tcp": case "udp": return new PortsDraft(name, p, at);
            case "icmp": return new IcmpDraft(p, at);
            case "multiport": return new MultiportDraft(p, at);
            case "iprange": return new IprangeDraft(p, at);
            case "addrtype": return new AddrtypeDraft(p, at);
            case "mark": case "connmark": return new MarkDraft(name, p, at);
            case "conntrack": return new ConntrackDraft(p, at);
            case "state": return new StateDraft(p, at);
            case "statistic": return new StatisticDraft(p, at);
            case "recent": return new RecentDraft(p, at);
            case "set": return new SetDraft(p, at);
            case "limit": return new LimitDraft(p, at);
            case "nfacct": return new NfacctDraft(p, at);
            default:
                if (name.isEmpty() || name.startsWith("-")) {
                    throw p.error(at, "couldn't load match \"" + name + "\"");
                }
                return new OpaqueDraft(name, p, at, true);
        }
    }

    static Extension target(String name, RuleParser p, Tokens.Token at) {
        switch (name) {
            case "REJECT": return new RejectDraft(p, at);
            case "DNAT": case "SNAT": return new NatDraft(name, p, at);
            case "MASQUERADE": case "REDIRECT": return new PortsTargetDraft(name, p, at);
            case "MARK": case "CONNMARK": return new MarkTargetDraft(name, p, at);
            case "LOG": return new LogDraft(p, at);
            case "NFLOG": return new NflogDraft(p, at);
            case "TRACE": case "NOTRACK": return new PlainDraft(name, p, at);
            default: return new OpaqueDraft(name, p, at, false);
        }
    }

    static final class CommentDraft extends Extension {
        private String text;

        CommentDraft(RuleParser p, Tokens.Token at) {
            super("comment", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            if (!option.equals("--comment")) {
                return false;
            }
            noNegation(negate, at);
            text = parser.arg(at);
            if (text.length() > 255) {
                throw error(at, "comment may not exceed 255 characters");
            }
            return true;
        }

        @Override
        Match buildMatch() {
            if (text == null) {
                throw error(nameToken, "option \"--comment\" must be specified");
            }
            return new Match.Comment(text);
        }
    }

    static final class PortsDraft extends Extension {
        private PortRange sport;
        private boolean sportNeg;
        private PortRange dport;
        private boolean dportNeg;
        private int flagsMask = -1;
        private int flagsCompare;
        private boolean flagsNeg;

        PortsDraft(String name, RuleParser p, Tokens.Token at) {
            super(name, p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            switch (option) {
                case "--sport": case "--source-port": {
                    Tokens.Token a = parser.argToken(at);
                    sportNeg = negated(negate);
                    sport = parser.ports(a, a.text(), ':');
                    return true;
                }
                case "--dport": case "--destination-port": {
                    Tokens.Token a = parser.argToken(at);
                    dportNeg = negated(negate);
                    dport = parser.ports(a, a.text(), ':');
                    return true;
                }
                case "--tcp-flags":
                    if (!name.equals("tcp")) {
                        return false;
                    }
                    Tokens.Token mask = parser.argToken(at);
                    flagsNeg = negated(negate);
                    Tokens.Token compare = parser.argToken(at);
                    flagsMask = flags(mask);
                    flagsCompare = flags(compare);
                    return true;
                case "--syn":
                    if (!name.equals("tcp")) {
                        return false;
                    }
                    flagsNeg = negate;
                    flagsMask = 0x17;
                    flagsCompare = 0x02;
                    return true;
                default:
                    return false;
            }
        }

        private int flags(Tokens.Token t) {
            int bits = 0;
            for (String f : t.text().split(",", -1)) {
                String upper = f.toUpperCase(Locale.ROOT);
                if (upper.equals("ALL")) {
                    bits |= 0x3F;
                } else if (!upper.equals("NONE")) {
                    int i = List.of(Match.Tcp.FLAG_NAMES).indexOf(upper);
                    if (i < 0) {
                        throw error(t, "unknown TCP flag \"" + f + "\"");
                    }
                    bits |= 1 << i;
                }
            }
            return bits;
        }

        @Override
        Match buildMatch() {
            return name.equals("tcp") ? new Match.Tcp(sport, sportNeg, dport, dportNeg, flagsMask, flagsCompare, flagsNeg)
                : new Match.Udp(sport, sportNeg, dport, dportNeg);
        }
    }

    static final class IcmpDraft extends Extension {
        private static final String[] NAMES = {"any", "255", "0", "255", "echo-reply", "0", "0", "255",
            "destination-unreachable", "3", "0", "255", "network-unreachable", "3", "0", "0",
            "host-unreachable", "3", "1", "1", "protocol-unreachable", "3", "2", "2", "port-unreachable", "3", "3", "3",
            "fragmentation-needed", "3", "4", "4", "source-route-failed", "3", "5", "5", "network-unknown", "3", "6", "6",
            "host-unknown", "3", "7", "7", "network-prohibited", "3", "9", "9", "host-prohibited", "3", "10", "10",
            "TOS-network-unreachable", "3", "11", "11", "TOS-host-unreachable", "3", "12", "12",
            "communication-prohibited", "3", "13", "13", "host-precedence-violation", "3", "14", "14",
            "precedence-cutoff", "3", "15", "15", "source-quench", "4", "0", "255", "redirect", "5", "0", "255",
            "network-redirect", "5", "0", "0", "host-redirect", "5", "1", "1", "TOS-network-redirect", "5", "2", "2",
            "TOS-host-redirect", "5", "3", "3", "echo-request", "8", "0", "255", "router-advertisement", "9", "0", "255",
            "router-solicitation", "10", "0", "255", "time-exceeded", "11", "0", "255",
            "ttl-zero-during-transit", "11", "0", "0", "ttl-zero-during-reassembly", "11", "1", "1",
            "parameter-problem", "12", "0", "255", "ip-header-bad", "12", "0", "0", "required-option-missing", "12", "1", "1",
            "timestamp-request", "13", "0", "255", "timestamp-reply", "14", "0", "255",
            "address-mask-request", "17", "0", "255", "address-mask-reply", "18", "0", "255"};
        private Match.Icmp icmp;

        IcmpDraft(RuleParser p, Tokens.Token at) {
            super("icmp", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            if (!option.equals("--icmp-type")) {
                return false;
            }
            Tokens.Token a = parser.argToken(at);
            boolean neg = negated(negate);
            String text = a.text();
            for (int i = 0; i < NAMES.length; i += 4) {
                if (NAMES[i].equalsIgnoreCase(text)) {
                    icmp = new Match.Icmp(Integer.parseInt(NAMES[i + 1]), Integer.parseInt(NAMES[i + 2]),
                        Integer.parseInt(NAMES[i + 3]), neg);
                    return true;
                }
            }
            int slash = text.indexOf('/');
            Tokens.Token typeToken = new Tokens.Token(slash < 0 ? text : text.substring(0, slash), a.column(), a.quoted());
            int type = parser.integer(typeToken, 255);
            int code = slash < 0 ? -1 : parser.integer(new Tokens.Token(text.substring(slash + 1), a.column(), a.quoted()), 255);
            icmp = code < 0 ? new Match.Icmp(type, 0, 255, neg) : new Match.Icmp(type, code, code, neg);
            return true;
        }

        @Override
        Match buildMatch() {
            return icmp != null ? icmp : new Match.Icmp(0xFF, 0, 255, false);
        }
    }

    static final class MultiportDraft extends Extension {
        private Match.Multiport value;

        MultiportDraft(RuleParser p, Tokens.Token at) {
            super("multiport", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            String direction;
            switch (option) {
                case "--sports": case "--source-ports": direction = "sports"; break;
                case "--dports": case "--destination-ports": direction = "dports"; break;
                case "--ports": direction = "ports"; break;
                default: return false;
            }
            Tokens.Token a = parser.argToken(at);
            boolean neg = negated(negate);
            List<PortRange> ranges = new ArrayList<>();
            int slots = 0;
            for (String part : a.text().split(",", -1)) {
                PortRange r = parser.ports(a, part, ':');
                ranges.add(r);
                slots += r.first() == r.last() ? 1 : 2;
            }
            if (slots > 15) {
                throw error(a, "too many ports specified");
            }
            value = new Match.Multiport(direction, ranges, neg);
            return true;
        }

        @Override
        Match buildMatch() {
            if (value == null) {
                throw error(nameToken, "no ports specified");
            }
            return value;
        }
    }

    static final class IprangeDraft extends Extension {
        private final int[] src = new int[2];
        private final int[] dst = new int[2];
        private boolean hasSrc;
        private boolean srcNeg;
        private boolean hasDst;
        private boolean dstNeg;

        IprangeDraft(RuleParser p, Tokens.Token at) {
            super("iprange", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            boolean source = option.equals("--src-range");
            if (!source && !option.equals("--dst-range")) {
                return false;
            }
            Tokens.Token a = parser.argToken(at);
            boolean neg = negated(negate);
            String text = a.text();
            int dash = text.indexOf('-');
            int[] target = source ? src : dst;
            target[0] = parser.addressOf(a, dash < 0 ? text : text.substring(0, dash));
            target[1] = dash < 0 ? target[0] : parser.addressOf(a, text.substring(dash + 1));
            if (source) {
                hasSrc = true;
                srcNeg = neg;
            } else {
                hasDst = true;
                dstNeg = neg;
            }
            return true;
        }

        @Override
        Match buildMatch() {
            return new Match.Iprange(src[0], src[1], hasSrc, srcNeg, dst[0], dst[1], hasDst, dstNeg);
        }
    }

    static final class AddrtypeDraft extends Extension {
        private int srcTypes;
        private boolean srcNeg;
        private int dstTypes;
        private boolean dstNeg;
        private boolean limitIn;
        private boolean limitOut;

        AddrtypeDraft(RuleParser p, Tokens.Token at) {
            super("addrtype", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            switch (option) {
                case "--src-type":
                case "--dst-type": {
                    Tokens.Token a = parser.argToken(at);
                    boolean neg = negated(negate);
                    int bits = 0;
                    for (String type : a.text().split(",", -1)) {
                        int i = List.of(Match.ADDRESS_TYPES).indexOf(type.toUpperCase(Locale.ROOT));
                        if (i < 0) {
                            throw error(a, "bad type \"" + type + "\"");
                        }
                        bits |= 1 << i;
                    }
                    if (option.equals("--src-type")) {
                        srcTypes = bits;
                        srcNeg = neg;
                    } else {
                        dstTypes = bits;
                        dstNeg = neg;
                    }
                    return true;
                }
                case "--limit-iface-in":
                    limitIn = true;
                    return true;
                case "--limit-iface-out":
                    limitOut = true;
                    return true;
                default:
                    return false;
            }
        }

        @Override
        Match buildMatch() {
            if (limitIn && limitOut) {
                throw error(nameToken, "you can't specify both --limit-iface-in and --limit-iface-out");
            }
            return new Match.Addrtype(srcTypes, srcNeg, dstTypes, dstNeg, limitIn, limitOut);
        }
    }

    static final class MarkDraft extends Extension {
        private int[] value;
        private boolean neg;

        MarkDraft(String name, RuleParser p, Tokens.Token at) {
            super(name, p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            if (!option.equals("--mark")) {
                return false;
            }
            Tokens.Token a = parser.argToken(at);
            neg = negated(negate);
            value = parser.markAndMask(a);
            return true;
        }

        @Override
        Match buildMatch() {
            if (value == null) {
                throw error(nameToken, "option \"--mark\" must be specified");
            }
            return name.equals("mark") ? new Match.Mark(value[0], value[1], neg)
                : new Match.Connmark(value[0], value[1], neg);
        }
    }

    static int stateBits(Extension e, Tokens.Token a, int allowed) {
        int bits = 0;
        for (String s : a.text().split(",", -1)) {
            int i = List.of(Match.CONNTRACK_STATES).indexOf(s.toUpperCase(Locale.ROOT));
            if (i < 0 || i >= allowed) {
                throw e.error(a, "bad state \"" + s + "\"");
            }
            bits |= 1 << i;
        }
        return bits;
    }

    static final class ConntrackDraft extends Extension {
        private int states;
        private boolean statesNeg;
        private int proto = -1;
        private boolean protoNeg;
        private final Ipv4Prefix[] addresses = new Ipv4Prefix[4];
        private final boolean[] addressNeg = new boolean[4];
        private final PortRange[] ports = new PortRange[4];
        private int portsNeg;
        private int statuses = -1;
        private boolean statusesNeg;
        private String direction;

        ConntrackDraft(RuleParser p, Tokens.Token at) {
            super("conntrack", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            int slot;
            switch (option) {
                case "--ctstate": {
                    Tokens.Token a = parser.argToken(at);
                    statesNeg = negated(negate);
                    states = stateBits(this, a, 7);
                    return true;
                }
                case "--ctproto": {
                    Tokens.Token a = parser.argToken(at);
                    protoNeg = negated(negate);
                    proto = Rule.protocolNumber(a.text());
                    if (proto < 0) {
                        throw error(a, "unknown protocol \"" + a.text() + "\"");
                    }
                    return true;
                }
                case "--ctorigsrc": slot = 0; break;
                case "--ctorigdst": slot = 1; break;
                case "--ctreplsrc": slot = 2; break;
                case "--ctrepldst": slot = 3; break;
                case "--ctorigsrcport": slot = 4; break;
                case "--ctorigdstport": slot = 5; break;
                case "--ctreplsrcport": slot = 6; break;
                case "--ctrepldstport": slot = 7; break;
                case "--ctstatus": {
                    Tokens.Token a = parser.argToken(at);
                    statusesNeg = negated(negate);
                    statuses = 0;
                    for (String s : a.text().split(",", -1)) {
                        String upper = s.toUpperCase(Locale.ROOT);
                        int i = List.of(Match.CONNTRACK_STATUSES).indexOf(upper);
                        if (i < 0 && !upper.equals("NONE")) {
                            throw error(a, "bad status \"" + s + "\"");
                        }
                        statuses |= i < 0 ? 0 : 1 << i;
                    }
                    return true;
                }
                case "--ctdir": {
                    Tokens.Token a = parser.argToken(at);
                    noNegation(negate, at);
                    String d = a.text().toUpperCase(Locale.ROOT);
                    if (!d.equals("ORIGINAL") && !d.equals("REPLY")) {
                        throw error(a, "bad direction \"" + a.text() + "\"");
                    }
                    direction = d;
                    return true;
                }
                default:
                    return false;
            }
            Tokens.Token a = parser.argToken(at);
            boolean neg = negated(negate);
            if (slot < 4) {
                addresses[slot] = parser.prefix(at, a.text());
                addressNeg[slot] = neg;
            } else {
                ports[slot - 4] = parser.ports(a, a.text(), ':');
                portsNeg |= neg ? 1 << (slot - 4) : 0;
            }
            return true;
        }

        @Override
        Match buildMatch() {
            return new Match.Conntrack(states, statesNeg, proto, protoNeg, addresses[0], addressNeg[0], addresses[1],
                addressNeg[1], addresses[2], addressNeg[2], addresses[3], addressNeg[3], ports[0], ports[1], ports[2],
                ports[3], portsNeg, statuses, statusesNeg, direction);
        }
    }

    static final class StateDraft extends Extension {
        private int states;
        private boolean neg;

        StateDraft(RuleParser p, Tokens.Token at) {
            super("state", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            if (!option.equals("--state")) {
                return false;
            }
            Tokens.Token a = parser.argToken(at);
            neg = negated(negate);
            states = stateBits(this, a, 5);
            return true;
        }

        @Override
        Match buildMatch() {
            if (states == 0) {
                throw error(nameToken, "option \"--state\" must be specified");
            }
            return new Match.State(states, neg);
        }
    }

    static final class StatisticDraft extends Extension {
        private String mode;
        private long probability = -1;
        private int every;
        private int packet = -1;
        private boolean neg;

        StatisticDraft(RuleParser p, Tokens.Token at) {
            super("statistic", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            switch (option) {
                case "--mode": {
                    noNegation(negate, at);
                    Tokens.Token a = parser.argToken(at);
                    if (!a.text().equals("random") && !a.text().equals("nth")) {
                        throw error(a, "bad mode \"" + a.text() + "\"");
                    }
                    mode = a.text();
                    return true;
                }
                case "--probability": {
                    Tokens.Token a = parser.argToken(at);
                    neg |= negated(negate);
                    double p;
                    try {
                        p = Double.parseDouble(a.text());
                    } catch (NumberFormatException e) {
                        throw error(a, "bad --probability \"" + a.text() + "\"");
                    }
                    if (!(p >= 0 && p <= 1)) {
                        throw error(a, "--probability must be between 0 and 1");
                    }
                    probability = Match.Statistic.quantize(p);
                    return true;
                }
                case "--every": {
                    Tokens.Token a = parser.argToken(at);
                    neg |= negated(negate);
                    every = parser.integer(a, 0xFFFFFFFFL);
                    if (every == 0) {
                        throw error(a, "--every cannot be 0");
                    }
                    return true;
                }
                case "--packet": {
                    noNegation(negate, at);
                    packet = parser.integer(parser.argToken(at), 0xFFFFFFFFL);
                    return true;
                }
                default:
                    return false;
            }
        }

        @Override
        Match buildMatch() {
            if (mode == null) {
                throw error(nameToken, "no mode specified");
            }
            if (mode.equals("random")) {
                if (probability < 0 || every != 0 || packet >= 0) {
                    throw error(nameToken, "--mode random needs --probability and takes no --every/--packet");
                }
                return new Match.Statistic(false, probability, 0, 0, neg);
            }
            if (every == 0 || packet < 0 || probability >= 0) {
                throw error(nameToken, "option \"--every\" also requires \"--packet\"");
            }
            if (Integer.compareUnsigned(packet, every) >= 0) {
                throw error(nameToken, "the --packet p must be 0 <= p <= n-1");
            }
            return new Match.Statistic(true, 0, every, packet, neg);
        }
    }

    static final class RecentDraft extends Extension {
        private String command;
        private boolean neg;
        private int seconds;
        private boolean reap;
        private int hitCount;
        private boolean ttl;
        private String listName = "DEFAULT";
        private int mask = -1;
        private boolean source = true;

        RecentDraft(RuleParser p, Tokens.Token at) {
            super("recent", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            switch (option) {
                case "--set": case "--rcheck": case "--update": case "--remove":
                    if (command != null) {
                        throw error(at, "only one of --set, --rcheck, --update or --remove may be given");
                    }
                    command = option.substring(2);
                    neg = negate;
                    return true;
                case "--seconds":
                    seconds = parser.integer(parser.argToken(at), 0xFFFFFFFFL);
                    return true;
                case "--reap":
                    reap = true;
                    return true;
                case "--hitcount":
                    hitCount = parser.integer(parser.argToken(at), 0xFFFFFFFFL);
                    return true;
                case "--rttl":
                    ttl = true;
                    return true;
                case "--name":
                    listName = parser.word(parser.argToken(at), "list name");
                    return true;
                case "--mask": {
                    Tokens.Token a = parser.argToken(at);
                    mask = parser.addressOf(a, a.text());
                    return true;
                }
                case "--rsource":
                    source = true;
                    return true;
                case "--rdest":
                    source = false;
                    return true;
                default:
                    return false;
            }
        }

        @Override
        Match buildMatch() {
            if (command == null) {
                throw error(nameToken, "you must specify one of --set, --rcheck, --update or --remove");
            }
            if (reap && seconds == 0) {
                throw error(nameToken, "--reap needs --seconds");
            }
            return new Match.Recent(command, neg, seconds, reap, hitCount, ttl, listName, mask, source);
        }
    }

    static final class SetDraft extends Extension {
        private Match.Set value;

        SetDraft(RuleParser p, Tokens.Token at) {
            super("set", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            if (!option.equals("--match-set")) {
                return false;
            }
            Tokens.Token setName = parser.argToken(at);
            parser.word(setName, "set name");
            boolean neg = negated(negate);
            Tokens.Token dirs = parser.argToken(at);
            for (String d : dirs.text().split(",", -1)) {
                if (!d.equals("src") && !d.equals("dst")) {
                    throw error(dirs, "bad direction \"" + d + "\"");
                }
            }
            value = new Match.Set(setName.text(), dirs.text(), neg);
            return true;
        }

        @Override
        Match buildMatch() {
            if (value == null) {
                throw error(nameToken, "you must specify --match-set");
            }
            return value;
        }
    }

    static final class LimitDraft extends Extension {
        private long average = 10000L * 3600 / 3;
        private int burst = 5;

        LimitDraft(RuleParser p, Tokens.Token at) {
            super("limit", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            switch (option) {
                case "--limit": {
                    noNegation(negate, at);
                    Tokens.Token a = parser.argToken(at);
                    String text = a.text();
                    int slash = text.indexOf('/');
                    long period = 10000L;
                    if (slash >= 0) {
                        String unit = text.substring(slash + 1);
                        period = unit.startsWith("s") ? 10000L : unit.startsWith("m") ? 10000L * 60
                            : unit.startsWith("h") ? 10000L * 3600 : unit.startsWith("d") ? 10000L * 86400 : -1;
                        if (period < 0) {
                            throw error(a, "bad rate \"" + text + "\"");
                        }
                    }
                    int rate = parser.integer(new Tokens.Token(slash < 0 ? text : text.substring(0, slash), a.column(),
                        a.quoted()), 0xFFFFFFFFL);
                    if (rate == 0 || period / rate == 0) {
                        throw error(a, "rate too fast \"" + text + "\"");
                    }
                    average = period / Integer.toUnsignedLong(rate);
                    return true;
                }
                case "--limit-burst":
                    noNegation(negate, at);
                    burst = parser.integer(parser.argToken(at), 10000);
                    return true;
                default:
                    return false;
            }
        }

        @Override
        Match buildMatch() {
            return new Match.Limit(average, burst);
        }
    }

    static final class NfacctDraft extends Extension {
        private String objectName;

        NfacctDraft(RuleParser p, Tokens.Token at) {
            super("nfacct", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            if (!option.equals("--nfacct-name")) {
                return false;
            }
            noNegation(negate, at);
            objectName = parser.arg(at);
            return true;
        }

        @Override
        Match buildMatch() {
            if (objectName == null) {
                throw error(nameToken, "--nfacct-name must be specified");
            }
            return new Match.Nfacct(objectName);
        }
    }

    /** Any other extension: every option it is offered, with the words that follow, kept as written. */
    static final class OpaqueDraft extends Extension {
        private final List<String> words = new ArrayList<>();
        private final boolean isMatch;

        OpaqueDraft(String name, RuleParser p, Tokens.Token at, boolean isMatch) {
            super(name, p, at);
            this.isMatch = isMatch;
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            if (negate) {
                words.add("!");
            }
            words.add(option);
            while (parser.nextIsArgument()) {
                Tokens.Token word = parser.next();
                if (word.text().startsWith("-") || word.text().equals("!")) {
                    // Printed back bare it would read as an option or a negation: refuse rather than change it.
                    throw error(word, "quoted argument \"" + word.text() + "\" of an unknown extension looks like an option");
                }
                words.add(word.text());
            }
            return true;
        }

        @Override
        Match buildMatch() {
            return new Match.Opaque(name, words);
        }

        @Override
        Target buildTarget() {
            return isMatch ? null : new Target.Opaque(name, words);
        }
    }

    static final class RejectDraft extends Extension {
        private String with = "icmp-port-unreachable";

        RejectDraft(RuleParser p, Tokens.Token at) {
            super("REJECT", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            if (!option.equals("--reject-with")) {
                return false;
            }
            Tokens.Token a = parser.argToken(at);
            for (int i = 0; i < Target.Reject.TYPES.length; i++) {
                if (a.text().equals(Target.Reject.TYPES[i]) || a.text().equals(Target.Reject.ALIASES[i])) {
                    with = Target.Reject.TYPES[i];
                    return true;
                }
            }
            throw error(a, "unknown reject type \"" + a.text() + "\"");
        }

        @Override
        Target buildTarget() {
            return new Target.Reject(with);
        }
    }

    static final class NatDraft extends Extension {
        private Target.NatRange range;
        private boolean random;
        private boolean randomFully;
        private boolean persistent;

        NatDraft(String name, RuleParser p, Tokens.Token at) {
            super(name, p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            String expected = name.equals("DNAT") ? "--to-destination" : "--to-source";
            if (option.equals(expected)) {
                if (range != null) {
                    throw error(at, "multiple " + expected + " not supported");
                }
                range = natRange(parser.argToken(at));
                return true;
            }
            switch (option) {
                case "--random":
                    random = true;
                    return true;
                case "--random-fully":
                    if (name.equals("DNAT")) {
                        return false;
                    }
                    randomFully = true;
                    return true;
                case "--persistent":
                    persistent = true;
                    return true;
                default:
                    return false;
            }
        }

        private Target.NatRange natRange(Tokens.Token a) {
            // Read from the word's characters: kube-proxy writes one of these per endpoint.
            int colon = -1;
            for (int k = 0; k < a.length() && colon < 0; k++) {
                colon = a.charAt(k) == ':' ? k : -1;
            }
            int addressesEnd = colon < 0 ? a.length() : colon;
            boolean hasAddress = addressesEnd > 0;
            int first = 0;
            int last = 0;
            if (hasAddress) {
                int dash = -1;
                for (int k = 0; k < addressesEnd && dash < 0; k++) {
                    dash = a.charAt(k) == '-' ? k : -1;
                }
                first = parser.addressOf(a, a, 0, dash < 0 ? addressesEnd : dash);
                last = dash < 0 ? first : parser.addressOf(a, a, dash + 1, addressesEnd);
            }
            PortRange ports = null;
            int base = -1;
            if (colon >= 0) {
                String portText = a.subSequence(colon + 1, a.length()).toString();
                int slash = portText.indexOf('/');
                if (slash >= 0) {
                    base = parser.integer(new Tokens.Token(portText.substring(slash + 1), a.column(), a.quoted()), 65535);
                    portText = portText.substring(0, slash);
                }
                ports = parser.ports(a, portText, '-');
            }
            if (!hasAddress && ports == null) {
                throw error(a, "bad IP address \"" + a.text() + "\"");
            }
            return new Target.NatRange(first, last, hasAddress, ports, base);
        }

        @Override
        Target buildTarget() {
            if (range == null) {
                throw error(nameToken, "missing " + (name.equals("DNAT") ? "--to-destination" : "--to-source"));
            }
            return name.equals("DNAT") ? new Target.Dnat(range, random, persistent)
                : new Target.Snat(range, random, randomFully, persistent);
        }
    }

    static final class PortsTargetDraft extends Extension {
        private PortRange ports;
        private boolean random;
        private boolean randomFully;

        PortsTargetDraft(String name, RuleParser p, Tokens.Token at) {
            super(name, p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            switch (option) {
                case "--to-ports": {
                    Tokens.Token a = parser.argToken(at);
                    ports = parser.ports(a, a.text(), '-');
                    return true;
                }
                case "--random":
                    random = true;
                    return true;
                case "--random-fully":
                    if (!name.equals("MASQUERADE")) {
                        return false;
                    }
                    randomFully = true;
                    return true;
                default:
                    return false;
            }
        }

        @Override
        Target buildTarget() {
            return name.equals("MASQUERADE") ? new Target.Masquerade(ports, random, randomFully)
                : new Target.Redirect(ports, random);
        }
    }

    static final class MarkTargetDraft extends Extension {
        private String mode;
        private int value;
        private int mask = -1;
        private int nfmask = -1;
        private int ctmask = -1;

        MarkTargetDraft(String name, RuleParser p, Tokens.Token at) {
            super(name, p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            boolean connmark = name.equals("CONNMARK");
            switch (option) {
                case "--set-xmark": case "--set-mark": {
                    int[] vm = parser.markAndMask(parser.argToken(at));
                    value = vm[0];
                    // --set-mark V/M zeroes M then sets V: the same as --set-xmark V/(V|M).
                    mask = option.equals("--set-mark") ? vm[0] | vm[1] : vm[1];
                    setMode("set-xmark", at);
                    return true;
                }
                case "--and-mark": case "--or-mark": case "--xor-mark": {
                    Tokens.Token a = parser.argToken(at);
                    int bits = parser.mark(a, a.text());
                    value = option.equals("--and-mark") ? 0 : bits;
                    mask = option.equals("--and-mark") ? ~bits : option.equals("--or-mark") ? bits : 0;
                    setMode("set-xmark", at);
                    return true;
                }
                case "--save-mark": case "--restore-mark":
                    if (!connmark) {
                        return false;
                    }
                    setMode(option.substring(2), at);
                    return true;
                case "--mask": case "--nfmask": case "--ctmask": {
                    if (!connmark) {
                        return false;
                    }
                    Tokens.Token a = parser.argToken(at);
                    int m = parser.mark(a, a.text());
                    if (!option.equals("--ctmask")) {
                        nfmask = m;
                    }
                    if (!option.equals("--nfmask")) {
                        ctmask = m;
                    }
                    return true;
                }
                default:
                    return false;
            }
        }

        private void setMode(String newMode, Tokens.Token at) {
            if (mode != null) {
                throw error(at, "only one action may be given");
            }
            mode = newMode;
        }

        @Override
        Target buildTarget() {
            if (mode == null) {
                throw error(nameToken, "an action (--set-xmark, --set-mark, …) is required");
            }
            return name.equals("MARK") ? new Target.Mark(value, mask)
                : new Target.Connmark(mode, value, mask, nfmask, ctmask);
        }
    }

    static final class LogDraft extends Extension {
        private static final String[] LEVELS = {"emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"};
        private String prefix = "";
        private int level = 4;
        private int flags;

        LogDraft(RuleParser p, Tokens.Token at) {
            super("LOG", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            switch (option) {
                case "--log-prefix":
                    prefix = parser.arg(at);
                    if (prefix.length() > 29) {
                        throw error(at, "maximum prefix length 29 for --log-prefix");
                    }
                    return true;
                case "--log-level": {
                    Tokens.Token a = parser.argToken(at);
                    String l = a.text().toLowerCase(Locale.ROOT);
                    // iptables 1.8.9 knows exactly these names (not syslog's "err", "warn" or "panic").
                    int i = List.of(LEVELS).indexOf(l);
                    level = i >= 0 ? i : parser.integer(a, 7);
                    return true;
                }
                default:
                    int bit = java.util.Arrays.asList(Target.Log.FLAG_OPTIONS).indexOf(option.substring(2));
                    if (!option.startsWith("--") || bit < 0) {
                        return false;
                    }
                    flags |= 1 << bit;
                    return true;
            }
        }

        @Override
        Target buildTarget() {
            return new Target.Log(prefix, level, flags);
        }
    }

    static final class NflogDraft extends Extension {
        private String prefix = "";
        private int group;
        private int size = -1;
        private int threshold = 1;

        NflogDraft(RuleParser p, Tokens.Token at) {
            super("NFLOG", p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            switch (option) {
                case "--nflog-prefix":
                    prefix = parser.arg(at);
                    return true;
                case "--nflog-group":
                    group = parser.integer(parser.argToken(at), 65535);
                    return true;
                case "--nflog-size": case "--nflog-range":
                    size = parser.integer(parser.argToken(at), 0xFFFFFFFFL);
                    return true;
                case "--nflog-threshold":
                    threshold = parser.integer(parser.argToken(at), 65535);
                    return true;
                default:
                    return false;
            }
        }

        @Override
        Target buildTarget() {
            return new Target.Nflog(prefix, group, size, threshold);
        }
    }

    static final class PlainDraft extends Extension {
        PlainDraft(String name, RuleParser p, Tokens.Token at) {
            super(name, p, at);
        }

        @Override
        boolean option(String option, boolean negate, Tokens.Token at) {
            return false;
        }

        @Override
        Target buildTarget() {
            return new Target.Plain(name);
        }
    }
}
