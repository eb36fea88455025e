package io.github.overlaykit.route;

/**
 * Routing table identifiers: numbers 1..2^32-1, some with names ({@code /etc/iproute2/rt_tables}).
 */
public final class RouteTable {
    /** {@code RT_TABLE_UNSPEC} (0). */
    public static final int UNSPEC = 0;
    /** {@code RT_TABLE_DEFAULT} (253). */
    public static final int DEFAULT = 253;
    /** {@code RT_TABLE_MAIN} (254): where routes go unless a table is named. */
    public static final int MAIN = 254;
    /** {@code RT_TABLE_LOCAL} (255): local and broadcast addresses, consulted first. */
    public static final int LOCAL = 255;

    private RouteTable() {
    }

    /**
     * Returns the name {@code ip} prints.
     *
     * @param table the table id
     * @return {@code local}, {@code main}, {@code default}, {@code unspec} or the decimal (unsigned)
     */
    public static String name(int table) {
        switch (table) {
            case UNSPEC: return "unspec";
            case DEFAULT: return "default";
            case MAIN: return "main";
            case LOCAL: return "local";
            default: return Integer.toUnsignedString(table);
        }
    }

    /**
     * Parses a table name or number.
     *
     * @param text e.g. {@code "main"} or {@code "100"}
     * @return the id
     * @throws IllegalArgumentException if the text is neither
     */
    public static int parse(String text) {
        switch (text) {
            case "unspec": return UNSPEC;
            case "default": return DEFAULT;
            case "main": return MAIN;
            case "local": return LOCAL;
            default: return (int) Names.parseUnsigned(text, 0xFFFF_FFFFL, "table");
        }
    }
}
