package io.github.overlaykit.iptables;

/**
 * A reason iptables-restore would refuse a ruleset, tied to the rule that causes it.
 *
 * @param line    1-based source line of the rule (0 for rules made in code or chain-level problems)
 * @param table   the table
 * @param chain   the chain
 * @param message what iptables reports, e.g. {@code Chain 'NOPE' does not exist}
 */
public record ValidationError(int line, String table, String chain, String message) {

    /**
     * Returns {@code line N: table/chain: message}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "line " + line + ": " + table + "/" + chain + ": " + message;
    }
}
