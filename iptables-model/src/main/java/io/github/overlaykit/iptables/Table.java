package io.github.overlaykit.iptables;

import java.util.List;
import java.util.Objects;

/**
 * A table ({@code filter}, {@code nat}, {@code mangle}, {@code raw}, {@code security}) with its chains in
 * the order they were declared.
 *
 * @param name     the table name
 * @param chains   the chains, built-in ones included
 * @param declared whether the input declared a chain or a rule in it (iptables-nft creates only such tables)
 */
public record Table(String name, List<Chain> chains, boolean declared) {

    /** Table names iptables knows, in the fixed order iptables-nft-save prints them. */
    public static final List<String> NFT_ORDER = List.of("mangle", "security", "raw", "filter", "nat");

    /**
     * Checks and copies.
     *
     * @param name     the table name
     * @param chains   the chains
     * @param declared whether anything was declared in it
     */
    public Table {
        Objects.requireNonNull(name, "name");
        chains = List.copyOf(chains);
    }

    private static final List<String> FILTER_CHAINS = List.of("INPUT", "FORWARD", "OUTPUT");
    private static final List<String> NAT_CHAINS = List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
    private static final List<String> MANGLE_CHAINS = List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");
    private static final List<String> RAW_CHAINS = List.of("PREROUTING", "OUTPUT");

    /**
     * Returns the built-in chains of a table in hook order, or null for an unknown table.
     *
     * @param table the table name
     * @return e.g. {@code [PREROUTING, INPUT, OUTPUT, POSTROUTING]} for nat
     */
    public static List<String> builtinChains(String table) {
        switch (table) {
            case "filter":
            case "security":
                return FILTER_CHAINS;
            case "nat":
                return NAT_CHAINS;
            case "mangle":
                return MANGLE_CHAINS;
            case "raw":
                return RAW_CHAINS;
            default:
                return null;
        }
    }

    /**
     * Finds a chain by name.
     *
     * @param chainName the name
     * @return the chain, or null if the table has none of that name
     */
    public Chain chain(String chainName) {
        for (Chain c : chains) {
            if (c.name().equals(chainName)) {
                return c;
            }
        }
        return null;
    }
}
