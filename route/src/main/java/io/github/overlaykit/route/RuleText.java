package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;

/** {@code ip -4 rule show} text, following iproute2 6.1's {@code print_rule()}. */
final class RuleText {
    private RuleText() {
    }

    static String format(Rule rule) {
        StringBuilder out = new StringBuilder(48);
        out.append(rule.priority()).append(":\t");
        if (rule.invert()) {
            out.append("not ");
        }
        out.append("from ");
        if (rule.from() == null) {
            out.append("all");
        } else {
            appendPrefix(rule.from(), out);
        }
        if (rule.to() != null) {
            appendPrefix(rule.to(), out.append(" to "));
        }
        if (rule.tos() != 0) {
            out.append(" tos ").append(Names.dsfield(rule.tos()));
        }
        if (rule.fwmark() >= 0) {
            out.append(" fwmark 0x").append(Long.toHexString(rule.fwmark()));
            if (rule.fwmask() != 0xFFFF_FFFFL) {
                out.append("/0x").append(Long.toHexString(rule.fwmask()));
            }
        }
        if (rule.iif() != null) {
            out.append(" iif ").append(rule.iif());
        }
        if (rule.oif() != null) {
            out.append(" oif ").append(rule.oif());
        }
        if (rule.uidRange() != null) {
            out.append(" uidrange ").append(rule.uidRange().start()).append('-').append(rule.uidRange().end());
        }
        if (rule.ipProto() >= 0) {
            out.append(" ipproto ").append(ipProtoName(rule.ipProto()));
        }
        if (rule.sourcePorts() != null) {
            out.append(" sport ").append(rule.sourcePorts());
        }
        if (rule.destinationPorts() != null) {
            out.append(" dport ").append(rule.destinationPorts());
        }
        if (rule.l3mdev()) {
            out.append(" lookup [l3mdev-table]");
        } else if (rule.action() == RuleAction.LOOKUP) {
            out.append(" lookup ").append(RouteTable.name(rule.table()));
        }
        if (rule.suppressPrefixLength() >= 0) {
            out.append(" suppress_prefixlength ").append(rule.suppressPrefixLength());
        }
        switch (rule.action()) {
            case GOTO:
                out.append(" goto ").append(rule.gotoPriority());
                break;
            case NOP:
                out.append(" nop");
                break;
            case BLACKHOLE:
            case UNREACHABLE:
            case PROHIBIT:
                out.append(' ').append(rule.action().ipName());
                break;
            default:
                break;
        }
        if (rule.protocol() != RouteProtocol.UNSPEC && rule.protocol() != RouteProtocol.KERNEL) {
            out.append(" proto ").append(RouteProtocol.name(rule.protocol()));
        }
        return out.toString();
    }

    private static void appendPrefix(Ipv4Prefix prefix, StringBuilder out) {
        Ipv4Address.appendTo(prefix.address(), out);
        if (prefix.length() != 32) {
            out.append('/').append(prefix.length());
        }
    }

    private static final String[][] IP_PROTOS = {{"1", "icmp"}, {"6", "tcp"}, {"17", "udp"}, {"58", "ipv6-icmp"},
        {"132", "sctp"}, {"136", "udplite"}, {"47", "gre"}, {"50", "esp"}, {"51", "ah"}, {"4", "ipencap"}};

    static String ipProtoName(int proto) {
        for (String[] pair : IP_PROTOS) {
            if (Integer.parseInt(pair[0]) == proto) {
                return pair[1];
            }
        }
        return Integer.toString(proto);
    }

    static int parseIpProto(String text) {
        for (String[] pair : IP_PROTOS) {
            if (pair[1].equals(text)) {
                return Integer.parseInt(pair[0]);
            }
        }
        return Names.parseNumber(text, 255, "ipproto");
    }

    static PortRange parseRange(String text, long max, String what) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            long value = Names.parseUnsigned(text, max, what);
            return new PortRange(value, value);
        }
        long start = Names.parseUnsigned(text.substring(0, dash), max, what);
        long end = Names.parseUnsigned(text.substring(dash + 1), max, what);
        return new PortRange(start, end);
    }

    static List<Rule> parseRules(CharSequence text, String source) {
        List<Rule> rules = new ArrayList<>();
        List<String> lines = Tokens.lines(text);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rules.add(parseLine(lines.get(i), source, i + 1));
            }
        }
        return rules;
    }

    static Rule parseLine(String line, String source, int lineNumber) {
        Tokens tokens = new Tokens(line, source, lineNumber);
        String first = tokens.next();
        if (!first.endsWith(":")) {
            throw tokens.errorAtLast("a rule line starts with \"PRIORITY:\"");
        }
        long priority = tokens.convert(t -> Names.parseUnsigned(t.substring(0, t.length() - 1), 0xFFFF_FFFFL,
                "priority"), first);
        return parseSelectors(tokens, priority, false);
    }

    /** Reads selectors and action; with {@code command} set, also {@code pref N} and friends. */
    static Rule parseSelectors(Tokens tokens, long initialPriority, boolean command) {
        long priority = initialPriority;
        boolean invert = false;
        Ipv4Prefix from = null;
        Ipv4Prefix to = null;
        int tos = 0;
        long fwmark = -1;
        long fwmask = 0xFFFF_FFFFL;
        String iif = null;
        String oif = null;
        boolean l3mdev = false;
        PortRange uidRange = null;
        int ipProto = -1;
        PortRange sport = null;
        PortRange dport = null;
        RuleAction action = null;
        int table = 0;
        long gotoPriority = 0;
        int suppress = -1;
        int protocol = RouteProtocol.UNSPEC;
        boolean sawProtocol = false;
        while (tokens.hasNext()) {
            String word = tokens.next();
            switch (word) {
                case "not":
                    invert = true;
                    break;
                case "from":
                    String f = tokens.value(word);
                    from = "all".equals(f) ? null : tokens.convert(Ipv4Prefix::parse, f);
                    break;
                case "to":
                    String t = tokens.value(word);
                    to = "all".equals(t) ? null : tokens.convert(Ipv4Prefix::parse, t);
                    break;
                case "tos":
                case "dsfield":
                    tos = tokens.convert(Names::parseDsfield, tokens.value(word));
                    break;
                case "fwmark":
                    String mark = tokens.value(word);
                    int slash = mark.indexOf('/');
                    if (slash >= 0) {
                        fwmark = tokens.convert(m -> Names.parseUnsigned(m.substring(0, slash), 0xFFFF_FFFFL, "fwmark"),
                                mark);
                        fwmask = tokens.convert(m -> Names.parseUnsigned(m.substring(slash + 1), 0xFFFF_FFFFL,
                                "fwmask"), mark);
                    } else {
                        fwmark = tokens.convert(m -> Names.parseUnsigned(m, 0xFFFF_FFFFL, "fwmark"), mark);
                    }
                    break;
                case "iif":
                case "dev":
                    iif = tokens.value(word);
                    break;
                case "oif":
                    oif = tokens.value(word);
                    break;
                case "l3mdev":
                    l3mdev = true;
                    break;
                case "uidrange":
                    uidRange = tokens.convert(r -> parseRange(r, 0xFFFF_FFFFL, "uid"), tokens.value(word));
                    break;
                case "ipproto":
                    ipProto = tokens.convert(RuleText::parseIpProto, tokens.value(word));
                    break;
                case "sport":
                    sport = tokens.convert(r -> parseRange(r, 65535, "port"), tokens.value(word));
                    break;
                case "dport":
                    dport = tokens.convert(r -> parseRange(r, 65535, "port"), tokens.value(word));
                    break;
                case "lookup":
                case "table":
                    String name = tokens.value(word);
                    if ("[l3mdev-table]".equals(name)) {
                        l3mdev = true;
                    } else {
                        table = tokens.convert(RouteTable::parse, name);
                    }
                    action = RuleAction.LOOKUP;
                    break;
                case "suppress_prefixlength":
                case "sup_pl":
                    suppress = tokens.convert(v -> Names.parseNumber(v, 128, "suppress_prefixlength"),
                            tokens.value(word));
                    break;
                case "goto":
                    gotoPriority = tokens.convert(v -> Names.parseUnsigned(v, 0xFFFF_FFFFL, "goto"), tokens.value(word));
                    action = RuleAction.GOTO;
                    break;
                case "nop":
                    action = RuleAction.NOP;
                    break;
                case "blackhole":
                    action = RuleAction.BLACKHOLE;
                    break;
                case "unreachable":
                    action = RuleAction.UNREACHABLE;
                    break;
                case "prohibit":
                    action = RuleAction.PROHIBIT;
                    break;
                case "proto":
                case "protocol":
                    protocol = tokens.convert(RouteProtocol::parse, tokens.value(word));
                    sawProtocol = true;
                    break;
                case "pref":
                case "priority":
                case "preference":
                    if (!command) {
                        throw tokens.errorAtLast("unknown rule selector \"" + word + "\"");
                    }
                    priority = tokens.convert(v -> Names.parseUnsigned(v, 0xFFFF_FFFFL, "priority"), tokens.value(word));
                    break;
                default:
                    throw tokens.errorAtLast("unknown rule selector \"" + word + "\"");
            }
        }
        if (action == null) {
            if (l3mdev) {
                action = RuleAction.LOOKUP;
            } else if (command) {
                action = RuleAction.LOOKUP;
                table = RouteTable.MAIN;
            } else {
                throw tokens.error(tokens.line().length() + 1, "rule has no action");
            }
        }
        if (!command && !sawProtocol && priority <= 0xFFFF_FFFFL && isDefaultRule(priority, table, action, from, to)) {
            protocol = RouteProtocol.KERNEL;
        }
        try {
            return new Rule(priority, invert, from, to, tos, fwmark, fwmask, iif, oif, l3mdev, uidRange, ipProto, sport,
                    dport, action, table, gotoPriority, suppress, protocol);
        } catch (IllegalArgumentException e) {
            throw tokens.error(1, e.getMessage());
        }
    }

    /** The kernel's own rules carry protocol kernel, which {@code ip} does not print. */
    private static boolean isDefaultRule(long priority, int table, RuleAction action, Ipv4Prefix from, Ipv4Prefix to) {
        return action == RuleAction.LOOKUP && from == null && to == null
                && (priority == 0 && table == RouteTable.LOCAL || priority == 32766 && table == RouteTable.MAIN
                || priority == 32767 && table == RouteTable.DEFAULT);
    }
}
