package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ip -4 route show} text: the printer follows iproute2 6.1's {@code print_route()} token by
 * token (every token ends in one space), the parser reads what it prints.
 */
final class RouteText {
    private RouteText() {
    }

    static StringBuilder format(Route route, StringBuilder out) {
        if (route.type() != RouteType.UNICAST) {
            out.append(route.type().ipName()).append(' ');
        }
        appendDestination(route.destination(), out);
        if (route.tos() != 0) {
            out.append("tos ").append(Names.dsfield(route.tos())).append(' ');
        }
        boolean single = route.nextHops().size() == 1;
        if (single) {
            NextHop hop = route.nextHops().get(0);
            if (hop.gateway() != null) {
                Ipv4Address.appendTo(hop.gateway().bits(), out.append("via ")).append(' ');
            }
            if (hop.device() != null) {
                out.append("dev ").append(hop.device()).append(' ');
            }
        }
        if (route.table() != RouteTable.MAIN) {
            out.append("table ").append(RouteTable.name(route.table())).append(' ');
        }
        if (route.protocol() != RouteProtocol.BOOT) {
            out.append("proto ").append(RouteProtocol.name(route.protocol())).append(' ');
        }
        if (route.scope() != RouteScope.UNIVERSE) {
            out.append("scope ").append(RouteScope.name(route.scope())).append(' ');
        }
        if (route.preferredSource() != null) {
            Ipv4Address.appendTo(route.preferredSource().bits(), out.append("src ")).append(' ');
        }
        if (route.metric() != 0) {
            out.append("metric ").append(route.metric()).append(' ');
        }
        if (single) {
            appendFlags(route.nextHops().get(0).flags(), out);
        } else if (route.nextHops().size() > 1) {
            appendFlags(sharedFlags(route.nextHops()), out);
        }
        if (route.realms() != 0) {
            appendRealms(route.realms(), out);
        }
        for (RouteMetric metric : route.metrics()) {
            out.append(metric.kind().ipName()).append(' ');
            if (metric.locked()) {
                out.append("lock ");
            }
            if (metric.kind().isTime()) {
                appendMillis(metric.value(), out);
            } else {
                out.append(metric.value());
            }
            out.append(' ');
        }
        if (route.nextHops().size() > 1) {
            for (NextHop hop : route.nextHops()) {
                out.append("\n\tnexthop ");
                if (hop.gateway() != null) {
                    Ipv4Address.appendTo(hop.gateway().bits(), out.append("via ")).append(' ');
                }
                if (hop.device() != null) {
                    out.append("dev ").append(hop.device()).append(' ');
                }
                out.append("weight ").append(hop.weight()).append(' ');
                appendFlags(hop.flags(), out);
            }
        }
        return out;
    }

    static void appendDestination(Ipv4Prefix destination, StringBuilder out) {
        if (destination.length() == 0 && destination.address() == 0) {
            out.append("default ");
        } else {
            Ipv4Address.appendTo(destination.address(), out);
            if (destination.length() != 32) {
                out.append('/').append(destination.length());
            }
            out.append(' ');
        }
    }

    /** The kernel marks a multipath route dead or linkdown when every next hop is. */
    static Set<NextHopFlag> sharedFlags(List<NextHop> hops) {
        EnumSet<NextHopFlag> shared = EnumSet.of(NextHopFlag.DEAD, NextHopFlag.LINKDOWN);
        for (NextHop hop : hops) {
            shared.retainAll(hop.flags());
        }
        return shared;
    }

    static void appendFlags(Set<NextHopFlag> flags, StringBuilder out) {
        for (NextHopFlag flag : NextHopFlag.values()) {
            if (flags.contains(flag)) {
                out.append(flag.ipName()).append(' ');
            }
        }
    }

    private static void appendRealms(int realms, StringBuilder out) {
        int from = realms >>> 16;
        int to = realms & 0xFFFF;
        out.append(from != 0 ? "realms " : "realm ");
        if (from != 0) {
            out.append(realmName(from)).append('/');
        }
        out.append(realmName(to)).append(' ');
    }

    private static String realmName(int realm) {
        return realm == 0 ? "cosmos" : Integer.toString(realm);
    }

    private static int parseRealm(String text) {
        return "cosmos".equals(text) ? 0 : Names.parseNumber(text, 0xFFFF, "realm");
    }

    /** C's {@code %ums} below a second, {@code %gs} from one second on. */
    static void appendMillis(long millis, StringBuilder out) {
        if (millis < 1000) {
            out.append(millis).append("ms");
            return;
        }
        BigDecimal seconds = BigDecimal.valueOf(millis).movePointLeft(3).round(new java.math.MathContext(6))
                .stripTrailingZeros();
        out.append(seconds.scale() < 0 ? seconds.toBigInteger().toString() : seconds.toPlainString()).append('s');
    }

    /** Reads {@code 100ms}, {@code 1.5s} or a bare number of milliseconds. */
    static long parseMillis(String text) {
        try {
            if (text.endsWith("ms") || text.endsWith("msec")) {
                return Long.parseLong(text.substring(0, text.indexOf('m')));
            }
            if (text.endsWith("s") || text.endsWith("sec") || text.endsWith("secs")) {
                String number = text.substring(0, text.indexOf('s'));
                return new BigDecimal(number).movePointRight(3).longValueExact();
            }
            return Long.parseLong(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("invalid time \"" + text + "\"");
        }
    }

    static Ipv4Prefix parseDestination(String word) {
        if ("default".equals(word) || "all".equals(word)) {
            return Ipv4Prefix.DEFAULT;
        }
        return Ipv4Prefix.parse(word);
    }

    /** Parses every route in {@code ip -4 route show} output. */
    static List<Route> parseRoutes(CharSequence text, String source) {
        List<Route> routes = new ArrayList<>();
        List<String> lines = Tokens.lines(text);
        Route.Builder current = null;
        int currentLine = 0;
        List<NextHop> hops = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Tokens tokens = new Tokens(line, source, i + 1);
            if (!tokens.hasNext()) {
                continue;
            }
            if ("nexthop".equals(tokens.peek()) && (line.startsWith("\t") || line.startsWith(" "))) {
                if (current == null) {
                    throw tokens.error(1, "nexthop line without a route");
                }
                tokens.next();
                hops.add(parseNextHop(tokens, true));
                if (tokens.hasNext()) {
                    tokens.next();
                    throw tokens.errorAtLast("unexpected word in nexthop");
                }
                continue;
            }
            if (current != null) {
                routes.add(finish(current, hops, source, currentLine, lines.get(currentLine - 1)));
            }
            hops = new ArrayList<>();
            current = parseRouteLine(tokens, hops);
            currentLine = i + 1;
        }
        if (current != null) {
            routes.add(finish(current, hops, source, currentLine, lines.get(currentLine - 1)));
        }
        return routes;
    }

    private static Route finish(Route.Builder builder, List<NextHop> hops, String source, int line, String text) {
        if (hops.size() > 1 && hops.get(0).gateway() == null && hops.get(0).device() == null) {
            // flags on a multipath route's first line are derived from its next hops (all linkdown/dead)
            hops.remove(0);
        }
        for (NextHop hop : hops) {
            builder.nextHop(hop);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new RouteParseException(source, line, 1, text, e.getMessage());
        }
    }

    /**
     * Parses the first line of a route as {@code ip route show} prints it. Its single-path next hop, if
     * any, is added to {@code hops}; multipath next hops follow on their own lines.
     */
    private static Route.Builder parseRouteLine(Tokens tokens, List<NextHop> hops) {
        String first = tokens.next();
        RouteType type = RouteType.ofIpName(first);
        if (type != null) {
            first = tokens.value(first);
        }
        Ipv4Prefix destination = tokens.convert(RouteText::parseDestination, first);
        Route.Builder builder = Route.builder(destination).type(type != null ? type : RouteType.UNICAST)
                .scope(RouteScope.UNIVERSE);
        Ipv4Address gateway = null;
        String device = null;
        EnumSet<NextHopFlag> flags = EnumSet.noneOf(NextHopFlag.class);
        while (tokens.hasNext()) {
            String word = tokens.next();
            NextHopFlag flag = NextHopFlag.ofIpName(word);
            RouteMetric.Kind metricKind = RouteMetric.Kind.ofIpName(word);
            if (flag != null) {
                flags.add(flag);
            } else if (metricKind != null) {
                builder.metric(parseMetric(tokens, metricKind, word, false));
            } else {
                switch (word) {
                    case "tos":
                    case "dsfield":
                        builder.tos(tokens.convert(Names::parseDsfield, tokens.value(word)));
                        break;
                    case "via":
                        gateway = tokens.convert(Ipv4Address::parse, tokens.value(word));
                        break;
                    case "dev":
                        device = tokens.value(word);
                        break;
                    case "table":
                        builder.table(tokens.convert(RouteTable::parse, tokens.value(word)));
                        break;
                    case "proto":
                        builder.protocol(tokens.convert(RouteProtocol::parse, tokens.value(word)));
                        break;
                    case "scope":
                        builder.scope(tokens.convert(RouteScope::parse, tokens.value(word)));
                        break;
                    case "src":
                        builder.preferredSource(tokens.convert(Ipv4Address::parse, tokens.value(word)));
                        break;
                    case "metric":
                    case "priority":
                    case "preference":
                        long metric = tokens.convert(t -> Names.parseUnsigned(t, 0xFFFF_FFFFL, "metric"),
                                tokens.value(word));
                        builder.metric(metric);
                        break;
                    case "realm":
                        builder.realms(tokens.convert(RouteText::parseRealm, tokens.value(word)));
                        break;
                    case "realms":
                        builder.realms(tokens.convert(RouteText::parseRealms, tokens.value(word)));
                        break;
                    default:
                        throw tokens.errorAtLast("unknown route attribute \"" + word + "\"");
                }
            }
        }
        if (gateway != null || device != null || !flags.isEmpty()) {
            hops.add(new NextHop(gateway, device, 1, flags));
        }
        return builder;
    }

    static int parseRealms(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return parseRealm(text);
        }
        return (parseRealm(text.substring(0, slash)) << 16) | parseRealm(text.substring(slash + 1));
    }

    static RouteMetric parseMetric(Tokens tokens, RouteMetric.Kind kind, String word, boolean command) {
        boolean locked = false;
        String value = tokens.value(word);
        if ("lock".equals(value)) {
            locked = true;
            value = tokens.value(word);
        }
        String text = value;
        long number;
        if (kind.isTime()) {
            number = tokens.convert(t -> {
                boolean bare = !t.isEmpty() && Character.isDigit(t.charAt(t.length() - 1));
                long parsed = parseMillis(t);
                if (parsed < 0 || parsed > 0xFFFF_FFFFL) {
                    throw new IllegalArgumentException(kind.ipName() + " " + t + " is outside 0..4294967295 ms");
                }
                if (command && bare) {
                    // ip stores a bare rtt/rttvar number raw, in the kernel's 1/8 and 1/4 ms units
                    parsed = kind == RouteMetric.Kind.RTT ? parsed / 8 : kind == RouteMetric.Kind.RTTVAR ? parsed / 4
                            : parsed;
                }
                return parsed;
            }, text);
        } else {
            number = tokens.convert(t -> Names.parseUnsigned(t, 0xFFFF_FFFFL, kind.ipName()), text);
        }
        return new RouteMetric(kind, number, locked);
    }

    /** Reads {@code [via A] [dev D] [weight W] [flags…]} after {@code nexthop}. */
    static NextHop parseNextHop(Tokens tokens, boolean showText) {
        int nexthopColumn = tokens.lastColumn();  // callers have just read the word "nexthop"
        Ipv4Address gateway = null;
        String device = null;
        int weight = 1;
        EnumSet<NextHopFlag> flags = EnumSet.noneOf(NextHopFlag.class);
        while (tokens.hasNext()) {
            String word = tokens.peek();
            if (!showText && "nexthop".equals(word)) {
                break;
            }
            tokens.next();
            NextHopFlag flag = NextHopFlag.ofIpName(word);
            if (flag != null && (showText || flag == NextHopFlag.ONLINK)) {  // ip route add takes only onlink
                flags.add(flag);
                continue;
            }
            switch (word) {
                case "via":
                    String next = tokens.value(word);
                    if ("inet".equals(next)) {
                        next = tokens.value(word);
                    }
                    gateway = tokens.convert(Ipv4Address::parse, next);
                    break;
                case "dev":
                    device = tokens.value(word);
                    break;
                case "weight":
                    weight = tokens.convert(t -> {
                        int w = Names.parseNumber(t, 256, "weight");
                        if (w < 1) {
                            throw new IllegalArgumentException("weight " + t + " is outside 1..256");
                        }
                        return w;
                    }, tokens.value(word));
                    break;
                default:
                    throw tokens.errorAtLast("unknown nexthop attribute \"" + word + "\"");
            }
        }
        if (gateway == null && device == null) {
            // the kernel keeps no next hop without either; printed back it would vanish
            throw tokens.error(nexthopColumn, "a nexthop needs via or dev");
        }
        return new NextHop(gateway, device, weight, flags);
    }
}
