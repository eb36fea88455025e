package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * An {@code ip route add|append|prepend|replace|change|del} command, parsed the way iproute2 6.1's
 * {@code iproute_modify()} reads it, so routes can be written the way users know.
 *
 * <p>Defaults follow iproute2: table main (local for {@code local}, {@code broadcast}, {@code nat} and
 * {@code anycast}), protocol boot, scope host for local, link for broadcast/multicast/anycast and for
 * unicast routes without a gateway, global otherwise. For {@code del} the unset fields are wildcards:
 * type {@link RouteType#UNSPEC}, protocol 0, scope {@link RouteScope#NOWHERE}, metric 0 (any).
 * A gateway without {@code dev} leaves the device null; {@link Fib} resolves it as the kernel does.
 *
 * @param operation what to do
 * @param route     the route (or, for delete, the pattern)
 */
public record RouteCommand(Operation operation, Route route) {

    /**
     * Validates.
     *
     * @param operation the operation
     * @param route     the route
     */
    public RouteCommand {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(route, "route");
    }

    /** The route commands and their netlink flags. */
    public enum Operation {
        /** {@code add}: {@code NLM_F_CREATE|NLM_F_EXCL}; fails with "File exists" on the same key. */
        ADD("add"),
        /** {@code append}: {@code NLM_F_CREATE|NLM_F_APPEND}; after routes with the same key. */
        APPEND("append"),
        /** {@code prepend}: {@code NLM_F_CREATE}; before routes with the same key. */
        PREPEND("prepend"),
        /** {@code replace}: {@code NLM_F_CREATE|NLM_F_REPLACE}; replaces the first with the same key. */
        REPLACE("replace"),
        /** {@code change}: {@code NLM_F_REPLACE}; fails with "No such file or directory" if absent. */
        CHANGE("change"),
        /** {@code del}: removes the first route matching the given fields. */
        DELETE("del");

        private final String ipName;

        Operation(String ipName) {
            this.ipName = ipName;
        }

        /**
         * Returns the word {@code ip route} uses.
         *
         * @return e.g. {@code "append"}
         */
        public String ipName() {
            return ipName;
        }
    }

    /**
     * Parses one command: {@code ip route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink}. The
     * leading {@code ip [-4] route} is optional.
     *
     * @param line the command
     * @return the command
     * @throws RouteParseException with the column of the bad word
     */
    public static RouteCommand parse(String line) {
        return parse(line, "<command>", 1);
    }

    /**
     * Parses every non-blank, non-{@code #} line of a script ({@code ip -batch} style).
     *
     * @param text   the script
     * @param source a name for errors
     * @return the commands in order
     */
    public static List<RouteCommand> parseScript(CharSequence text, String source) {
        List<RouteCommand> commands = new ArrayList<>();
        List<String> lines = Tokens.lines(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                commands.add(parse(lines.get(i), source, i + 1));
            }
        }
        return commands;
    }

    static RouteCommand parse(String line, String source, int lineNumber) {
        Tokens tokens = new Tokens(line, source, lineNumber);
        if ("ip".equals(tokens.peek())) {
            tokens.next();
            while (tokens.hasNext() && tokens.peek().startsWith("-")) {
                String option = tokens.next();
                if (!"-4".equals(option)) {
                    throw tokens.errorAtLast("unsupported ip option \"" + option + "\"");
                }
            }
        }
        String object = tokens.peek();
        if ("route".equals(object) || "r".equals(object) || "ro".equals(object) || "rou".equals(object)) {
            tokens.next();
        }
        String verb = tokens.next();
        Operation operation;
        switch (verb) {
            case "add": case "a": operation = Operation.ADD; break;
            case "append": operation = Operation.APPEND; break;
            case "prepend": operation = Operation.PREPEND; break;
            case "replace": operation = Operation.REPLACE; break;
            case "change": case "chg": operation = Operation.CHANGE; break;
            case "del": case "delete": case "d": operation = Operation.DELETE; break;
            default: throw tokens.errorAtLast("unknown route command \"" + verb + "\"");
        }
        boolean delete = operation == Operation.DELETE;
        RouteType type = delete ? RouteType.UNSPEC : RouteType.UNICAST;
        Ipv4Prefix destination = null;
        int tos = 0;
        int table = -1;
        int protocol = delete ? RouteProtocol.UNSPEC : RouteProtocol.BOOT;
        int scope = -1;
        long metric = 0;
        Ipv4Address source0 = null;
        Ipv4Address gateway = null;
        String device = null;
        EnumSet<NextHopFlag> flags = EnumSet.noneOf(NextHopFlag.class);
        List<NextHop> multipath = new ArrayList<>();
        List<RouteMetric> metrics = new ArrayList<>();
        int realms = 0;
        while (tokens.hasNext()) {
            String word = tokens.next();
            RouteMetric.Kind kind = RouteMetric.Kind.ofIpName(word);
            if (kind != null) {
                metrics.add(RouteText.parseMetric(tokens, kind, word, true));
                continue;
            }
            switch (word) {
                case "src":
                    source0 = tokens.convert(Ipv4Address::parse, tokens.value(word));
                    break;
                case "via":
                    String gw = tokens.value(word);
                    if ("inet".equals(gw)) {
                        gw = tokens.value(word);
                    }
                    gateway = tokens.convert(Ipv4Address::parse, gw);
                    break;
                case "tos":
                case "dsfield":
                    tos = tokens.convert(Names::parseDsfield, tokens.value(word));
                    break;
                case "metric":
                case "priority":
                case "preference":
                    metric = tokens.convert(t -> Names.parseUnsigned(t, 0xFFFF_FFFFL, "metric"), tokens.value(word));
                    break;
                case "dev":
                case "oif":
                    device = tokens.value(word);
                    break;
                case "table":
                    table = tokens.convert(RouteTable::parse, tokens.value(word));
                    break;
                case "proto":
                case "protocol":
                    protocol = tokens.convert(RouteProtocol::parse, tokens.value(word));
                    break;
                case "scope":
                    scope = tokens.convert(RouteScope::parse, tokens.value(word));
                    break;
                case "realm":
                case "realms":
                    realms = tokens.convert(RouteText::parseRealms, tokens.value(word));
                    break;
                case "onlink":
                    flags.add(NextHopFlag.ONLINK);
                    break;
                case "pervasive":
                    flags.add(NextHopFlag.PERVASIVE);
                    break;
                case "nexthop":
                    multipath.add(RouteText.parseNextHop(tokens, false));
                    break;
                default:
                    if (destination != null) {
                        throw tokens.errorAtLast("unknown route attribute \"" + word + "\"");
                    }
                    String prefix = word;
                    if ("to".equals(word)) {
                        prefix = tokens.value(word);
                    }
                    RouteType named = RouteType.ofIpName(prefix);
                    if (named != null && named != RouteType.UNSPEC) {  // ip prints "none" but never takes it
                        type = named;
                        prefix = tokens.value(prefix);
                    }
                    destination = tokens.convert(RouteText::parseDestination, prefix);
            }
        }
        if (destination == null) {
            throw tokens.error(line.length() + 1, "the route has no destination prefix");
        }
        if (table < 0) {
            table = type == RouteType.LOCAL || type == RouteType.BROADCAST || type == RouteType.NAT
                    || type == RouteType.ANYCAST ? RouteTable.LOCAL : RouteTable.MAIN;
        }
        if (scope < 0) {
            scope = defaultScope(type, delete, gateway != null, !multipath.isEmpty());
        }
        Route.Builder builder = Route.builder(destination).type(type).tos(tos).table(table).protocol(protocol)
                .scope(scope).metric(metric).preferredSource(source0).realms(realms);
        if (!multipath.isEmpty()) {
            if (gateway != null || device != null) {
                throw tokens.error(1, "a route takes either via/dev or nexthop, not both");
            }
            if (multipath.size() == 1) {
                NextHop only = multipath.get(0);
                EnumSet<NextHopFlag> merged = EnumSet.copyOf(flags);
                merged.addAll(only.flags());
                // the kernel stores one next hop flat: its weight is not kept visible anywhere
                builder.nextHop(new NextHop(only.gateway(), only.device(), 1, merged));
            } else {
                for (NextHop hop : multipath) {
                    builder.nextHop(hop);
                }
            }
        } else if (gateway != null || device != null) {
            builder.nextHop(new NextHop(gateway, device, 1, flags));
        } else if (!flags.isEmpty()) {
            throw tokens.error(1, "onlink needs a gateway or device");
        }
        for (RouteMetric m : metrics) {
            builder.metric(m);
        }
        try {
            return new RouteCommand(operation, builder.build());
        } catch (IllegalArgumentException e) {
            throw tokens.error(1, e.getMessage());
        }
    }

    /** The scope {@code iproute_modify()} picks when none is given. */
    private static int defaultScope(RouteType type, boolean delete, boolean gateway, boolean multipath) {
        switch (type) {
            case LOCAL:
            case NAT:
                return RouteScope.HOST;
            case BROADCAST:
            case MULTICAST:
            case ANYCAST:
                return RouteScope.LINK;
            case UNICAST:
            case UNSPEC:
                if (delete) {
                    return RouteScope.NOWHERE;
                }
                return gateway || multipath ? RouteScope.UNIVERSE : RouteScope.LINK;
            default:
                return RouteScope.UNIVERSE;
        }
    }

    /**
     * Returns the command as {@code ip route} would take it back, e.g.
     * {@code route add 10.0.0.0/8 via 192.0.2.1 dev eth0} (suitable for {@code ip -batch}).
     *
     * @return the command text
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("route ").append(operation.ipName()).append(' ');
        Route r = route;
        if (r.type() != RouteType.UNICAST && r.type() != RouteType.UNSPEC) {
            out.append(r.type().ipName()).append(' ');
        }
        RouteText.appendDestination(r.destination(), out);
        if (r.tos() != 0) {
            out.append("tos ").append(Names.dsfield(r.tos())).append(' ');
        }
        if (r.nextHops().size() == 1) {
            NextHop hop = r.nextHops().get(0);
            if (hop.gateway() != null) {
                out.append("via ").append(hop.gateway()).append(' ');
            }
            if (hop.device() != null) {
                out.append("dev ").append(hop.device()).append(' ');
            }
            RouteText.appendFlags(hop.flags(), out);
        }
        out.append("table ").append(RouteTable.name(r.table())).append(' ');
        if (r.protocol() != (operation == Operation.DELETE ? RouteProtocol.UNSPEC : RouteProtocol.BOOT)) {
            out.append("proto ").append(RouteProtocol.name(r.protocol())).append(' ');
        }
        if (!(operation == Operation.DELETE && r.scope() == RouteScope.NOWHERE)) {
            out.append("scope ").append(RouteScope.name(r.scope())).append(' ');
        }
        if (r.preferredSource() != null) {
            out.append("src ").append(r.preferredSource()).append(' ');
        }
        if (r.metric() != 0) {
            out.append("metric ").append(r.metric()).append(' ');
        }
        if (r.realms() != 0) {
            out.append("realms ").append(r.realms() >>> 16).append('/').append(r.realms() & 0xFFFF).append(' ');
        }
        for (RouteMetric m : r.metrics()) {
            out.append(m.kind().ipName()).append(' ').append(m.locked() ? "lock " : "");
            if (m.kind().isTime()) {
                out.append(m.value()).append("ms ");
            } else {
                out.append(m.value()).append(' ');
            }
        }
        if (r.nextHops().size() > 1) {
            for (NextHop hop : r.nextHops()) {
                out.append("nexthop ");
                if (hop.gateway() != null) {
                    out.append("via ").append(hop.gateway()).append(' ');
                }
                if (hop.device() != null) {
                    out.append("dev ").append(hop.device()).append(' ');
                }
                out.append("weight ").append(hop.weight()).append(' ');
                RouteText.appendFlags(hop.flags(), out);
            }
        }
        return out.toString().stripTrailing();
    }
}
