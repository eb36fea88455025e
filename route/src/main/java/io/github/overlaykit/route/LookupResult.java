package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;

/**
 * The answer of {@link Fib#lookup(Flow)}: what {@code ip route get} and {@code ip route get fibmatch}
 * print, or the error they print.
 *
 * @param flow       the question
 * @param error      the failure, or null on success
 * @param route      the route that matched ({@code fibmatch}), null on error or for a route the kernel
 *                   made up for an {@code oif} lookup without a route
 * @param table      the table the kernel reports (main for local-table hits while no custom rules exist,
 *                   as the kernel merges the two)
 * @param type       the type of the answer ({@code local}, {@code broadcast}, {@code unicast}, …)
 * @param nextHop    the chosen path (after ECMP), or null
 * @param gateway    the gateway used, or null when directly connected
 * @param device     the output device ({@code lo} for local destinations)
 * @param source     the source address: the flow's, else the route's {@code src}, else the selected one
 */
public record LookupResult(Flow flow, RouteLookupError error, Route route, int table, RouteType type, NextHop nextHop,
        Ipv4Address gateway, String device, Ipv4Address source) {

    static LookupResult failure(Flow flow, RouteLookupError error) {
        return new LookupResult(flow, error, null, 0, null, null, null, null, null);
    }

    /**
     * Tells whether the lookup succeeded.
     *
     * @return true without error
     */
    public boolean isSuccess() {
        return error == null;
    }

    /**
     * Returns what {@code ip -4 route get fibmatch ADDR} prints (without the final newline): the
     * matched route in {@code ip route show} form with the reported table, or the error line.
     *
     * @return the text
     */
    public String fibmatchText() {
        if (error != null) {
            return error.ipText();
        }
        if (route == null) {
            return RouteLookupError.NETWORK_UNREACHABLE.ipText();
        }
        return route.toBuilder().table(table).build().toString();
    }

    /**
     * Returns what {@code ip -4 route get ADDR} prints (without the final newline), for a lookup made
     * by uid {@link Flow#uid()}: {@code 10.244.1.8 via 10.244.1.0 dev flannel.1 src 10.244.0.0 uid 0 \n    cache },
     * or the error line.
     *
     * @return the text
     */
    public String getText() {
        if (error != null) {
            return error.ipText();
        }
        StringBuilder out = new StringBuilder(80);
        if (type != RouteType.UNICAST) {
            out.append(type.ipName()).append(' ');
        }
        Ipv4Address.appendTo(flow.destination(), out).append(' ');
        if (flow.source() != 0) {
            Ipv4Address.appendTo(flow.source(), out.append("from ")).append(' ');
        }
        if (route != null && route.tos() != 0) {
            // the kernel reports the matched route's TOS, not the flow's
            out.append("tos ").append(Names.dsfield(route.tos())).append(' ');
        }
        if (gateway != null) {
            Ipv4Address.appendTo(gateway.bits(), out.append("via ")).append(' ');
        }
        out.append("dev ").append(device).append(' ');
        if (table != RouteTable.MAIN) {
            out.append("table ").append(RouteTable.name(table)).append(' ');
        }
        if (source != null && source.bits() != flow.source()) {
            Ipv4Address.appendTo(source.bits(), out.append("src ")).append(' ');
        }
        if (flow.mark() != 0) {
            // iproute2 6.1 prints marks below 16 in decimal and larger ones in hex (observed: 15, 0x10)
            out.append("mark ").append(flow.mark() < 16 ? Long.toString(flow.mark()) : "0x" + Long.toHexString(flow.mark()))
                    .append(' ');
        }
        if (route != null && route.realms() != 0) {
            int from = route.realms() >>> 16;
            out.append(from != 0 ? "realms " + from + "/" : "realm ").append(route.realms() & 0xFFFF).append(' ');
        }
        out.append("uid ").append(flow.uid()).append(" \n    cache ");
        if (type == RouteType.LOCAL) {
            out.append("<local> ");
        } else if (type == RouteType.BROADCAST) {
            out.append("<local,brd> ");
        } else if (type == RouteType.MULTICAST) {
            out.append("<mc> ");
        }
        if (route != null) {
            for (RouteMetric metric : route.metrics()) {
                out.append(metric.kind().ipName()).append(' ');
                if (metric.locked()) {
                    out.append("lock ");
                }
                if (metric.kind().isTime()) {
                    RouteText.appendMillis(metric.value(), out);
                } else {
                    out.append(metric.value());
                }
                out.append(' ');
            }
        }
        return out.toString();
    }
}
