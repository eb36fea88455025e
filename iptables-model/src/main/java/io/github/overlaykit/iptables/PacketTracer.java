package io.github.overlaykit.iptables;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Follows the first packet of a connection through a ruleset as the kernel does (reference §4):
 * raw → mangle → nat → filter → security in hook order, the routing decision after PREROUTING (and the
 * reroute after nat OUTPUT) from the caller's {@link Routing}, {@code -j}/{@code -g}/{@code RETURN} and
 * policies, marks changing on the way, nat consulted only for a {@code NEW} connection, {@code DNAT},
 * {@code SNAT}, {@code MASQUERADE} and {@code REDIRECT} rewriting the tuple, and {@code addrtype LOCAL}
 * from the routing's local addresses plus {@code 127.0.0.0/8}.
 *
 * <pre>{@code
 * PacketTracer tracer = new PacketTracer(rules, new StaticRouting(List.of(nodeIp), "eth0"));
 * TraceResult r = tracer.trace(Packet.tcp(nodeIp, 40000, Ipv4Address.parse("10.103.5.88"), 9000), Hook.OUTPUT, 1);
 * r.lines().forEach(System.out::println);   // nat:OUTPUT:JUMP:KUBE-SERVICES | -A OUTPUT … and the NAT'd tuple
 * }</pre>
 *
 * <p>{@code statistic} branches are decided by a seeded random source (one path), or enumerated with
 * {@link #traceAll} (every path with its probability from the kernel's quantized values). {@code recent}
 * lists start empty and are filled by {@code --set} during the trace; ipset members come from
 * {@link #withIpSet}. Extensions kept verbatim ({@link Match.Opaque}) are treated as not matching and noted.
 * Not thread-safe: use one tracer per thread.
 */
public final class PacketTracer {
    private static final int MAX_STEPS = 1_000_000;
    /** {@link #traceAll} gives up beyond this many paths (2^n for n independent statistic matches). */
    public static final int MAX_BRANCHES = 65_536;

    private final Ruleset ruleset;
    private final Routing routing;
    private final Map<String, Set<Integer>> ipSets = new HashMap<>();

    /**
     * Creates a tracer.
     *
     * @param ruleset the rules
     * @param routing the routing decisions and local addresses
     */
    public PacketTracer(Ruleset ruleset, Routing routing) {
        this.ruleset = Objects.requireNonNull(ruleset, "ruleset");
        this.routing = Objects.requireNonNull(routing, "routing");
    }

    /**
     * Supplies the members of an ipset for {@code -m set --match-set NAME}.
     *
     * @param name      the set name
     * @param addresses member address bits
     * @return this
     */
    public PacketTracer withIpSet(String name, Set<Integer> addresses) {
        ipSets.put(name, Set.copyOf(addresses));
        return this;
    }

    /** Decides each {@code statistic} match in turn. */
    private interface Choices {
        boolean fires(Match.Statistic statistic, State state);
    }

    /**
     * Traces one path; each {@code statistic --mode random} match draws {@code random & 0x7FFFFFFF} from
     * {@code new Random(seed)} and fires when it is below the quantized probability, as the kernel does.
     *
     * @param packet the packet
     * @param entry  {@link Hook#PREROUTING} for a packet arriving on {@code packet.inInterface()},
     *               {@link Hook#OUTPUT} for a locally generated one
     * @param seed   the random seed
     * @return the result
     */
    public TraceResult trace(Packet packet, Hook entry, long seed) {
        Random random = new Random(seed);
        return run(packet, entry, (s, st) -> record(s, st,
            s.nth() ? s.packet() == 0 : (random.nextInt() & 0x7FFFFFFF) < s.probabilityBits()));
    }

    /**
     * Traces one path where every {@code statistic} match that can fire does (the first endpoint of every
     * kube-proxy service).
     *
     * @param packet the packet
     * @param entry  the entry hook
     * @return the result
     */
    public TraceResult traceFirst(Packet packet, Hook entry) {
        return run(packet, entry, (s, st) -> record(s, st, s.nth() ? s.packet() == 0 : s.probabilityBits() > 0));
    }

    /** Multiplies the path's probability by this choice's and returns the choice. */
    private static boolean record(Match.Statistic s, State st, boolean fires) {
        double p = chance(s);
        st.probability *= fires ? p : 1 - p;
        return fires;
    }

    private static double chance(Match.Statistic s) {
        return s.nth() ? 1.0 / Integer.toUnsignedLong(s.every()) : s.probability();
    }

    /**
     * Traces every path the {@code statistic} matches allow, each with its probability
     * ({@code p = u / 2^31} for a match that fires, {@code 1 - p} for one that does not; nth mode counts as
     * {@code 1/every}). Paths of probability 0 are left out.
     *
     * @param packet the packet
     * @param entry  the entry hook
     * @return the paths; their probabilities add up to 1
     * @throws IllegalStateException beyond {@link #MAX_BRANCHES} paths
     */
    public List<TraceResult> traceAll(Packet packet, Hook entry) {
        List<TraceResult> out = new ArrayList<>();
        Deque<List<Boolean>> pending = new ArrayDeque<>();
        pending.add(List.of());
        while (!pending.isEmpty()) {
            if (out.size() >= MAX_BRANCHES) {
                throw new IllegalStateException("more than " + MAX_BRANCHES + " statistic branches");
            }
            List<Boolean> prefix = pending.poll();
            List<Boolean> taken = new ArrayList<>();
            List<Double> chances = new ArrayList<>();
            TraceResult r = run(packet, entry, (s, st) -> {
                double p = chance(s);
                int k = taken.size();
                boolean fires = k < prefix.size() ? prefix.get(k) : p > 0;
                taken.add(fires);
                chances.add(p);
                st.probability *= fires ? p : 1 - p;
                return fires;
            });
            if (r.probability() > 0) {
                out.add(r);
            }
            for (int k = prefix.size(); k < taken.size(); k++) {
                double p = chances.get(k);
                boolean other = !taken.get(k);
                if ((other && p > 0) || (!other && p < 1)) {
                    List<Boolean> next = new ArrayList<>(taken.subList(0, k));
                    next.add(other);
                    pending.add(next);
                }
            }
        }
        return out;
    }

    /** The mutable state of the packet and its connection during one trace. */
    private static final class State {
        int source;
        int sourcePort;
        int destination;
        int destinationPort;
        final int protocol;
        final int tcpFlags;
        String in;
        String out;
        int mark;
        int connmark;
        int ctState;
        boolean untracked;
        final Tuple original;
        double probability = 1;
        final List<TraceStep> steps = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final Map<String, Set<Integer>> recent = new HashMap<>();
        int stepCount;

        State(Packet p) {
            source = p.source();
            sourcePort = p.sourcePort();
            destination = p.destination();
            destinationPort = p.destinationPort();
            protocol = p.protocol();
            tcpFlags = p.tcpFlags();
            in = p.inInterface();
            out = p.outInterface();
            mark = p.mark();
            ctState = p.conntrackState();
            original = new Tuple(protocol, source, sourcePort, destination, destinationPort);
        }

        boolean isNew() {
            return !untracked && (ctState & Match.STATE_NEW) != 0;
        }
    }

    /** What a table's traversal of one hook ended with. */
    private enum Outcome { ACCEPT, DROP, REJECT }

    private TraceResult run(Packet packet, Hook entry, Choices choices) {
        if (entry != Hook.PREROUTING && entry != Hook.OUTPUT) {
            throw new IllegalArgumentException("a trace starts at PREROUTING or OUTPUT, not " + entry);
        }
        State st = new State(packet);
        TraceResult.Verdict verdict = entry == Hook.PREROUTING ? prerouting(st, choices) : output(st, choices);
        Tuple translated = new Tuple(st.protocol, st.source, st.sourcePort, st.destination, st.destinationPort);
        return new TraceResult(st.steps, verdict, st.original, translated, st.probability, st.mark, st.notes);
    }

    private TraceResult.Verdict prerouting(State st, Choices choices) {
        Outcome o = hook(st, choices, Hook.PREROUTING, "raw", "mangle", "nat");
        if (o != Outcome.ACCEPT) {
            return verdictOf(o);
        }
        Routing.RouteDecision route = routing.route(st.source, st.destination, st.in, st.mark);
        if (route.kind() == Routing.RouteDecision.Kind.UNREACHABLE) {
            return TraceResult.Verdict.UNREACHABLE;
        }
        if (route.kind() == Routing.RouteDecision.Kind.LOCAL) {
            return input(st, choices);
        }
        if (st.out == null) {
            st.out = route.outInterface();
        }
        o = hook(st, choices, Hook.FORWARD, "mangle", "filter", "security");
        if (o != Outcome.ACCEPT) {
            return verdictOf(o);
        }
        return verdictOf(postrouting(st, choices));
    }

    private TraceResult.Verdict input(State st, Choices choices) {
        String savedOut = st.out;
        st.out = null;
        Outcome o = hook(st, choices, Hook.INPUT, "mangle", "filter", "security", "nat");
        st.out = savedOut;
        return verdictOf(o);
    }

    private TraceResult.Verdict output(State st, Choices choices) {
        Routing.RouteDecision route = routing.route(st.source, st.destination, null, st.mark);
        if (route.kind() == Routing.RouteDecision.Kind.UNREACHABLE) {
            return TraceResult.Verdict.UNREACHABLE;
        }
        if (st.out == null) {
            st.out = route.outInterface();
        }
        int destinationBefore = st.destination;
        Outcome o = hook(st, choices, Hook.OUTPUT, "raw", "mangle", "nat");
        if (o != Outcome.ACCEPT) {
            return verdictOf(o);
        }
        Routing.RouteDecision rerouted = route;
        if (st.destination != destinationBefore) {
            rerouted = routing.route(st.source, st.destination, null, st.mark);
            if (rerouted.kind() == Routing.RouteDecision.Kind.UNREACHABLE) {
                return TraceResult.Verdict.UNREACHABLE;
            }
        }
        // The filter OUTPUT hook still sees the interface of the first route (reference §4.1).
        o = hook(st, choices, Hook.OUTPUT, "filter", "security");
        if (o != Outcome.ACCEPT) {
            return verdictOf(o);
        }
        st.out = rerouted.outInterface();
        o = postrouting(st, choices);
        if (o != Outcome.ACCEPT || rerouted.kind() != Routing.RouteDecision.Kind.LOCAL) {
            return verdictOf(o);
        }
        // Looped back through lo: PREROUTING and INPUT again, without nat (the connection is confirmed now).
        boolean untracked = st.untracked;
        st.untracked = true;
        st.in = "lo";
        st.out = null;
        o = hook(st, choices, Hook.PREROUTING, "raw", "mangle");
        if (o == Outcome.ACCEPT) {
            o = hook(st, choices, Hook.INPUT, "mangle", "filter", "security");
        }
        st.untracked = untracked;
        return verdictOf(o);
    }

    private Outcome postrouting(State st, Choices choices) {
        return hook(st, choices, Hook.POSTROUTING, "mangle", "nat");
    }

    private static TraceResult.Verdict verdictOf(Outcome o) {
        switch (o) {
            case DROP: return TraceResult.Verdict.DROP;
            case REJECT: return TraceResult.Verdict.REJECT;
            default: return TraceResult.Verdict.ACCEPT;
        }
    }

    private Outcome hook(State st, Choices choices, Hook hook, String... tables) {
        for (String tableName : tables) {
            if (tableName.equals("nat") && !st.isNew()) {
                continue;
            }
            Outcome o = traverse(st, choices, tableName, hook);
            if (o != Outcome.ACCEPT) {
                return o;
            }
        }
        return Outcome.ACCEPT;
    }

    private static final class Frame {
        final Chain chain;
        final int next;

        Frame(Chain chain, int next) {
            this.chain = chain;
            this.next = next;
        }
    }

    private Outcome traverse(State st, Choices choices, String tableName, Hook hook) {
        Table table = ruleset.table(tableName);
        if (table == null) {
            return Outcome.ACCEPT;
        }
        Chain base = table.chain(hook.name());
        if (base == null) {
            return Outcome.ACCEPT;
        }
        Deque<Frame> stack = new ArrayDeque<>();
        Chain chain = base;
        int i = 0;
        while (true) {
            if (++st.stepCount > MAX_STEPS) {
                st.notes.add("stopped after " + MAX_STEPS + " rules (a loop?)");
                return Outcome.DROP;
            }
            if (i >= chain.rules().size()) {
                if (stack.isEmpty()) {
                    return policy(st, tableName, base);
                }
                Frame f = stack.pop();
                chain = f.chain;
                i = f.next;
                continue;
            }
            Rule rule = chain.rules().get(i++);
            if (!matches(rule, st, choices, hook)) {
                continue;
            }
            Target t = rule.target();
            if (t == null) {
                st.steps.add(new TraceStep(tableName, chain.name(), "CONTINUE", rule));
            } else if (t instanceof Target.Verdict v) {
                switch (v.name()) {
                    case "ACCEPT":
                        st.steps.add(new TraceStep(tableName, chain.name(), "ACCEPT", rule));
                        return Outcome.ACCEPT;
                    case "DROP":
                        st.steps.add(new TraceStep(tableName, chain.name(), "DROP", rule));
                        return Outcome.DROP;
                    default:
                        st.steps.add(new TraceStep(tableName, chain.name(), TraceStep.RETURN, rule));
                        if (stack.isEmpty()) {
                            return policy(st, tableName, base);
                        }
                        Frame f = stack.pop();
                        chain = f.chain;
                        i = f.next;
                }
            } else if (t instanceof Target.Jump j) {
                Chain to = table.chain(j.chain());
                if (to == null || to.builtin()) {
                    st.notes.add("line " + rule.line() + ": chain " + j.chain() + " does not exist; rule ignored");
                    continue;
                }
                st.steps.add(new TraceStep(tableName, chain.name(), (rule.goTo() ? "GOTO:" : "JUMP:") + j.chain(), rule));
                if (!rule.goTo()) {
                    stack.push(new Frame(chain, i));
                }
                chain = to;
                i = 0;
            } else if (t instanceof Target.Reject) {
                st.steps.add(new TraceStep(tableName, chain.name(), "DROP", rule));
                return Outcome.REJECT;
            } else if (isNat(t)) {
                if (!tableName.equals("nat")) {
                    st.notes.add("line " + rule.line() + ": " + t.name() + " outside the nat table ignored");
                    continue;
                }
                applyNat(st, t, hook);
                st.steps.add(new TraceStep(tableName, chain.name(), "ACCEPT", rule));
                return Outcome.ACCEPT;
            } else {
                applyNonTerminal(st, t);
                st.steps.add(new TraceStep(tableName, chain.name(), "CONTINUE", rule));
            }
        }
    }

    private static boolean isNat(Target t) {
        return t instanceof Target.Dnat || t instanceof Target.Snat || t instanceof Target.Masquerade
            || t instanceof Target.Redirect;
    }

    private static Outcome policy(State st, String tableName, Chain base) {
        st.steps.add(new TraceStep(tableName, base.name(), base.policy(), null));
        return base.policy().equals("DROP") ? Outcome.DROP : Outcome.ACCEPT;
    }

    private void applyNat(State st, Target t, Hook hook) {
        if (t instanceof Target.Dnat d) {
            Target.NatRange r = d.range();
            if (r.hasAddress()) {
                st.destination = r.firstAddress();
            }
            if (r.ports() != null) {
                st.destinationPort = r.ports().first();
            }
            noteRange(st, r);
            st.ctState |= Match.STATE_DNAT;
        } else if (t instanceof Target.Redirect rd) {
            st.destination = hook == Hook.OUTPUT ? 0x7F000001 : primaryAddress(st);
            if (rd.ports() != null) {
                st.destinationPort = rd.ports().first();
            }
            st.ctState |= Match.STATE_DNAT;
        } else if (t instanceof Target.Snat s) {
            Target.NatRange r = s.range();
            if (r.hasAddress()) {
                st.source = r.firstAddress();
            }
            if (r.ports() != null) {
                st.sourcePort = r.ports().first();
            }
            noteRange(st, r);
            st.ctState |= Match.STATE_SNAT;
        } else if (t instanceof Target.Masquerade m) {
            Routing.RouteDecision route = routing.route(st.source, st.destination, null, st.mark);
            if (route.preferredSource() != 0) {
                st.source = route.preferredSource();
            } else {
                st.notes.add("MASQUERADE: the routing gave no preferred source address; source kept");
            }
            if (m.ports() != null) {
                st.sourcePort = m.ports().first();
            }
            st.ctState |= Match.STATE_SNAT;
        }
    }

    private int primaryAddress(State st) {
        Routing.RouteDecision route = routing.route(st.destination, st.source, null, st.mark);
        return route.preferredSource() != 0 ? route.preferredSource() : st.destination;
    }

    private static void noteRange(State st, Target.NatRange r) {
        if (r.lastAddress() != r.firstAddress() || (r.ports() != null && r.ports().first() != r.ports().last())) {
            st.notes.add("NAT range " + r + ": the kernel picks by hash; the first value is shown");
        }
    }

    private static void applyNonTerminal(State st, Target t) {
        if (t instanceof Target.Mark m) {
            st.mark = m.apply(st.mark);
        } else if (t instanceof Target.Connmark c) {
            switch (c.mode()) {
                case "set-xmark":
                    st.connmark = (st.connmark & ~c.mask()) ^ c.value();
                    break;
                case "save-mark":
                    st.connmark = (st.connmark & ~c.ctmask()) ^ (st.mark & c.nfmask());
                    break;
                default:
                    st.mark = (st.mark & ~c.nfmask()) ^ (st.connmark & c.ctmask());
            }
        } else if (t instanceof Target.Plain p && p.name().equals("NOTRACK")
            || t instanceof Target.Opaque o && o.name().equals("CT") && o.arguments().contains("--notrack")) {
            st.untracked = true;
            st.ctState = 1 << 4;
        }
    }

    private boolean matches(Rule r, State st, Choices choices, Hook hook) {
        if (r.source() != null && r.source().contains(st.source) == r.sourceNegated()) {
            return false;
        }
        if (r.destination() != null && r.destination().contains(st.destination) == r.destinationNegated()) {
            return false;
        }
        if (r.inInterface() != null && interfaceMatches(r.inInterface(), st.in) == r.inInterfaceNegated()) {
            return false;
        }
        if (r.outInterface() != null && interfaceMatches(r.outInterface(), st.out) == r.outInterfaceNegated()) {
            return false;
        }
        if (r.protocol() != 0 && (r.protocol() == st.protocol) == r.protocolNegated()) {
            return false;
        }
        if (r.fragment() && !r.fragmentNegated()) {
            return false;
        }
        for (Match m : r.matches()) {
            if (!matches(m, r, st, choices)) {
                return false;
            }
        }
        return true;
    }

    private static boolean interfaceMatches(String pattern, String name) {
        if (name == null) {
            return false;
        }
        if (pattern.endsWith("+")) {
            return name.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return name.equals(pattern);
    }

    private static boolean inRange(PortRange range, boolean negated, int port) {
        return range == null || range.contains(port) != negated;
    }

    private int addressType(int address) {
        if (routing.isLocal(address) || (address >>> 24) == 127) {
            return Match.ADDRTYPE_LOCAL;
        }
        if (address == -1) {
            return 1 << 3;
        }
        if ((address >>> 28) == 0xE) {
            return 1 << 5;
        }
        return 1 << 1;
    }

    private boolean matches(Match m, Rule r, State st, Choices choices) {
        if (m instanceof Match.Comment || m instanceof Match.Nfacct || m instanceof Match.Limit) {
            return true;
        }
        if (m instanceof Match.Tcp t) {
            return st.protocol == 6 && inRange(t.sourcePorts(), t.sourceNegated(), st.sourcePort)
                && inRange(t.destinationPorts(), t.destinationNegated(), st.destinationPort)
                && (t.flagsMask() < 0 || ((st.tcpFlags & t.flagsMask()) == t.flagsCompare()) != t.flagsNegated());
        }
        if (m instanceof Match.Udp u) {
            return st.protocol == 17 && inRange(u.sourcePorts(), u.sourceNegated(), st.sourcePort)
                && inRange(u.destinationPorts(), u.destinationNegated(), st.destinationPort);
        }
        if (m instanceof Match.Icmp i) {
            return st.protocol == 1 && i.test(st.sourcePort, st.destinationPort);
        }
        if (m instanceof Match.Multiport mp) {
            return mp.test(st.sourcePort, st.destinationPort);
        }
        if (m instanceof Match.Iprange ip) {
            boolean ok = !ip.hasSource() || (Integer.compareUnsigned(st.source, ip.sourceFirst()) >= 0
                && Integer.compareUnsigned(st.source, ip.sourceLast()) <= 0) != ip.sourceNegated();
            return ok && (!ip.hasDestination() || (Integer.compareUnsigned(st.destination, ip.destinationFirst()) >= 0
                && Integer.compareUnsigned(st.destination, ip.destinationLast()) <= 0) != ip.destinationNegated());
        }
        if (m instanceof Match.Addrtype a) {
            boolean ok = a.sourceTypes() == 0 || ((addressType(st.source) & a.sourceTypes()) != 0) != a.sourceNegated();
            return ok && (a.destinationTypes() == 0
                || ((addressType(st.destination) & a.destinationTypes()) != 0) != a.destinationNegated());
        }
        if (m instanceof Match.Mark mk) {
            return mk.test(st.mark);
        }
        if (m instanceof Match.Connmark cm) {
            return ((st.connmark & cm.mask()) == cm.value()) != cm.negated();
        }
        if (m instanceof Match.State s) {
            int state = st.ctState & 0x1F;
            return ((state & s.states()) != 0) != s.negated();
        }
        if (m instanceof Match.Conntrack c) {
            return conntrackMatches(c, st);
        }
        if (m instanceof Match.Statistic s) {
            return choices.fires(s, st) != s.negated();
        }
        if (m instanceof Match.Recent rc) {
            int key = rc.source() ? st.source : st.destination;
            Set<Integer> list = st.recent.computeIfAbsent(rc.listName(), k -> new HashSet<>());
            boolean seen;
            switch (rc.command()) {
                case "set":
                    list.add(key & rc.mask());
                    seen = true;
                    break;
                case "remove":
                    seen = list.remove(key & rc.mask());
                    break;
                default:
                    seen = list.contains(key & rc.mask());
            }
            return seen != rc.negated();
        }
        if (m instanceof Match.Set set) {
            Set<Integer> members = ipSets.get(set.setName());
            if (members == null) {
                st.notes.add("line " + r.line() + ": ipset " + set.setName() + " unknown, treated as empty");
                return set.negated();
            }
            int key = set.directions().startsWith("src") ? st.source : st.destination;
            return members.contains(key) != set.negated();
        }
        st.notes.add("line " + r.line() + ": -m " + m.name() + " is not modelled; treated as not matching");
        return false;
    }

    private static boolean conntrackMatches(Match.Conntrack c, State st) {
        if (c.states() != 0 && ((st.ctState & c.states()) != 0) == c.statesNegated()) {
            return false;
        }
        if (c.protocol() >= 0 && (c.protocol() == st.protocol) == c.protocolNegated()) {
            return false;
        }
        Tuple orig = st.original;
        if (!prefix(c.originalSource(), c.originalSourceNegated(), orig.source())
            || !prefix(c.originalDestination(), c.originalDestinationNegated(), orig.destination())
            || !prefix(c.replySource(), c.replySourceNegated(), st.destination)
            || !prefix(c.replyDestination(), c.replyDestinationNegated(), st.source)) {
            return false;
        }
        if (!inRange(c.originalSourcePort(), (c.portsNegated() & 1) != 0, orig.sourcePort())
            || !inRange(c.originalDestinationPort(), (c.portsNegated() & 2) != 0, orig.destinationPort())
            || !inRange(c.replySourcePort(), (c.portsNegated() & 4) != 0, st.destinationPort)
            || !inRange(c.replyDestinationPort(), (c.portsNegated() & 8) != 0, st.sourcePort)) {
            return false;
        }
        // A first packet has no status bit yet: only --ctstatus NONE matches it.
        if (c.statuses() >= 0 && (c.statuses() == 0) == c.statusesNegated()) {
            return false;
        }
        return c.direction() == null || c.direction().equals("ORIGINAL");
    }

    private static boolean prefix(io.github.overlaykit.codec.Ipv4Prefix p, boolean negated, int address) {
        return p == null || p.contains(address) != negated;
    }
}
