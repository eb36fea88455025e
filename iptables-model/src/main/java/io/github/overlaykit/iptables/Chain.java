package io.github.overlaykit.iptables;

import java.util.List;
import java.util.Objects;

/**
 * A chain of a table: a built-in chain has a policy ({@code ACCEPT} or {@code DROP}), a user chain has
 * none ({@code -} in save text).
 *
 * @param name     the chain name (at most 28 characters for the kernel)
 * @param policy   {@code ACCEPT}/{@code DROP} for a built-in chain, null for a user chain
 * @param counters the policy counters ({@code [p:b]} of the declaration)
 * @param rules    the rules in order
 */
public record Chain(String name, String policy, Counters counters, List<Rule> rules) {

    /**
     * Checks and copies.
     *
     * @param name     the chain name
     * @param policy   the policy or null
     * @param counters the counters
     * @param rules    the rules
     */
    public Chain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(counters, "counters");
        rules = List.copyOf(rules);
    }

    /**
     * Tells whether this is a built-in chain (it has a policy).
     *
     * @return true for INPUT, PREROUTING, …
     */
    public boolean builtin() {
        return policy != null;
    }
}
