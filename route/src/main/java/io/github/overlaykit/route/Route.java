package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One route of a Linux routing table, as {@code ip route show} prints it and as
 * {@code RTM_NEWROUTE} carries it.
 *
 * <p>Text: {@link #parse(String)} reads one entry of {@code ip -4 route show table all} (a multipath
 * route spans its {@code nexthop} lines) and {@link #toString()} prints it back byte for byte, with
 * iproute2 6.1's trailing spaces and without the final newline; {@link RouteCommand} reads the
 * {@code ip route add|append|replace|del} syntax and {@link Fib} applies it.
 *
 * <p>Identity in the kernel (what {@code add} says "File exists" for) is (table, destination, tos,
 * metric): see {@link #sameKey(Route)}. A single-path route has one {@link NextHop} whose flags are
 * the route's flags; {@code blackhole}, {@code unreachable}, {@code prohibit} and {@code throw}
 * routes have none. IPv4 today: the destination is an {@link Ipv4Prefix}; IPv6 will join with its own
 * prefix type beside it.
 *
 * @param type            the route type
 * @param destination     the destination prefix ({@code default} is {@code 0.0.0.0/0})
 * @param tos             the TOS selector, 0 for any
 * @param table           the table id, see {@link RouteTable}
 * @param protocol        who installed it, see {@link RouteProtocol}
 * @param scope           the scope, see {@link RouteScope}
 * @param metric          the priority ({@code metric}), 0..2^32-1, lower wins
 * @param preferredSource the {@code src} address, or null
 * @param nextHops        the paths; more than one makes a multipath route
 * @param metrics         route metrics such as {@code mtu}, in kernel order
 * @param realms          {@code RTA_FLOW}: source realm in the high 16 bits, destination in the low
 */
public record Route(RouteType type, Ipv4Prefix destination, int tos, int table, int protocol, int scope,
        long metric, Ipv4Address preferredSource, List<NextHop> nextHops, List<RouteMetric> metrics, int realms) {

    /**
     * Validates and freezes the lists.
     *
     * @param type            the type
     * @param destination     the prefix
     * @param tos             0..255
     * @param table           the table
     * @param protocol        0..255
     * @param scope           0..255
     * @param metric          0..2^32-1
     * @param preferredSource src or null
     * @param nextHops        the paths
     * @param metrics         the metrics
     * @param realms          the realms
     */
    public Route {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(destination, "destination");
        if (tos < 0 || tos > 255) {
            throw new IllegalArgumentException("tos " + tos + " is outside 0..255");
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " is outside 0..255");
        }
        if (scope < 0 || scope > 255) {
            throw new IllegalArgumentException("scope " + scope + " is outside 0..255");
        }
        if (metric < 0 || metric > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("metric " + metric + " is outside 0..4294967295");
        }
        nextHops = List.copyOf(nextHops);
        metrics = List.copyOf(metrics);
    }

    /**
     * Starts a builder for a unicast route in table main, protocol boot, scope universe.
     *
     * @param destination the prefix
     * @return a builder
     */
    public static Builder builder(Ipv4Prefix destination) {
        return new Builder(destination);
    }

    /**
     * Returns a builder holding this route's values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(destination);
        b.type = type;
        b.tos = tos;
        b.table = table;
        b.protocol = protocol;
        b.scope = scope;
        b.metric = metric;
        b.preferredSource = preferredSource;
        b.nextHops.addAll(nextHops);
        b.metrics.addAll(metrics);
        b.realms = realms;
        return b;
    }

    /**
     * Parses one route as {@code ip -4 route show table all} prints it.
     *
     * @param text the line, with {@code \n\tnexthop …} lines for multipath
     * @return the route
     * @throws RouteParseException with line and column if the text is not a route
     */
    public static Route parse(String text) {
        return RouteText.parseRoutes(text, "<route>").stream().reduce((a, b) -> {
            throw new RouteParseException("<route>", 2, 1, text, "more than one route");
        }).orElseThrow(() -> new RouteParseException("<route>", 1, 1, text, "empty route"));
    }

    /**
     * Tells whether this is a multipath route.
     *
     * @return true with two or more next hops
     */
    public boolean isMultipath() {
        return nextHops.size() > 1;
    }

    /**
     * Returns the gateway of a single-path route.
     *
     * @return the gateway, or null if none or multipath
     */
    public Ipv4Address gateway() {
        return nextHops.size() == 1 ? nextHops.get(0).gateway() : null;
    }

    /**
     * Returns the device of a single-path route.
     *
     * @return the device, or null if none or multipath
     */
    public String device() {
        return nextHops.size() == 1 ? nextHops.get(0).device() : null;
    }

    /**
     * Returns the route-level flags: those of the single next hop, none for multipath.
     *
     * @return the flags
     */
    public Set<NextHopFlag> flags() {
        return nextHops.size() == 1 ? nextHops.get(0).flags() : Set.of();
    }

    /**
     * Returns a metric's value.
     *
     * @param kind the metric
     * @return its value, or -1 if the route does not set it
     */
    public long metricValue(RouteMetric.Kind kind) {
        for (RouteMetric m : metrics) {
            if (m.kind() == kind) {
                return m.value();
            }
        }
        return -1;
    }

    /**
     * Tells whether {@code other} has the same kernel key: table, destination, tos and metric.
     *
     * @param other a route
     * @return true if {@code ip route add} of one would say "File exists" for the other
     */
    public boolean sameKey(Route other) {
        return table == other.table && destination.equals(other.destination) && tos == other.tos
                && metric == other.metric;
    }

    /**
     * Returns the route as {@code ip -4 route show table all} prints it, without the final newline.
     *
     * @return e.g. {@code "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink "}
     */
    @Override
    public String toString() {
        return RouteText.format(this, new StringBuilder(64)).toString();
    }

    /** Mutable builder for {@link Route}; defaults are those of {@code ip route add}. */
    public static final class Builder {
        private final Ipv4Prefix destination;
        private RouteType type = RouteType.UNICAST;
        private int tos;
        private int table = RouteTable.MAIN;
        private int protocol = RouteProtocol.BOOT;
        private int scope = -1;
        private long metric;
        private Ipv4Address preferredSource;
        private final List<NextHop> nextHops = new ArrayList<>();
        private final List<RouteMetric> metrics = new ArrayList<>();
        private int realms;

        private Builder(Ipv4Prefix destination) {
            this.destination = Objects.requireNonNull(destination, "destination");
        }

        /**
         * Sets the type.
         *
         * @param value the type
         * @return this
         */
        public Builder type(RouteType value) {
            type = value;
            return this;
        }

        /**
         * Sets the TOS selector.
         *
         * @param value 0..255
         * @return this
         */
        public Builder tos(int value) {
            tos = value;
            return this;
        }

        /**
         * Sets the table.
         *
         * @param value a table id
         * @return this
         */
        public Builder table(int value) {
            table = value;
            return this;
        }

        /**
         * Sets the protocol.
         *
         * @param value 0..255
         * @return this
         */
        public Builder protocol(int value) {
            protocol = value;
            return this;
        }

        /**
         * Sets the scope; unset, {@link #build()} uses what {@code ip route add} would.
         *
         * @param value 0..255
         * @return this
         */
        public Builder scope(int value) {
            scope = value;
            return this;
        }

        /**
         * Sets the metric.
         *
         * @param value 0..2^32-1
         * @return this
         */
        public Builder metric(long value) {
            metric = value;
            return this;
        }

        /**
         * Sets the preferred source.
         *
         * @param value the address or null
         * @return this
         */
        public Builder preferredSource(Ipv4Address value) {
            preferredSource = value;
            return this;
        }

        /**
         * Adds a path.
         *
         * @param value a next hop
         * @return this
         */
        public Builder nextHop(NextHop value) {
            nextHops.add(Objects.requireNonNull(value, "next hop"));
            return this;
        }

        /**
         * Adds a metric.
         *
         * @param value a metric
         * @return this
         */
        public Builder metric(RouteMetric value) {
            metrics.add(Objects.requireNonNull(value, "metric"));
            return this;
        }

        /**
         * Sets the realms.
         *
         * @param value {@code RTA_FLOW}
         * @return this
         */
        public Builder realms(int value) {
            realms = value;
            return this;
        }

        /**
         * Builds the route. An unset scope becomes what {@code ip route add} chooses: host for
         * local, link for broadcast/anycast/multicast and for unicast routes without a gateway,
         * global otherwise.
         *
         * @return the route
         */
        public Route build() {
            int effectiveScope = scope;
            if (effectiveScope < 0) {
                effectiveScope = defaultScope(type, nextHops);
            }
            List<RouteMetric> sorted = new ArrayList<>(metrics);
            sorted.sort((a, b) -> Integer.compare(a.kind().number(), b.kind().number()));
            return new Route(type, destination, tos, table, protocol, effectiveScope, metric, preferredSource,
                    nextHops, sorted, realms);
        }

        /** iproute2's {@code iproute_modify} scope choice when none is given. */
        static int defaultScope(RouteType type, List<NextHop> nextHops) {
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
                    boolean anyGateway = false;
                    for (NextHop hop : nextHops) {
                        anyGateway |= hop.gateway() != null;
                    }
                    return anyGateway || nextHops.isEmpty() ? RouteScope.UNIVERSE : RouteScope.LINK;
                default:
                    return RouteScope.UNIVERSE;
            }
        }
    }
}
