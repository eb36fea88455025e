package io.github.overlaykit.iptables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles a ruleset in code: tables get their built-in chains (policy ACCEPT) when first named, user
 * chains when declared or first appended to.
 *
 * <pre>{@code
 * Ruleset rules = new RulesetBuilder()
 *     .policy("filter", "FORWARD", "DROP")
 *     .append("nat", RuleBuilder.append("OUTPUT").jump("KUBE-SERVICES").build())
 *     .build();
 * String restoreInput = rules.toRestore();
 * }</pre>
 */
public final class RulesetBuilder {
    private final Map<String, Map<String, List<Rule>>> tables = new LinkedHashMap<>();
    private final Map<String, String> policies = new LinkedHashMap<>();

    /** Creates an empty builder. */
    public RulesetBuilder() {
    }

    private Map<String, List<Rule>> table(String name) {
        return tables.computeIfAbsent(name, n -> {
            List<String> builtins = Table.builtinChains(n);
            if (builtins == null) {
                throw new IllegalArgumentException("unknown table " + n);
            }
            Map<String, List<Rule>> chains = new LinkedHashMap<>();
            builtins.forEach(b -> chains.put(b, new ArrayList<>()));
            return chains;
        });
    }

    /**
     * Declares a user chain (or does nothing if it exists).
     *
     * @param table the table
     * @param chain the chain
     * @return this
     */
    public RulesetBuilder chain(String table, String chain) {
        table(table).computeIfAbsent(chain, c -> new ArrayList<>());
        return this;
    }

    /**
     * Sets a built-in chain's policy.
     *
     * @param table  the table
     * @param chain  the built-in chain
     * @param policy {@code ACCEPT} or {@code DROP}
     * @return this
     */
    public RulesetBuilder policy(String table, String chain, String policy) {
        if (!Table.builtinChains(table).contains(chain)) {
            throw new IllegalArgumentException(chain + " is not a built-in chain of " + table);
        }
        table(table);
        policies.put(table + "/" + chain, policy);
        return this;
    }

    /**
     * Appends a rule to its chain, declaring the chain if needed.
     *
     * @param table the table
     * @param rule  the rule
     * @return this
     */
    public RulesetBuilder append(String table, Rule rule) {
        table(table).computeIfAbsent(rule.chain(), c -> new ArrayList<>()).add(rule);
        return this;
    }

    /**
     * Appends every rule of another ruleset (e.g. one rendered by {@link KubeProxyRenderer}).
     *
     * @param other the rules to add
     * @return this
     */
    public RulesetBuilder appendAll(Ruleset other) {
        for (Table t : other.tables()) {
            for (Chain c : t.chains()) {
                if (c.builtin() && !c.policy().equals("ACCEPT")) {
                    policy(t.name(), c.name(), c.policy());
                }
                chain(t.name(), c.name());
                for (Rule r : c.rules()) {
                    append(t.name(), r);
                }
            }
        }
        return this;
    }

    /**
     * Builds the ruleset.
     *
     * @return the ruleset
     */
    public Ruleset build() {
        List<Table> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Rule>>> t : tables.entrySet()) {
            List<Chain> chains = new ArrayList<>();
            List<String> builtins = Table.builtinChains(t.getKey());
            for (Map.Entry<String, List<Rule>> c : t.getValue().entrySet()) {
                String policy = builtins.contains(c.getKey())
                    ? policies.getOrDefault(t.getKey() + "/" + c.getKey(), "ACCEPT") : null;
                chains.add(new Chain(c.getKey(), policy, Counters.ZERO, c.getValue()));
            }
            out.add(new Table(t.getKey(), chains, true));
        }
        return new Ruleset(out);
    }
}
