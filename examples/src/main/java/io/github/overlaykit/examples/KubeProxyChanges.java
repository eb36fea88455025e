package io.github.overlaykit.examples;

import io.github.overlaykit.iptables.Chain;
import io.github.overlaykit.iptables.Rule;
import io.github.overlaykit.iptables.Ruleset;
import io.github.overlaykit.iptables.Table;
import io.github.overlaykit.iptables.ValidationError;
import io.github.overlaykit.iptables.Validator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What separates the loaded iptables state from the rendered kube-proxy ruleset, restricted to what
 * kube-proxy owns: the user chains it declares, stale service and endpoint chains of earlier runs, and
 * its jump rules in the built-in chains. Printed as a diff in iptables-save syntax and turned into the
 * {@code iptables-restore --noflush} input that closes the gap.
 *
 * <p>Like kube-proxy, a jump rule counts as present anywhere in its built-in chain (it is inserted at the
 * top when missing, {@code iptables -I}), and other software's rules and chains are left alone.
 */
final class KubeProxyChanges {
    /** Tables kube-proxy's iptables mode writes. */
    static final List<String> TABLES = List.of("filter", "nat");
    /** Chains kube-proxy makes per service or endpoint and deletes once the service or endpoint is gone. */
    private static final List<String> SERVICE_CHAIN_PREFIXES =
        List.of("KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-SEP-", "KUBE-XLB-");
    /** Beyond this many cells the rule diff of one chain is not minimised (memory stays small). */
    private static final long MAX_DIFF_CELLS = 4_000_000;

    /** Changes to one table. */
    record TableChanges(String table, List<String> diff, List<String> staleChains, List<Rule> missingJumps,
                        int chainsAdded, int rulesAdded, int rulesRemoved) {
    }

    private final List<TableChanges> tables = new ArrayList<>();
    private int ownedChains;
    private int ownedRules;

    private KubeProxyChanges() {
    }

    /**
     * Compares.
     *
     * @param wanted the rendered ruleset (kube-proxy's restore input and its jump rules)
     * @param loaded what iptables-save printed
     * @return the changes
     */
    static KubeProxyChanges between(Ruleset wanted, Ruleset loaded) {
        KubeProxyChanges changes = new KubeProxyChanges();
        for (String name : TABLES) {
            changes.compare(wanted.table(name), loaded.table(name), name);
        }
        return changes;
    }

    private void compare(Table wanted, Table loaded, String name) {
        List<String> declarations = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<Rule> missingJumps = new ArrayList<>();
        int chainsAdded = 0;
        int rulesAdded = 0;
        int rulesRemoved = 0;
        TreeSet<String> userChains = new TreeSet<>();
        if (wanted != null) {
            for (Chain c : wanted.chains()) {
                if (c.builtin()) {
                    Chain have = loaded == null ? null : loaded.chain(c.name());
                    List<String> present = have == null ? List.of() : saved(have.rules());
                    for (Rule jump : c.rules()) {
                        ownedRules++;
                        if (!present.contains(jump.toSave())) {
                            missingJumps.add(jump);
                            rules.add("+" + jump.toSave());
                            rulesAdded++;
                        }
                    }
                } else {
                    userChains.add(c.name());
                }
            }
        }
        if (loaded != null) {
            for (Chain c : loaded.chains()) {
                if (!c.builtin() && !userChains.contains(c.name()) && isServiceChain(c.name())) {
                    userChains.add(c.name());
                    stale.add(c.name());
                }
            }
        }
        // user chains in the order iptables-save prints them: by name
        for (String chain : userChains) {
            Chain want = wanted == null ? null : wanted.chain(chain);
            Chain have = loaded == null ? null : loaded.chain(chain);
            List<String> wantRules = want == null ? List.of() : saved(want.rules());
            List<String> haveRules = have == null ? List.of() : saved(have.rules());
            if (want != null) {
                ownedChains++;
                ownedRules += wantRules.size();
            }
            if (have == null) {
                declarations.add("+:" + chain + " - [0:0]");
                chainsAdded++;
            } else if (want == null) {
                declarations.add("-:" + chain + " - [0:0]");
            }
            int before = rules.size();
            diff(wantRules, haveRules, rules);
            for (String line : rules.subList(before, rules.size())) {
                if (line.charAt(0) == '+') {
                    rulesAdded++;
                } else {
                    rulesRemoved++;
                }
            }
        }
        List<String> diff = new ArrayList<>();
        if (!declarations.isEmpty() || !rules.isEmpty()) {
            diff.add("*" + name);
            diff.addAll(declarations);
            diff.addAll(rules);
        }
        tables.add(new TableChanges(name, diff, stale, missingJumps, chainsAdded, rulesAdded, rulesRemoved));
    }

    private static boolean isServiceChain(String chain) {
        return SERVICE_CHAIN_PREFIXES.stream().anyMatch(chain::startsWith);
    }

    private static List<String> saved(List<Rule> rules) {
        return rules.stream().map(Rule::toSave).toList();
    }

    /**
     * Appends {@code +}/{@code -} lines that turn {@code have} into {@code want}: a longest-common-subsequence
     * diff between the common head and tail, so a changed endpoint shows as one line out and one in.
     */
    private static void diff(List<String> want, List<String> have, List<String> out) {
        int head = 0;
        while (head < want.size() && head < have.size() && want.get(head).equals(have.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < want.size() - head && tail < have.size() - head
            && want.get(want.size() - 1 - tail).equals(have.get(have.size() - 1 - tail))) {
            tail++;
        }
        List<String> w = want.subList(head, want.size() - tail);
        List<String> h = have.subList(head, have.size() - tail);
        if ((long) w.size() * h.size() > MAX_DIFF_CELLS) {
            h.forEach(line -> out.add("-" + line));
            w.forEach(line -> out.add("+" + line));
            return;
        }
        int[][] common = new int[w.size() + 1][h.size() + 1];
        for (int i = w.size() - 1; i >= 0; i--) {
            for (int j = h.size() - 1; j >= 0; j--) {
                common[i][j] = w.get(i).equals(h.get(j)) ? common[i + 1][j + 1] + 1
                    : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < w.size() || j < h.size()) {
            if (i < w.size() && j < h.size() && w.get(i).equals(h.get(j))) {
                i++;
                j++;
            } else if (j < h.size() && (i == w.size() || common[i][j + 1] >= common[i + 1][j])) {
                out.add("-" + h.get(j++));
            } else {
                out.add("+" + w.get(i++));
            }
        }
    }

    /**
     * Tells whether the loaded state already holds everything kube-proxy owns, exactly.
     *
     * @return true when there is nothing to apply
     */
    boolean isEmpty() {
        return tables.stream().allMatch(t -> t.diff().isEmpty());
    }

    /**
     * Returns the diff: per changed table {@code *table}, then {@code +:CHAIN}/{@code -:CHAIN} for chains
     * to create or delete, then {@code +-A …}/{@code --A …} for rules, in iptables-save syntax and order.
     *
     * @return the lines, empty when nothing differs
     */
    List<String> diffLines() {
        List<String> out = new ArrayList<>();
        tables.forEach(t -> out.addAll(t.diff()));
        return out;
    }

    /**
     * Returns a one-line summary for the end of the diff.
     *
     * @return e.g. {@code # to add: 3 chains, 9 rules; to remove: 1 chain, 2 rules}
     */
    String summary() {
        if (isEmpty()) {
            return "# up to date: kube-proxy's " + count(ownedChains, "chain") + " and " + count(ownedRules, "rule")
                + " are loaded";
        }
        int chainsAdded = 0;
        int chainsRemoved = 0;
        int rulesAdded = 0;
        int rulesRemoved = 0;
        for (TableChanges t : tables) {
            chainsAdded += t.chainsAdded();
            chainsRemoved += t.staleChains().size();
            rulesAdded += t.rulesAdded();
            rulesRemoved += t.rulesRemoved();
        }
        return "# to add: " + count(chainsAdded, "chain") + ", " + count(rulesAdded, "rule") + "; to remove: "
            + count(chainsRemoved, "chain") + ", " + count(rulesRemoved, "rule");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * Builds the input for {@code iptables-restore --noflush}, as kube-proxy writes it: the rendered rules
     * (declaring a chain flushes it, so every owned chain is rewritten whole), each stale chain declared
     * (flushed) and deleted with {@code -X} in the same transaction, and each missing jump inserted at the
     * top of its built-in chain.
     *
     * @param rendered kube-proxy's restore input as {@code KubeProxyRenderer.render} made it
     * @return the restore input
     */
    String restoreInput(String rendered) {
        StringBuilder out = new StringBuilder();
        TableChanges table = null;
        for (String line : rendered.split("\n")) {
            if (line.equals("COMMIT") && table != null) {
                // reversed, because each -I puts its rule above the previous one
                List<Rule> jumps = table.missingJumps();
                for (int k = jumps.size() - 1; k >= 0; k--) {
                    Rule jump = jumps.get(k);
                    String rule = jump.toSave();
                    out.append("-I ").append(jump.chain()).append(" 1")
                        .append(rule, ("-A " + jump.chain()).length(), rule.length()).append('\n');
                }
                for (String chain : table.staleChains()) {
                    out.append("-X ").append(chain).append('\n');
                }
            }
            out.append(line).append('\n');
            if (line.startsWith("*")) {
                table = changes(line.substring(1));
                if (table != null) {
                    for (String chain : table.staleChains()) {
                        out.append(':').append(chain).append(" - [0:0]\n");
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Returns the load errors a state has that the state before it had not (the kernel accepted those), e.g.
     * another tool's rule still jumping to a stale chain that the change deletes.
     *
     * @param before the loaded state
     * @param after  the state the restore input would leave
     * @return {@code table/chain: message} per new problem
     */
    static List<String> newProblems(Ruleset before, Ruleset after) {
        Set<String> known = new HashSet<>();
        Validator.validate(before).forEach(e -> known.add(problem(e)));
        return Validator.validate(after).stream().map(KubeProxyChanges::problem).filter(p -> !known.contains(p))
            .toList();
    }

    /** Without the line number: it counts lines of text the user never sees. */
    private static String problem(ValidationError e) {
        return e.table() + "/" + e.chain() + ": " + e.message();
    }

    private TableChanges changes(String table) {
        return tables.stream().filter(t -> t.table().equals(table)).findFirst().orElse(null);
    }
}
