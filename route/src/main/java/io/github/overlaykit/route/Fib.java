package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The IPv4 forwarding state of one network namespace: policy rules and routing tables, answering what
 * {@code ip route get} and {@code ip route get fibmatch} answer, and changed the way
 * {@code ip route add|append|prepend|replace|change|del} change the kernel's.
 *
 * <p>Semantics follow {@code net/ipv4} (see the route reference notes): rules in ascending priority
 * ({@code goto}, {@code nop}, error actions, {@code suppress_prefixlength}); within a table the longest
 * prefix whose aliases, ordered by TOS (descending), metric (ascending) and insertion, have a usable
 * one, backtracking to shorter prefixes otherwise; errors of {@code blackhole}, {@code unreachable},
 * {@code prohibit} stop the lookup, {@code throw} goes on with the next rule. While the rules are the
 * three defaults the kernel merges the local and main tables into one trie: a longer prefix in main
 * then beats a shorter local one, and answers report table main; this class does the same.
 *
 * <p>Multipath routes pick a path by hash-threshold over the weights ({@code fib_select_multipath})
 * with a pluggable {@link MultipathHash}. The source address is the flow's, else the route's
 * {@code src}, else selected from the device's addresses like {@code inet_select_addr()}; addresses
 * come from the local table's {@code proto kernel} entries unless given with
 * {@link #setAddresses(List)}.
 *
 * <p>Not modelled: {@code iif} (forwarding) lookups, {@code fib_select_default()}'s round robin among
 * several default routes of one table (the first usable one is taken), {@code nhid} next-hop objects,
 * neighbour-state-dependent path choice ({@code fib_multipath_use_neigh}), VRF/l3mdev.
 *
 * <p>Not thread-safe: confine an instance to one thread or guard it.
 */
public final class Fib {
    private static final int LOOKUP_AGAIN = -1;

    private final List<Rule> rules = new ArrayList<>(Rule.defaults());
    private final Map<Integer, Table> tables = new HashMap<>();
    private MultipathHash multipathHash = MultipathHash.layer3();
    private List<InterfaceAddress> explicitAddresses;
    private List<InterfaceAddress> derivedAddresses;
    private final Map<String, Link> links = new LinkedHashMap<>();

    /** An empty forwarding state with the kernel's default rules. */
    public Fib() {
    }

    /**
     * Builds the state that {@code ip -4 route show table all} and {@code ip -4 rule show} listed:
     * routes are taken as they are (no validation), in listing order.
     *
     * @param routes the routes
     * @param rules  the rules, or null for the defaults
     * @return the state
     */
    public static Fib of(Collection<Route> routes, Collection<Rule> rules) {
        Fib fib = new Fib();
        if (rules != null) {
            fib.rules.clear();
            for (Rule rule : rules) {
                fib.addRule(rule);
            }
        }
        for (Route route : routes) {
            fib.load(route);
        }
        return fib;
    }

    /** One routing table: aliases per prefix, and which prefix lengths occur. */
    private static final class Table {
        final int id;
        final Map<Long, List<Route>> aliases = new HashMap<>();
        final int[] lengthCounts = new int[33];
        int size;

        Table(int id) {
            this.id = id;
        }

        List<Route> at(int address, int length) {
            return lengthCounts[length] == 0 ? null : aliases.get(key(address, length));
        }
    }

    private static long key(int address, int length) {
        return ((address & 0xFFFF_FFFFL) << 6) | length;
    }

    // ----------------------------------------------------------------------------------------- rules

    /**
     * Adds a rule after the existing ones of the same priority, as the kernel does.
     *
     * @param rule the rule
     */
    public void addRule(Rule rule) {
        Objects.requireNonNull(rule, "rule");
        int index = 0;
        while (index < rules.size() && rules.get(index).priority() <= rule.priority()) {
            index++;
        }
        rules.add(index, rule);
    }

    /**
     * Removes the first rule equal to {@code rule}.
     *
     * @param rule the rule
     * @return true if one was removed
     */
    public boolean removeRule(Rule rule) {
        return rules.remove(rule);
    }

    /**
     * Returns the rules in evaluation order.
     *
     * @return an unmodifiable copy
     */
    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /**
     * Tells whether the rules differ from the kernel's defaults (the kernel then keeps local and main
     * apart).
     *
     * @return true with custom rules
     */
    public boolean hasCustomRules() {
        return !rules.equals(Rule.defaults());
    }

    // ---------------------------------------------------------------------------------------- config

    /**
     * Sets the multipath hash.
     *
     * @param hash the hash function
     */
    public void setMultipathHash(MultipathHash hash) {
        multipathHash = Objects.requireNonNull(hash, "hash");
    }

    /**
     * Sets the device addresses for source selection, replacing those derived from the local table.
     *
     * @param addresses the addresses in device order, primaries first; null to derive again
     */
    public void setAddresses(List<InterfaceAddress> addresses) {
        explicitAddresses = addresses == null ? null : List.copyOf(addresses);
    }

    /**
     * Tells the state which devices exist and whether they are up (checked by updates with
     * {@code onlink} and by path resolution).
     *
     * @param newLinks the links
     */
    public void setLinks(Collection<Link> newLinks) {
        links.clear();
        newLinks.stream().sorted(Comparator.comparingInt(Link::index)).forEach(l -> links.put(l.name(), l));
    }

    /**
     * Returns a known link by name.
     *
     * @param name the device name
     * @return the link or null
     */
    public Link link(String name) {
        return links.get(name);
    }

    // --------------------------------------------------------------------------------------- routes

    /**
     * Returns every route, in the order {@code ip -4 route show table all} lists them (tables by id
     * modulo 256, then by address, longer prefixes first, then alias order).
     *
     * @return a new list
     */
    public List<Route> routes() {
        List<Table> ordered = new ArrayList<>(tables.values());
        ordered.sort(Comparator.<Table>comparingInt(t -> t.id & 0xFF).thenComparing(t -> -(t.id & 0xFFFF_FFFFL)));
        List<Route> all = new ArrayList<>();
        for (Table table : ordered) {
            all.addAll(routes(table));
        }
        return all;
    }

    /**
     * Returns the routes of one table in listing order.
     *
     * @param table the table id
     * @return a new list, empty if the table does not exist
     */
    public List<Route> routes(int table) {
        Table t = tables.get(table);
        return t == null ? new ArrayList<>() : routes(t);
    }

    private static List<Route> routes(Table table) {
        List<Long> keys = new ArrayList<>(table.aliases.keySet());
        keys.sort(Comparator.<Long>comparingLong(k -> k >>> 6).thenComparing(k -> -(k & 63)));
        List<Route> out = new ArrayList<>(table.size);
        for (long k : keys) {
            out.addAll(table.aliases.get(k));
        }
        return out;
    }

    /**
     * Returns the number of routes in all tables.
     *
     * @return the count
     */
    public int size() {
        int n = 0;
        for (Table t : tables.values()) {
            n += t.size;
        }
        return n;
    }

    /**
     * Inserts a route as a dump lists it: after the aliases of the same prefix that sort before or
     * equal to it, without validation or duplicate checks.
     *
     * @param route the route
     */
    public void load(Route route) {
        List<Route> list = aliasList(route, true);
        int index = 0;
        while (index < list.size() && sortsBeforeOrEqual(list.get(index), route)) {
            index++;
        }
        insert(route, list, index);
    }

    private static boolean sortsBeforeOrEqual(Route existing, Route route) {
        return existing.tos() > route.tos() || existing.tos() == route.tos() && existing.metric() <= route.metric();
    }

    /**
     * Applies a parsed {@code ip route} command.
     *
     * @param command the command
     * @return the route added, or the route deleted
     * @throws RouteUpdateException when the kernel would refuse it
     */
    public Route apply(RouteCommand command) {
        switch (command.operation()) {
            case DELETE:
                return delete(command.route());
            default:
                return modify(command.operation(), command.route());
        }
    }

    /**
     * {@code ip route add}: fails with "File exists" if a route with the same table, prefix, tos and
     * metric exists.
     *
     * @param route the route
     * @return the route as stored (gateway device resolved)
     */
    public Route add(Route route) {
        return modify(RouteCommand.Operation.ADD, route);
    }

    /**
     * {@code ip route append}: after the routes with the same key.
     *
     * @param route the route
     * @return the route as stored
     */
    public Route append(Route route) {
        return modify(RouteCommand.Operation.APPEND, route);
    }

    /**
     * {@code ip route prepend}: before the routes with the same key.
     *
     * @param route the route
     * @return the route as stored
     */
    public Route prepend(Route route) {
        return modify(RouteCommand.Operation.PREPEND, route);
    }

    /**
     * {@code ip route replace}: replaces the first route with the same key, or adds.
     *
     * @param route the route
     * @return the route as stored
     */
    public Route replace(Route route) {
        return modify(RouteCommand.Operation.REPLACE, route);
    }

    private Route modify(RouteCommand.Operation operation, Route requested) {
        Route route = validate(requested);
        List<Route> list = aliasList(route, true);
        int index = 0;
        while (index < list.size() && (list.get(index).tos() > route.tos()
                || list.get(index).tos() == route.tos() && list.get(index).metric() < route.metric())) {
            index++;
        }
        int sameEnd = index;
        while (sameEnd < list.size() && list.get(sameEnd).tos() == route.tos()
                && list.get(sameEnd).metric() == route.metric()) {
            sameEnd++;
        }
        boolean sameKey = sameEnd > index;
        boolean identical = list.subList(index, sameEnd).contains(route);
        switch (operation) {
            case ADD:
                if (sameKey) {
                    dropIfEmpty(route, list);
                    throw RouteUpdateException.exists();
                }
                insert(route, list, index);
                break;
            case APPEND:
            case PREPEND:
                if (identical) {
                    throw RouteUpdateException.exists();
                }
                insert(route, list, operation == RouteCommand.Operation.APPEND ? sameEnd : index);
                break;
            case REPLACE:
            case CHANGE:
                if (sameKey) {
                    if (!identical) {
                        list.set(index, route);
                        addressesChanged();
                    }
                } else if (operation == RouteCommand.Operation.CHANGE) {
                    dropIfEmpty(route, list);
                    throw RouteUpdateException.noEntry();
                } else {
                    insert(route, list, index);
                }
                break;
            default:
                throw new IllegalArgumentException(operation + " is not a modification");
        }
        return route;
    }

    /**
     * {@code ip route del}: removes the first route of the pattern's table, prefix and tos whose other
     * fields match the fields the pattern sets (type other than {@link RouteType#UNSPEC}, scope other
     * than {@link RouteScope#NOWHERE}, protocol, metric and src other than 0/null, gateway and device).
     *
     * @param pattern the route or pattern, e.g. from {@code RouteCommand.parse("ip route del 10.0.0.0/8")}
     * @return the removed route
     * @throws RouteUpdateException "No such process" when nothing matches
     */
    public Route delete(Route pattern) {
        Table table = tables.get(pattern.table());
        List<Route> list = table == null ? null
                : table.aliases.get(key(pattern.destination().address(), pattern.destination().length()));
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                Route r = list.get(i);
                if (r.tos() == pattern.tos() && deleteMatches(pattern, r)) {
                    list.remove(i);
                    table.size--;
                    if (list.isEmpty()) {
                        table.aliases.remove(key(pattern.destination().address(), pattern.destination().length()));
                        table.lengthCounts[pattern.destination().length()]--;
                    }
                    addressesChanged();
                    return r;
                }
            }
        }
        throw RouteUpdateException.noSuchProcess();
    }

    private static boolean deleteMatches(Route p, Route r) {
        if (p.type() != RouteType.UNSPEC && p.type() != r.type()) {
            return false;
        }
        if (p.scope() != RouteScope.NOWHERE && p.scope() != r.scope()) {
            return false;
        }
        if (p.preferredSource() != null && !p.preferredSource().equals(r.preferredSource())) {
            return false;
        }
        if (p.protocol() != RouteProtocol.UNSPEC && p.protocol() != r.protocol()) {
            return false;
        }
        if (p.metric() != 0 && p.metric() != r.metric()) {
            return false;
        }
        if (p.nextHops().size() == 1 && !r.nextHops().isEmpty()) {
            NextHop want = p.nextHops().get(0);
            NextHop have = r.nextHops().get(0);
            if (want.device() != null && !want.device().equals(have.device())) {
                return false;
            }
            if (want.gateway() != null && !want.gateway().equals(have.gateway())) {
                return false;
            }
        } else if (p.nextHops().size() > 1) {
            if (p.nextHops().size() != r.nextHops().size()) {
                return false;
            }
            for (int i = 0; i < p.nextHops().size(); i++) {
                NextHop want = p.nextHops().get(i);
                NextHop have = r.nextHops().get(i);
                if (want.gateway() != null && !want.gateway().equals(have.gateway())
                        || want.device() != null && !want.device().equals(have.device())
                        || want.weight() != have.weight()) {
                    return false;
                }
            }
        }
        return true;
    }

    private List<Route> aliasList(Route route, boolean create) {
        Table table = tables.get(route.table());
        if (table == null) {
            if (!create) {
                return null;
            }
            table = new Table(route.table());
            tables.put(route.table(), table);
        }
        long k = key(route.destination().address(), route.destination().length());
        List<Route> list = table.aliases.get(k);
        if (list == null && create) {
            list = new ArrayList<>(1);
            table.aliases.put(k, list);
            table.lengthCounts[route.destination().length()]++;
        }
        return list;
    }

    private void dropIfEmpty(Route route, List<Route> list) {
        if (list.isEmpty()) {
            Table table = tables.get(route.table());
            table.aliases.remove(key(route.destination().address(), route.destination().length()));
            table.lengthCounts[route.destination().length()]--;
        }
    }

    private void insert(Route route, List<Route> list, int index) {
        list.add(index, route);
        tables.get(route.table()).size++;
        addressesChanged();
    }

    private void addressesChanged() {
        derivedAddresses = null;
    }

    /** What {@code fib_create_info} and {@code fib_check_nh} check, and the device a gateway resolves to. */
    private Route validate(Route route) {
        if (route.type() == RouteType.NAT || route.type() == RouteType.XRESOLVE
                || route.type() == RouteType.UNSPEC) {
            throw RouteUpdateException.invalid("Invalid scope.");
        }
        if (route.type().defaultScope() > route.scope()) {
            throw RouteUpdateException.invalid("Invalid scope.");
        }
        if (route.type().error() != null) {
            return route;
        }
        List<NextHop> hops = new ArrayList<>(route.nextHops().size());
        boolean changed = false;
        for (NextHop hop : route.nextHops()) {
            NextHop checked = checkNextHop(route, hop);
            changed |= checked != hop;
            hops.add(checked);
        }
        if (!changed) {
            return route;
        }
        Route.Builder builder = Route.builder(route.destination()).type(route.type()).tos(route.tos())
                .table(route.table()).protocol(route.protocol()).scope(route.scope()).metric(route.metric())
                .preferredSource(route.preferredSource()).realms(route.realms());
        hops.forEach(builder::nextHop);
        route.metrics().forEach(builder::metric);
        return builder.build();
    }

    private NextHop checkNextHop(Route route, NextHop requested) {
        NextHop hop = checkGateway(route, requested);
        Link link = hop.device() == null ? null : links.get(hop.device());
        if (link != null && !link.lowerUp() && !hop.has(NextHopFlag.LINKDOWN)) {
            // a path over a device without carrier is kept but marked, as the kernel does
            java.util.EnumSet<NextHopFlag> flags = java.util.EnumSet.of(NextHopFlag.LINKDOWN);
            flags.addAll(hop.flags());
            return hop.withFlags(flags);
        }
        return hop;
    }

    private NextHop checkGateway(Route route, NextHop hop) {
        Link link = hop.device() == null ? null : links.get(hop.device());
        if (hop.gateway() == null) {
            if (hop.device() == null) {
                throw RouteUpdateException.invalid("Nexthop device required.");
            }
            if (link != null && !link.up()) {
                throw RouteUpdateException.invalid("Nexthop device is not up.");
            }
            return hop;
        }
        if (hop.has(NextHopFlag.ONLINK)) {
            if (hop.device() == null) {
                throw RouteUpdateException.invalid("Nexthop device required for onlink");
            }
            if (route.scope() >= RouteScope.LINK) {
                throw RouteUpdateException.invalid("Nexthop has invalid scope");
            }
            if (link != null && !link.up()) {
                throw RouteUpdateException.invalid("Nexthop device is not up.");
            }
            return hop;
        }
        int scope = Math.max(route.scope() + 1, RouteScope.LINK);
        Flow flow = Flow.to(hop.gateway().bits()).withOutputDevice(hop.device());
        TableHit hit = null;
        if (route.table() != RouteTable.MAIN) {
            Table table = tables.get(route.table());
            if (table != null) {
                hit = lookupTables(new Table[] {table}, flow, scope);
            }
        }
        if (hit == null || hit.error != null) {
            hit = fibLookup(flow, scope);
        }
        if (hit.error != null || hit.route.type() != RouteType.UNICAST && hit.route.type() != RouteType.LOCAL) {
            throw RouteUpdateException.invalidGateway();
        }
        if (hop.device() != null) {
            return hop;
        }
        String device = hit.route.type() == RouteType.LOCAL ? hit.route.nextHops().get(hit.hopIndex).device()
                : hit.route.nextHops().get(hit.hopIndex).device();
        return new NextHop(hop.gateway(), device, hop.weight(), hop.flags());
    }

    // --------------------------------------------------------------------------------------- lookup

    /** A table match: the route, the first usable next hop, the table; or an error / "try the next rule". */
    private static final class TableHit {
        final Route route;
        final int hopIndex;
        final int table;
        final RouteLookupError error;

        TableHit(Route route, int hopIndex, int table, RouteLookupError error) {
            this.route = route;
            this.hopIndex = hopIndex;
            this.table = table;
            this.error = error;
        }
    }

    private static final TableHit AGAIN = new TableHit(null, LOOKUP_AGAIN, 0, RouteLookupError.NETWORK_UNREACHABLE);

    /**
     * {@code ip route get ADDR}.
     *
     * @param destination the destination bits
     * @return the answer
     */
    public LookupResult lookup(int destination) {
        return lookup(Flow.to(destination));
    }

    /**
     * {@code ip route get} for a flow: rules, tables, path selection and source address.
     *
     * @param flow the question
     * @return the answer, or its error
     */
    public LookupResult lookup(Flow flow) {
        int dst = flow.destination();
        if ((dst >>> 24) == 0 && dst != 0) {
            return LookupResult.failure(flow, RouteLookupError.INVALID_ARGUMENT);
        }
        TableHit hit = fibLookup(flow, RouteScope.UNIVERSE);
        if (hit.error != null) {
            if (flow.outputDevice() != null) {
                // no route but an oif: the kernel assumes the destination is on that link
                Ipv4Address source = flow.source() != 0 ? new Ipv4Address(flow.source())
                        : selectAddress(flow.outputDevice(), 0, RouteScope.LINK);
                return new LookupResult(flow, null, null, RouteTable.MAIN, RouteType.UNICAST, null, null,
                        flow.outputDevice(), source);
            }
            return LookupResult.failure(flow, hit.error);
        }
        Route route = hit.route;
        if (route.type() == RouteType.LOCAL) {
            Ipv4Address source = flow.source() != 0 ? new Ipv4Address(flow.source())
                    : route.preferredSource() != null ? route.preferredSource() : new Ipv4Address(dst);
            return new LookupResult(flow, null, route, hit.table, RouteType.LOCAL, route.nextHops().isEmpty() ? null
                    : route.nextHops().get(hit.hopIndex), null, "lo", source);
        }
        int hopIndex = hit.hopIndex;
        if (route.nextHops().size() > 1 && flow.outputDevice() == null) {
            hopIndex = selectMultipath(route, multipathHash.hash(flow));
        }
        NextHop hop = route.nextHops().get(hopIndex);
        Ipv4Address source;
        if (flow.source() != 0) {
            source = new Ipv4Address(flow.source());
        } else if (route.preferredSource() != null) {
            source = route.preferredSource();
        } else {
            source = selectAddress(hop.device(), hop.gateway() == null ? 0 : hop.gateway().bits(), route.scope());
        }
        RouteType type = route.type();
        if (dst == -1) {
            type = RouteType.BROADCAST;
        } else if ((dst >>> 28) == 0xE) {
            type = RouteType.MULTICAST;
        }
        return new LookupResult(flow, null, route, hit.table, type, hop, hop.gateway(), hop.device(), source);
    }

    /**
     * {@code ip route get fibmatch ADDR}: the route that matched (same as {@link #lookup(int)}).
     *
     * @param destination the destination bits
     * @return the answer; {@link LookupResult#fibmatchText()} prints it
     */
    public LookupResult fibmatch(int destination) {
        return lookup(destination);
    }

    /** {@code fib_select_multipath}: hash-threshold over the live next hops' weights. */
    static int selectMultipath(Route route, int hash) {
        List<NextHop> hops = route.nextHops();
        long total = 0;
        for (NextHop hop : hops) {
            if (!hop.has(NextHopFlag.DEAD)) {
                total += hop.weight();
            }
        }
        long cumulative = 0;
        int first = -1;
        for (int i = 0; i < hops.size(); i++) {
            NextHop hop = hops.get(i);
            if (hop.has(NextHopFlag.DEAD)) {
                continue;
            }
            if (first < 0) {
                first = i;
            }
            cumulative += hop.weight();
            long upperBound = ((cumulative << 31) + total / 2) / total - 1;
            if (hash <= upperBound) {
                return i;
            }
        }
        return Math.max(first, 0);
    }

    private TableHit fibLookup(Flow flow, int scope) {
        if (!hasCustomRules()) {
            Table local = tables.get(RouteTable.LOCAL);
            Table main = tables.get(RouteTable.MAIN);
            TableHit hit = lookupTables(new Table[] {local, main}, flow, scope);
            if (hit != AGAIN) {
                return hit.error == null ? new TableHit(hit.route, hit.hopIndex, RouteTable.MAIN, null) : hit;
            }
            Table fallback = tables.get(RouteTable.DEFAULT);
            hit = fallback == null ? AGAIN : lookupTables(new Table[] {fallback}, flow, scope);
            return hit == AGAIN ? failure(RouteLookupError.NETWORK_UNREACHABLE) : hit;
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (!ruleMatches(rule, flow)) {
                continue;
            }
            switch (rule.action()) {
                case GOTO:
                    int target = -1;
                    for (int j = 0; j < rules.size(); j++) {
                        if (rules.get(j).priority() == rule.gotoPriority()) {
                            target = j;
                            break;
                        }
                    }
                    if (target > i) {
                        i = target - 1;
                    }
                    continue;
                case NOP:
                    continue;
                case BLACKHOLE:
                case UNREACHABLE:
                case PROHIBIT:
                    return failure(rule.action().error());
                default:
                    break;
            }
            Table table = tables.get(rule.table());
            if (table == null) {
                continue;
            }
            TableHit hit = lookupTables(new Table[] {table}, flow, scope);
            if (hit == AGAIN) {
                continue;
            }
            if (hit.error == null && rule.suppressPrefixLength() >= 0
                    && hit.route.destination().length() <= rule.suppressPrefixLength()) {
                continue;
            }
            return hit;
        }
        return failure(RouteLookupError.NETWORK_UNREACHABLE);
    }

    private static TableHit failure(RouteLookupError error) {
        return new TableHit(null, -1, 0, error);
    }

    /** {@code fib_rule_match} + {@code fib4_rule_match}; an output lookup comes in on {@code lo}. */
    private static boolean ruleMatches(Rule rule, Flow flow) {
        boolean match = !rule.l3mdev()
                && (rule.iif() == null || rule.iif().equals("lo"))
                && (rule.oif() == null || rule.oif().equals(flow.outputDevice()))
                && (rule.fwmark() < 0 || ((rule.fwmark() ^ flow.mark()) & rule.fwmask()) == 0)
                && (rule.uidRange() == null || rule.uidRange().contains(flow.uid()))
                && (rule.ipProto() < 0 || rule.ipProto() == 0 || rule.ipProto() == flow.ipProto())
                && (rule.sourcePorts() == null || rule.sourcePorts().contains(flow.sourcePort()))
                && (rule.destinationPorts() == null || rule.destinationPorts().contains(flow.destinationPort()))
                && (rule.from() == null || rule.from().contains(flow.source()))
                && (rule.to() == null || rule.to().contains(flow.destination()))
                && (rule.tos() == 0 || rule.tos() == (flow.tos() & 0xFC));
        return rule.invert() != match;
    }

    /** {@code fib_table_lookup} over one trie (or the merged local+main trie): LPM with backtracking. */
    private TableHit lookupTables(Table[] trie, Flow flow, int scope) {
        int dst = flow.destination();
        int tos = flow.tos() & 0xFC;
        for (int length = 32; length >= 0; length--) {
            int prefix = length == 0 ? 0 : dst & (-1 << (32 - length));
            for (Table table : trie) {
                if (table == null) {
                    continue;
                }
                List<Route> aliases = table.at(prefix, length);
                if (aliases == null) {
                    continue;
                }
                for (Route route : aliases) {
                    if (route.tos() != 0 && route.tos() != tos) {
                        continue;
                    }
                    if (route.scope() < scope) {
                        continue;
                    }
                    RouteLookupError error = route.type().error();
                    if (error != null) {
                        return route.type() == RouteType.THROW ? AGAIN : new TableHit(route, -1, table.id, error);
                    }
                    List<NextHop> hops = route.nextHops();
                    for (int i = 0; i < hops.size(); i++) {
                        NextHop hop = hops.get(i);
                        if (hop.has(NextHopFlag.DEAD)) {
                            continue;
                        }
                        if (flow.outputDevice() != null && !flow.outputDevice().equals(hop.device())) {
                            continue;
                        }
                        return new TableHit(route, i, table.id, null);
                    }
                }
            }
        }
        return AGAIN;
    }

    // -------------------------------------------------------------------------------- source address

    /**
     * Returns the device addresses source selection uses.
     *
     * @return the explicit addresses, or those derived from the local table
     */
    public List<InterfaceAddress> addresses() {
        if (explicitAddresses != null) {
            return explicitAddresses;
        }
        if (derivedAddresses == null) {
            derivedAddresses = deriveAddresses();
        }
        return derivedAddresses;
    }

    /** Each {@code local A dev D proto kernel … src A} entry is an address; its subnet is the connected route's. */
    private List<InterfaceAddress> deriveAddresses() {
        List<InterfaceAddress> result = new ArrayList<>();
        List<Route> connected = new ArrayList<>();
        for (Table table : tables.values()) {
            for (List<Route> list : table.aliases.values()) {
                for (Route r : list) {
                    if (r.type() == RouteType.UNICAST && r.protocol() == RouteProtocol.KERNEL
                            && r.scope() == RouteScope.LINK && r.preferredSource() != null) {
                        connected.add(r);
                    }
                }
            }
        }
        List<Route> locals = routes(RouteTable.LOCAL);
        for (Route r : locals) {
            if (r.type() != RouteType.LOCAL || r.protocol() != RouteProtocol.KERNEL || r.destination().length() != 32
                    || r.device() == null || !r.destination().network().equals(r.preferredSource())) {
                continue;
            }
            int address = r.destination().address();
            int length = 32;
            for (Route c : connected) {
                if (c.device() != null && c.device().equals(r.device()) && c.preferredSource().bits() == address
                        && c.destination().contains(address)) {
                    length = c.destination().length();
                }
            }
            if (r.device().equals("lo") && (address >>> 24) == 127) {
                length = 8;
            }
            boolean secondary = false;
            for (InterfaceAddress earlier : result) {
                if (earlier.device().equals(r.device()) && earlier.prefixLength() == length
                        && earlier.subnetContains(address)) {
                    secondary = true;
                }
            }
            int scope = (address >>> 24) == 127 ? RouteScope.HOST : RouteScope.UNIVERSE;
            result.add(new InterfaceAddress(r.device(), new Ipv4Address(address), length, scope, secondary));
        }
        // lo first, as its ifindex is 1; the kernel's fallback walks devices in ifindex order
        result.sort(Comparator.comparingInt(a -> a.device().equals("lo") ? 0 : 1));
        return result;
    }

    /** {@code inet_select_addr(dev, dst, scope)}. */
    Ipv4Address selectAddress(String device, int destination, int scope) {
        List<InterfaceAddress> all = addresses();
        Ipv4Address first = null;
        for (InterfaceAddress a : all) {
            if (!a.device().equals(device) || a.secondary()) {
                continue;
            }
            if (Math.min(a.scope(), RouteScope.HOST) > scope) {
                continue;
            }
            if (destination == 0 || a.subnetContains(destination)) {
                return a.address();
            }
            if (first == null) {
                first = a.address();
            }
        }
        if (first != null) {
            return first;
        }
        for (InterfaceAddress a : all) {
            if (!a.secondary() && a.scope() != RouteScope.LINK && a.scope() <= scope) {
                return a.address();
            }
        }
        return null;
    }

    /**
     * Looks up a prefix's routes in a table.
     *
     * @param table  the table id
     * @param prefix the prefix
     * @return the aliases in order (a copy), empty if none
     */
    public List<Route> routes(int table, Ipv4Prefix prefix) {
        Table t = tables.get(table);
        List<Route> list = t == null ? null : t.at(prefix.address(), prefix.length());
        return list == null ? List.of() : List.copyOf(list);
    }
}
