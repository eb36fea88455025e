package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>{@code statistic} branches are decided by a seeded generator (one path; the kernel's own choice is
 * random, so compare with "one of" {@link #traceAll}), or enumerated with {@link #traceAll} (every path with
 * its probability from the kernel's quantized values). {@code recent} lists start empty and are filled by
 * {@code --set} during the trace; ipset members come from {@link #withIpSet}. Extensions kept verbatim
 * ({@link Match.Opaque}) are treated as not matching and noted.
 *
 * <p>{@link #compiled()} gives a tracer with the same answers whose long chains (kube-proxy's
 * {@code KUBE-SERVICES}) are indexed by destination, protocol and port; {@link #verdict} answers without
 * recording trace events and without allocating (with a {@link StaticRouting}). Not thread-safe: use one
 * tracer per thread.
 */
public final class PacketTracer {
    private static final int MAX_STEPS = 1_000_000;
    /** {@link #traceAll} gives up beyond this many paths (2^n for n independent statistic matches). */
    public static final int MAX_BRANCHES = 65_536;
    /** A chain is indexed when it has at least this many rules keyed by destination, protocol and port. */
    static final int INDEX_THRESHOLD = 8;

    /** Table numbers, for arrays indexed by table. */
    private static final String[] TABLES = {"raw", "mangle", "nat", "filter", "security"};
    private static final int RAW = 0;
    private static final int MANGLE = 1;
    private static final int NAT = 2;
    private static final int FILTER = 3;
    private static final int SECURITY = 4;
    private static final int[] PREROUTING_TABLES = {RAW, MANGLE, NAT};
    private static final int[] LOOPBACK_PREROUTING_TABLES = {RAW, MANGLE};
    private static final int[] INPUT_TABLES = {MANGLE, FILTER, SECURITY, NAT};
    private static final int[] LOOPBACK_INPUT_TABLES = {MANGLE, FILTER, SECURITY};
    private static final int[] FORWARD_TABLES = {MANGLE, FILTER, SECURITY};
    private static final int[] OUTPUT_TABLES = {RAW, MANGLE, NAT};
    private static final int[] OUTPUT_FILTER_TABLES = {FILTER, SECURITY};
    private static final int[] POSTROUTING_TABLES = {MANGLE, NAT};

    private final Ruleset ruleset;
    private final Routing routing;
    private final boolean indexed;
    /** Built-in chains by table number and hook ordinal, with their jumps resolved. */
    private final Node[][] bases = new Node[TABLES.length][Hook.values().length];
    private final Map<String, Set<Integer>> ipSets = new HashMap<>();
    private final State reusable = new State();

    /**
     * Creates a tracer that interprets the rules one by one.
     *
     * @param ruleset the rules
     * @param routing the routing decisions and local addresses
     */
    public PacketTracer(Ruleset ruleset, Routing routing) {
        this(ruleset, routing, false);
    }

    private PacketTracer(Ruleset ruleset, Routing routing, boolean indexed) {
        this.ruleset = Objects.requireNonNull(ruleset, "ruleset");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.indexed = indexed;
        for (int n = 0; n < TABLES.length; n++) {
            Table t = ruleset.table(TABLES[n]);
            if (t == null) {
                continue;
            }
            Map<String, Node> byName = new HashMap<>();
            for (Chain c : t.chains()) {
                byName.put(c.name(), new Node(c, indexed ? ChainIndex.build(c) : null));
            }
            for (Node node : byName.values()) {
                node.resolve(byName);
                if (node.chain.builtin()) {
                    for (Hook h : Hook.values()) {
                        if (h.name().equals(node.chain.name())) {
                            bases[n][h.ordinal()] = node;
                        }
                    }
                }
            }
        }
    }

    /** A chain with its rules in an array, each jump's target resolved, and its index when compiled. */
    private static final class Node {
        final Chain chain;
        final Rule[] rules;
        final Node[] jumps;
        final ChainIndex index;

        Node(Chain chain, ChainIndex index) {
            this.chain = chain;
            this.rules = chain.rules().toArray(new Rule[0]);
            this.jumps = new Node[rules.length];
            this.index = index;
        }

        void resolve(Map<String, Node> byName) {
            for (int i = 0; i < rules.length; i++) {
                if (rules[i].target() instanceof Target.Jump j) {
                    Node to = byName.get(j.chain());
                    jumps[i] = to == null || to.chain.builtin() ? null : to;
                }
            }
        }
    }

    /**
     * Returns a tracer with the same rules, routing and ipsets whose long chains are indexed by
     * destination address, protocol and destination port where their rules allow it; it gives the same
     * answers as this one.
     *
     * @return the compiled tracer
     */
    public PacketTracer compiled() {
        PacketTracer c = new PacketTracer(ruleset, routing, true);
        c.ipSets.putAll(ipSets);
        return c;
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

    /** How statistic matches are decided in one run. */
    private enum Mode { SEEDED, FIRST, PREFIX }

    /**
     * Traces one path; each {@code statistic --mode random} match draws 31 random bits from a SplitMix64
     * generator seeded with {@code seed} and fires when they are below the quantized probability, as the
     * kernel compares {@code random & 0x7FFFFFFF}.
     *
     * @param packet the packet
     * @param entry  {@link Hook#PREROUTING} for a packet arriving on {@code packet.inInterface()},
     *               {@link Hook#OUTPUT} for a locally generated one
     * @param seed   the random seed
     * @return the result with its trace events
     */
    public TraceResult trace(Packet packet, Hook entry, long seed) {
        State st = new State();
        st.reset(packet, Mode.SEEDED, seed, true);
        return result(st, run(st, entry));
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
        State st = new State();
        st.reset(packet, Mode.FIRST, 0, true);
        return result(st, run(st, entry));
    }

    /**
     * Decides a packet like {@link #trace(Packet, Hook, long)} without recording trace events: the hot path,
     * which allocates nothing when the routing does not (e.g. {@link StaticRouting}) and no {@code recent}
     * or unknown match is met.
     *
     * @param packet     the packet
     * @param entry      the entry hook
     * @param seed       the random seed for statistic matches
     * @param translated receives the tuple after NAT: source, source port, destination, destination port
     * @return the verdict
     */
    public TraceResult.Verdict verdict(Packet packet, Hook entry, long seed, int[] translated) {
        State st = reusable;
        st.reset(packet, Mode.SEEDED, seed, false);
        TraceResult.Verdict v = run(st, entry);
        translated[0] = st.source;
        translated[1] = st.sourcePort;
        translated[2] = st.destination;
        translated[3] = st.destinationPort;
        return v;
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
        Deque<boolean[]> pending = new ArrayDeque<>();
        pending.add(new boolean[0]);
        while (!pending.isEmpty()) {
            if (out.size() >= MAX_BRANCHES) {
                throw new IllegalStateException("more than " + MAX_BRANCHES + " statistic branches");
            }
            boolean[] prefix = pending.poll();
            State st = new State();
            st.reset(packet, Mode.PREFIX, 0, true);
            st.prefix = prefix;
            TraceResult r = result(st, run(st, entry));
            if (r.probability() > 0) {
                out.add(r);
            }
            for (int k = prefix.length; k < st.taken.size(); k++) {
                double p = st.chances.get(k);
                boolean other = !st.taken.get(k);
                if ((other && p > 0) || (!other && p < 1)) {
                    boolean[] next = new boolean[k + 1];
                    for (int j = 0; j < k; j++) {
                        next[j] = st.taken.get(j);
                    }
                    next[k] = other;
                    pending.add(next);
                }
            }
        }
        return out;
    }

    private static TraceResult result(State st, TraceResult.Verdict verdict) {
        Tuple original = new Tuple(st.protocol, st.originalSource, st.originalSourcePort, st.originalDestination,
            st.originalDestinationPort);
        Tuple translated = new Tuple(st.protocol, st.source, st.sourcePort, st.destination, st.destinationPort);
        return new TraceResult(st.steps, verdict, original, translated, st.probability, st.mark, st.notes);
    }

    /** The packet and its connection during one run; reused by {@link #verdict}. */
    private static final class State {
        int source;
        int sourcePort;
        int destination;
        int destinationPort;
        int protocol;
        int tcpFlags;
        String in;
        String out;
        int mark;
        int connmark;
        int ctState;
        boolean untracked;
        int originalSource;
        int originalSourcePort;
        int originalDestination;
        int originalDestinationPort;
        double probability;
        boolean record;
        List<TraceStep> steps;
        List<String> notes;
        Map<String, Set<Integer>> recent;
        int stepCount;
        Mode mode;
        long random;
        boolean[] prefix;
        List<Boolean> taken;
        List<Double> chances;
        Node[] stackChain = new Node[32];
        int[][] stackCandidates = new int[32][];
        int[] stackNext = new int[32];

        void reset(Packet p, Mode newMode, long seed, boolean recordSteps) {
            source = p.source();
            sourcePort = p.sourcePort();
            destination = p.destination();
            destinationPort = p.destinationPort();
            protocol = p.protocol();
            tcpFlags = p.tcpFlags();
            in = p.inInterface();
            out = p.outInterface();
            mark = p.mark();
            connmark = 0;
            ctState = p.conntrackState();
            untracked = false;
            originalSource = source;
            originalSourcePort = sourcePort;
            originalDestination = destination;
            originalDestinationPort = destinationPort;
            probability = 1;
            record = recordSteps;
            steps = recordSteps ? new ArrayList<>() : List.of();
            notes = recordSteps ? new ArrayList<>() : null;
            recent = null;
            stepCount = 0;
            mode = newMode;
            random = seed;
            prefix = null;
            taken = newMode == Mode.PREFIX ? new ArrayList<>() : null;
            chances = newMode == Mode.PREFIX ? new ArrayList<>() : null;
        }

        boolean isNew() {
            return !untracked && (ctState & Match.STATE_NEW) != 0;
        }

        void note(String text) {
            if (notes != null) {
                notes.add(text);
            }
        }

        /** SplitMix64: 31 random bits. */
        int nextRandom31() {
            long z = (random += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return (int) (z ^ (z >>> 31)) & 0x7FFFFFFF;
        }

        void push(Node chain, int[] candidates, int next) {
            if (stackChain.length == stackDepth) {
                stackChain = Arrays.copyOf(stackChain, stackDepth * 2);
                stackCandidates = Arrays.copyOf(stackCandidates, stackDepth * 2);
                stackNext = Arrays.copyOf(stackNext, stackDepth * 2);
            }
            stackChain[stackDepth] = chain;
            stackCandidates[stackDepth] = candidates;
            stackNext[stackDepth] = next;
            stackDepth++;
        }

        int stackDepth;
    }

    private static double chance(Match.Statistic s) {
        return s.nth() ? 1.0 / Integer.toUnsignedLong(s.every()) : s.probability();
    }

    private static boolean fires(Match.Statistic s, State st) {
        boolean fires;
        double p = chance(s);
        switch (st.mode) {
            case FIRST:
                fires = s.nth() ? s.packet() == 0 : s.probabilityBits() > 0;
                break;
            case PREFIX: {
                int k = st.taken.size();
                fires = k < st.prefix.length ? st.prefix[k] : p > 0;
                st.taken.add(fires);
                st.chances.add(p);
                break;
            }
            default:
                fires = s.nth() ? s.packet() == 0 : st.nextRandom31() < s.probabilityBits();
        }
        st.probability *= fires ? p : 1 - p;
        return fires;
    }

    /** What a table's traversal of one hook ended with. */
    private enum Outcome { ACCEPT, DROP, REJECT }

    private TraceResult.Verdict run(State st, Hook entry) {
        if (entry != Hook.PREROUTING && entry != Hook.OUTPUT) {
            throw new IllegalArgumentException("a trace starts at PREROUTING or OUTPUT, not " + entry);
        }
        return entry == Hook.PREROUTING ? prerouting(st) : output(st);
    }

    private TraceResult.Verdict prerouting(State st) {
        Outcome o = hook(st, Hook.PREROUTING, PREROUTING_TABLES);
        if (o != Outcome.ACCEPT) {
            return verdictOf(o);
        }
        Routing.RouteDecision route = routing.route(st.source, st.destination, st.in, st.mark);
        if (route.kind() == Routing.RouteDecision.Kind.UNREACHABLE) {
            return TraceResult.Verdict.UNREACHABLE;
        }
        if (route.kind() == Routing.RouteDecision.Kind.LOCAL) {
            String savedOut = st.out;
            st.out = null;
            o = hook(st, Hook.INPUT, INPUT_TABLES);
            st.out = savedOut;
            return verdictOf(o);
        }
        if (st.out == null) {
            st.out = route.outInterface();
        }
        o = hook(st, Hook.FORWARD, FORWARD_TABLES);
        if (o != Outcome.ACCEPT) {
            return verdictOf(o);
        }
        return verdictOf(hook(st, Hook.POSTROUTING, POSTROUTING_TABLES));
    }

    private TraceResult.Verdict output(State st) {
        Routing.RouteDecision route = routing.route(st.source, st.destination, null, st.mark);
        if (route.kind() == Routing.RouteDecision.Kind.UNREACHABLE) {
            return TraceResult.Verdict.UNREACHABLE;
        }
        if (st.out == null) {
            st.out = route.outInterface();
        }
        int destinationBefore = st.destination;
        Outcome o = hook(st, Hook.OUTPUT, OUTPUT_TABLES);
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
        o = hook(st, Hook.OUTPUT, OUTPUT_FILTER_TABLES);
        if (o != Outcome.ACCEPT) {
            return verdictOf(o);
        }
        st.out = rerouted.outInterface();
        o = hook(st, Hook.POSTROUTING, POSTROUTING_TABLES);
        if (o != Outcome.ACCEPT || rerouted.kind() != Routing.RouteDecision.Kind.LOCAL) {
            return verdictOf(o);
        }
        // Looped back through lo: PREROUTING and INPUT again, without nat (the connection is confirmed now).
        boolean untracked = st.untracked;
        st.untracked = true;
        st.in = "lo";
        st.out = null;
        o = hook(st, Hook.PREROUTING, LOOPBACK_PREROUTING_TABLES);
        if (o == Outcome.ACCEPT) {
            o = hook(st, Hook.INPUT, LOOPBACK_INPUT_TABLES);
        }
        st.untracked = untracked;
        return verdictOf(o);
    }

    private static TraceResult.Verdict verdictOf(Outcome o) {
        switch (o) {
            case DROP: return TraceResult.Verdict.DROP;
            case REJECT: return TraceResult.Verdict.REJECT;
            default: return TraceResult.Verdict.ACCEPT;
        }
    }

    private Outcome hook(State st, Hook hook, int[] tables) {
        for (int table : tables) {
            if (table == NAT && !st.isNew()) {
                continue;
            }
            Outcome o = traverse(st, table, hook);
            if (o != Outcome.ACCEPT) {
                return o;
            }
        }
        return Outcome.ACCEPT;
    }

    /** The rules of a chain worth trying for this packet: all (null) or an index's candidate list. */
    private static int[] candidates(Node node, State st) {
        ChainIndex index = node.index;
        return index == null ? null : index.candidates(st.destination, st.protocol, st.destinationPort);
    }

    private Outcome traverse(State st, int table, Hook hook) {
        Node base = bases[table][hook.ordinal()];
        if (base == null) {
            return Outcome.ACCEPT;
        }
        String tableName = TABLES[table];
        st.stackDepth = 0;
        Node node = base;
        int[] candidates = candidates(node, st);
        int i = 0;
        while (true) {
            if (++st.stepCount > MAX_STEPS) {
                st.note("stopped after " + MAX_STEPS + " rules (a loop?)");
                return Outcome.DROP;
            }
            int size = candidates == null ? node.rules.length : candidates.length;
            if (i >= size) {
                if (st.stackDepth == 0) {
                    return policy(st, tableName, base.chain);
                }
                st.stackDepth--;
                node = st.stackChain[st.stackDepth];
                candidates = st.stackCandidates[st.stackDepth];
                i = st.stackNext[st.stackDepth];
                continue;
            }
            int ruleIndex = candidates == null ? i : candidates[i];
            Rule rule = node.rules[ruleIndex];
            i++;
            if (!matches(rule, st)) {
                continue;
            }
            Chain chain = node.chain;
            Target t = rule.target();
            if (t == null) {
                step(st, tableName, chain, "CONTINUE", rule);
            } else if (t instanceof Target.Verdict v) {
                switch (v.name()) {
                    case "ACCEPT":
                        step(st, tableName, chain, "ACCEPT", rule);
                        return Outcome.ACCEPT;
                    case "DROP":
                        step(st, tableName, chain, "DROP", rule);
                        return Outcome.DROP;
                    default:
                        step(st, tableName, chain, TraceStep.RETURN, rule);
                        if (st.stackDepth == 0) {
                            return policy(st, tableName, base.chain);
                        }
                        st.stackDepth--;
                        node = st.stackChain[st.stackDepth];
                        candidates = st.stackCandidates[st.stackDepth];
                        i = st.stackNext[st.stackDepth];
                }
            } else if (t instanceof Target.Jump j) {
                Node to = node.jumps[ruleIndex];
                if (to == null) {
                    st.note("line " + rule.line() + ": chain " + j.chain() + " does not exist; rule ignored");
                    continue;
                }
                if (st.record) {
                    step(st, tableName, chain, (rule.goTo() ? "GOTO:" : "JUMP:") + j.chain(), rule);
                }
                if (!rule.goTo()) {
                    st.push(node, candidates, i);
                }
                node = to;
                candidates = candidates(node, st);
                i = 0;
            } else if (t instanceof Target.Reject) {
                step(st, tableName, chain, "DROP", rule);
                return Outcome.REJECT;
            } else if (isNat(t)) {
                if (table != NAT) {
                    st.note("line " + rule.line() + ": " + t.name() + " outside the nat table ignored");
                    continue;
                }
                applyNat(st, t, hook);
                step(st, tableName, chain, "ACCEPT", rule);
                return Outcome.ACCEPT;
            } else {
                applyNonTerminal(st, t);
                step(st, tableName, chain, "CONTINUE", rule);
            }
        }
    }

    private static void step(State st, String table, Chain chain, String verdict, Rule rule) {
        if (st.record) {
            st.steps.add(new TraceStep(table, chain.name(), verdict, rule));
        }
    }

    private static boolean isNat(Target t) {
        return t instanceof Target.Dnat || t instanceof Target.Snat || t instanceof Target.Masquerade
            || t instanceof Target.Redirect;
    }

    private static Outcome policy(State st, String tableName, Chain base) {
        if (st.record) {
            st.steps.add(new TraceStep(tableName, base.name(), base.policy(), null));
        }
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
            if (hook == Hook.OUTPUT) {
                st.destination = 0x7F000001;
            } else {
                Routing.RouteDecision back = routing.route(st.destination, st.source, null, st.mark);
                if (back.preferredSource() != 0) {
                    st.destination = back.preferredSource();
                }
            }
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
                st.note("MASQUERADE: the routing gave no preferred source address; source kept");
            }
            if (m.ports() != null) {
                st.sourcePort = m.ports().first();
            }
            st.ctState |= Match.STATE_SNAT;
        }
    }

    private static void noteRange(State st, Target.NatRange r) {
        if (st.notes != null && (r.lastAddress() != r.firstAddress()
            || (r.ports() != null && r.ports().first() != r.ports().last()))) {
            st.note("NAT range " + r + ": the kernel picks by hash; the first value is shown");
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

    private boolean matches(Rule r, State st) {
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
        List<Match> matches = r.matches();
        for (int k = 0, n = matches.size(); k < n; k++) {
            if (!matches(matches.get(k), r, st)) {
                return false;
            }
        }
        return true;
    }

    private static boolean interfaceMatches(String pattern, String name) {
        if (name == null) {
            return false;
        }
        int last = pattern.length() - 1;
        if (pattern.charAt(last) == '+') {
            return name.regionMatches(0, pattern, 0, last);
        }
        return name.equals(pattern);
    }

    private static boolean inRange(PortRange range, boolean negated, int port) {
        return range == null || range.contains(port) != negated;
    }

    private int addressType(int address) {
        if ((address >>> 24) == 127 || routing.isLocal(address)) {
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

    private boolean matches(Match m, Rule r, State st) {
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
            return fires(s, st) != s.negated();
        }
        if (m instanceof Match.Recent rc) {
            int key = (rc.source() ? st.source : st.destination) & rc.mask();
            if (st.recent == null) {
                st.recent = new HashMap<>();
            }
            Set<Integer> list = st.recent.computeIfAbsent(rc.listName(), k -> new HashSet<>());
            boolean seen;
            switch (rc.command()) {
                case "set":
                    list.add(key);
                    seen = true;
                    break;
                case "remove":
                    seen = list.remove(key);
                    break;
                default:
                    seen = list.contains(key);
            }
            return seen != rc.negated();
        }
        if (m instanceof Match.Set set) {
            Set<Integer> members = ipSets.get(set.setName());
            if (members == null) {
                st.note("line " + r.line() + ": ipset " + set.setName() + " unknown, treated as empty");
                return set.negated();
            }
            int key = set.directions().startsWith("src") ? st.source : st.destination;
            return members.contains(key) != set.negated();
        }
        st.note("line " + r.line() + ": -m " + m.name() + " is not modelled; treated as not matching");
        return false;
    }

    private static boolean conntrackMatches(Match.Conntrack c, State st) {
        if (c.states() != 0 && ((st.ctState & c.states()) != 0) == c.statesNegated()) {
            return false;
        }
        if (c.protocol() >= 0 && (c.protocol() == st.protocol) == c.protocolNegated()) {
            return false;
        }
        if (!prefix(c.originalSource(), c.originalSourceNegated(), st.originalSource)
            || !prefix(c.originalDestination(), c.originalDestinationNegated(), st.originalDestination)
            || !prefix(c.replySource(), c.replySourceNegated(), st.destination)
            || !prefix(c.replyDestination(), c.replyDestinationNegated(), st.source)) {
            return false;
        }
        if (!inRange(c.originalSourcePort(), (c.portsNegated() & 1) != 0, st.originalSourcePort)
            || !inRange(c.originalDestinationPort(), (c.portsNegated() & 2) != 0, st.originalDestinationPort)
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

    private static boolean prefix(Ipv4Prefix p, boolean negated, int address) {
        return p == null || p.contains(address) != negated;
    }

    /**
     * An index of a chain by (destination /32, protocol, single destination port): for each key, the rules
     * that may match such a packet (the keyed ones plus every rule that is not keyed), in chain order.
     */
    static final class ChainIndex {
        private final long[] keys;
        private final int[][] lists;
        private final int[] unkeyed;
        private final int mask;

        private ChainIndex(long[] keys, int[][] lists, int[] unkeyed) {
            this.keys = keys;
            this.lists = lists;
            this.unkeyed = unkeyed;
            this.mask = keys.length - 1;
        }

        static long keyOf(Rule r) {
            if (r.destination() == null || r.destination().length() != 32 || r.destinationNegated()
                || (r.protocol() != 6 && r.protocol() != 17) || r.protocolNegated()) {
                return -1;
            }
            for (Match m : r.matches()) {
                // Skipping a rule must not skip a side effect (a random draw, a recent-list update).
                if (m instanceof Match.Statistic || m instanceof Match.Recent) {
                    return -1;
                }
            }
            for (Match m : r.matches()) {
                PortRange ports = null;
                boolean negated = true;
                if (m instanceof Match.Tcp t && r.protocol() == 6) {
                    ports = t.destinationPorts();
                    negated = t.destinationNegated();
                } else if (m instanceof Match.Udp u && r.protocol() == 17) {
                    ports = u.destinationPorts();
                    negated = u.destinationNegated();
                }
                if (ports != null && !negated && ports.first() == ports.last()) {
                    return key(r.destination().address(), r.protocol(), ports.first());
                }
            }
            return -1;
        }

        static long key(int destination, int protocol, int port) {
            return (Integer.toUnsignedLong(destination) << 24) | ((long) protocol << 16) | port;
        }

        static ChainIndex build(Chain chain) {
            List<Rule> rules = chain.rules();
            long[] ruleKeys = new long[rules.size()];
            int keyed = 0;
            List<Integer> unkeyed = new ArrayList<>();
            Map<Long, List<Integer>> byKey = new HashMap<>();
            for (int i = 0; i < rules.size(); i++) {
                ruleKeys[i] = keyOf(rules.get(i));
                if (ruleKeys[i] < 0) {
                    unkeyed.add(i);
                } else {
                    keyed++;
                    byKey.computeIfAbsent(ruleKeys[i], k -> new ArrayList<>()).add(i);
                }
            }
            if (keyed < INDEX_THRESHOLD) {
                return null;
            }
            int capacity = Integer.highestOneBit(Math.max(4, byKey.size() * 2)) * 2;
            long[] keys = new long[capacity];
            Arrays.fill(keys, -1);
            int[][] lists = new int[capacity][];
            int[] plain = unkeyed.stream().mapToInt(Integer::intValue).toArray();
            for (Map.Entry<Long, List<Integer>> e : byKey.entrySet()) {
                int[] merged = new int[e.getValue().size() + plain.length];
                int a = 0;
                int b = 0;
                int k = 0;
                List<Integer> mine = e.getValue();
                while (a < mine.size() || b < plain.length) {
                    if (b >= plain.length || (a < mine.size() && mine.get(a) < plain[b])) {
                        merged[k++] = mine.get(a++);
                    } else {
                        merged[k++] = plain[b++];
                    }
                }
                int slot = slot(e.getKey(), capacity - 1);
                while (keys[slot] != -1) {
                    slot = (slot + 1) & (capacity - 1);
                }
                keys[slot] = e.getKey();
                lists[slot] = merged;
            }
            return new ChainIndex(keys, lists, plain);
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }

        int[] candidates(int destination, int protocol, int port) {
            long key = key(destination, protocol, port);
            int slot = slot(key, mask);
            while (true) {
                long k = keys[slot];
                if (k == key) {
                    return lists[slot];
                }
                if (k == -1) {
                    return unkeyed;
                }
                slot = (slot + 1) & mask;
            }
        }
    }
}
