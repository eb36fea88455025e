package io.github.overlaykit.iptables;

/**
 * One event of a trace, as {@code xtables-monitor --trace} prints it: a rule that matched with the
 * kernel's verdict word ({@code JUMP:CHAIN}, {@code GOTO:CHAIN}, {@code CONTINUE}, {@code ACCEPT},
 * {@code DROP}, {@code 0xfffffffb} for RETURN), or a built-in chain's policy.
 *
 * @param table   the table
 * @param chain   the chain
 * @param verdict the verdict word; for a policy event the policy
 * @param rule    the rule that matched, or null for a policy event
 */
public record TraceStep(String table, String chain, String verdict, Rule rule) {

    /** The kernel prints RETURN as the raw nf_tables verdict code. */
    public static final String RETURN = "0xfffffffb";

    /**
     * Returns the line: {@code table:chain:VERDICT | -A CHAIN …} or {@code table:chain:policy:ACCEPT }.
     *
     * @return the trace line
     */
    @Override
    public String toString() {
        if (rule == null) {
            return table + ":" + chain + ":policy:" + verdict + " ";
        }
        return table + ":" + chain + ":" + verdict + " | " + rule.toSave();
    }
}
