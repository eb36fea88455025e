package io.github.overlaykit.iptables;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the errors iptables-restore 1.8.9 reports when it loads a ruleset (reference §3.6): jumps to
 * chains that do not exist or to built-in chains, chain loops, the nf_tables jump depth limit, NAT targets
 * reachable from hooks where the kernel forbids them, {@code DROP} in nat, names longer than 28
 * characters, and option dependencies ({@code --dport} or {@code -m tcp} without {@code -p tcp},
 * {@code --reject-with tcp-reset} without {@code -p tcp}, NAT ports without a port protocol, {@code -i}/
 * {@code -o} on hooks that have no such interface, raw-only targets elsewhere).
 */
public final class Validator {
    /** nf_tables refuses a 16th nested user chain below a base chain ({@code Too many links}). */
    public static final int NFT_MAX_JUMP_DEPTH = 15;
    /** Longest chain name the kernel accepts. */
    public static final int MAX_CHAIN_NAME = 28;

    private Validator() {
    }

    /**
     * Validates for the nft backend (the stricter one: it also limits jump depth).
     *
     * @param ruleset the ruleset
     * @return the errors, empty when iptables-restore would load it
     */
    public static List<ValidationError> validate(Ruleset ruleset) {
        return validate(ruleset, SaveFormat.Backend.NFT);
    }

    /**
     * Validates for a backend.
     *
     * @param ruleset the ruleset
     * @param backend nft limits the jump depth, legacy does not
     * @return the errors in table, chain and rule order
     */
    public static List<ValidationError> validate(Ruleset ruleset, SaveFormat.Backend backend) {
        List<ValidationError> errors = new ArrayList<>();
        for (Table table : ruleset.tables()) {
            validateTable(table, backend, errors);
        }
        return errors;
    }

    private static void validateTable(Table table, SaveFormat.Backend backend, List<ValidationError> errors) {
        Map<String, Chain> chains = new HashMap<>();
        for (Chain c : table.chains()) {
            chains.put(c.name(), c);
            if (c.name().length() > MAX_CHAIN_NAME) {
                int line = c.rules().isEmpty() ? 0 : c.rules().get(0).line();
                errors.add(new ValidationError(line, table.name(), c.name(), "chain name `" + c.name()
                    + "' too long (must be under " + (MAX_CHAIN_NAME + 1) + " chars)"));
            }
        }
        for (Chain c : table.chains()) {
            for (Rule r : c.rules()) {
                checkRule(table, c, r, chains, errors);
            }
        }
        // Loops and depth: walk from every chain; a chain on the current path again is a loop.
        Set<String> reported = new HashSet<>();
        for (Chain c : table.chains()) {
            findLoops(table, c, chains, new ArrayList<>(), reported, errors);
        }
        if (!reported.isEmpty()) {
            return;
        }
        Map<String, EnumSet<Hook>> hooksOf = new HashMap<>();
        for (Chain c : table.chains()) {
            if (c.builtin()) {
                Hook hook = Hook.valueOf(c.name());
                walkHooks(c, hook, chains, hooksOf, 0, table, backend, errors, new HashSet<>());
            }
        }
        for (Chain c : table.chains()) {
            EnumSet<Hook> hooks = hooksOf.get(c.name());
            if (hooks == null) {
                continue;
            }
            for (Rule r : c.rules()) {
                checkHooks(table, c, r, hooks, errors);
            }
        }
    }

    private static void checkRule(Table table, Chain chain, Rule r, Map<String, Chain> chains,
                                  List<ValidationError> errors) {
        Target t = r.target();
        if (t instanceof Target.Jump j) {
            Chain to = chains.get(j.chain());
            if (to == null) {
                errors.add(error(table, chain, r, "Chain '" + j.chain() + "' does not exist"));
            } else if (to.builtin()) {
                errors.add(error(table, chain, r, "cannot jump to built-in chain " + j.chain()));
            }
        }
        String tableName = table.name();
        if (t instanceof Target.Dnat || t instanceof Target.Snat || t instanceof Target.Masquerade
            || t instanceof Target.Redirect) {
            if (!tableName.equals("nat")) {
                errors.add(error(table, chain, r, t.name() + ": only valid in nat table, not " + tableName));
            }
        }
        if (tableName.equals("nat") && t instanceof Target.Verdict v && v.name().equals("DROP")) {
            errors.add(error(table, chain, r,
                "The \"nat\" table is not intended for filtering, the use of DROP is therefore inhibited."));
        }
        if ((t instanceof Target.Plain p && (p.name().equals("TRACE") || p.name().equals("NOTRACK"))
            || t instanceof Target.Opaque o && o.name().equals("CT")) && !tableName.equals("raw")) {
            errors.add(error(table, chain, r, t.name() + ": only valid in raw table, not " + tableName));
        }
        int proto = r.protocolNegated() ? -1 : r.protocol();
        boolean portProtocol = proto == 6 || proto == 17 || proto == 132 || proto == 33 || proto == 136;
        for (Match m : r.matches()) {
            if (m instanceof Match.Tcp && proto != 6) {
                errors.add(error(table, chain, r, "tcp match: only valid for protocol 6"));
            } else if (m instanceof Match.Udp && proto != 17) {
                errors.add(error(table, chain, r, "udp match: only valid for protocol 17"));
            } else if (m instanceof Match.Icmp && proto != 1) {
                errors.add(error(table, chain, r, "icmp match: only valid for protocol 1"));
            } else if (m instanceof Match.Multiport && !portProtocol) {
                errors.add(error(table, chain, r,
                    "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'"));
            }
        }
        if (t instanceof Target.Reject rej && rej.with().equals("tcp-reset") && proto != 6) {
            errors.add(error(table, chain, r, "REJECT: TCP_RESET invalid for non-tcp"));
        }
        boolean natPorts = t instanceof Target.Dnat d && d.range().ports() != null
            || t instanceof Target.Snat s && s.range().ports() != null
            || t instanceof Target.Masquerade ma && ma.ports() != null
            || t instanceof Target.Redirect re && re.ports() != null;
        if (natPorts && !portProtocol) {
            errors.add(error(table, chain, r, t.name() + ": Need TCP, UDP, SCTP or DCCP with port specification"));
        }
        if (chain.builtin()) {
            if (r.inInterface() != null && (chain.name().equals("OUTPUT") || chain.name().equals("POSTROUTING"))) {
                errors.add(error(table, chain, r, "Can't use -i with " + chain.name()));
            }
            if (r.outInterface() != null && (chain.name().equals("PREROUTING") || chain.name().equals("INPUT"))) {
                errors.add(error(table, chain, r, "Can't use -o with " + chain.name()));
            }
        }
    }

    private static void checkHooks(Table table, Chain chain, Rule r, EnumSet<Hook> hooks,
                                   List<ValidationError> errors) {
        Target t = r.target();
        EnumSet<Hook> allowed;
        if (t instanceof Target.Dnat || t instanceof Target.Redirect) {
            allowed = EnumSet.of(Hook.PREROUTING, Hook.OUTPUT);
        } else if (t instanceof Target.Snat) {
            allowed = EnumSet.of(Hook.POSTROUTING, Hook.INPUT);
        } else if (t instanceof Target.Masquerade) {
            allowed = EnumSet.of(Hook.POSTROUTING);
        } else {
            return;
        }
        if (!table.name().equals("nat")) {
            return;
        }
        for (Hook h : hooks) {
            if (!allowed.contains(h)) {
                errors.add(error(table, chain, r, t.name() + " is not allowed from " + h
                    + " (allowed: " + allowed + "): Invalid argument"));
                return;
            }
        }
    }

    private static void walkHooks(Chain chain, Hook hook, Map<String, Chain> chains, Map<String, EnumSet<Hook>> hooksOf,
                                  int depth, Table table, SaveFormat.Backend backend, List<ValidationError> errors,
                                  Set<String> depthReported) {
        hooksOf.computeIfAbsent(chain.name(), k -> EnumSet.noneOf(Hook.class)).add(hook);
        for (Rule r : chain.rules()) {
            if (r.target() instanceof Target.Jump j) {
                Chain to = chains.get(j.chain());
                if (to == null || to.builtin()) {
                    continue;
                }
                if (backend == SaveFormat.Backend.NFT && depth + 1 > NFT_MAX_JUMP_DEPTH) {
                    if (depthReported.add(chain.name() + ">" + to.name())) {
                        errors.add(error(table, chain, r, "Too many links: jump to " + to.name() + " is level "
                            + (depth + 1) + " below " + hook + " (nf_tables allows " + NFT_MAX_JUMP_DEPTH + ")"));
                    }
                    continue;
                }
                walkHooks(to, hook, chains, hooksOf, depth + 1, table, backend, errors, depthReported);
            }
        }
    }

    private static void findLoops(Table table, Chain chain, Map<String, Chain> chains, List<String> path,
                                  Set<String> reported, List<ValidationError> errors) {
        path.add(chain.name());
        for (Rule r : chain.rules()) {
            if (!(r.target() instanceof Target.Jump j)) {
                continue;
            }
            Chain to = chains.get(j.chain());
            if (to == null || to.builtin()) {
                continue;
            }
            int at = path.indexOf(to.name());
            if (at >= 0) {
                List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
                java.util.Collections.sort(cycle);
                if (reported.add(String.join(">", cycle))) {
                    errors.add(error(table, chain, r, "Too many links: loop " + String.join(" -> ",
                        path.subList(at, path.size())) + " -> " + to.name()));
                }
                continue;
            }
            if (path.size() <= 64) {
                findLoops(table, to, chains, path, reported, errors);
            }
        }
        path.remove(path.size() - 1);
    }

    private static ValidationError error(Table table, Chain chain, Rule r, String message) {
        return new ValidationError(r.line(), table.name(), chain.name(), message);
    }
}
