package io.github.overlaykit.route;

/**
 * Route scopes ({@code rtm_scope}): how far away the destination is. Numbers, not an enum, because
 * any 0..255 is legal and {@code ip} prints unnamed ones as decimals ({@code scope 17}).
 *
 * <p>Names are those of iproute2's {@code /etc/iproute2/rt_scopes}.
 */
public final class RouteScope {
    /** {@code RT_SCOPE_UNIVERSE} (0), printed {@code global}. */
    public static final int UNIVERSE = 0;
    /** {@code RT_SCOPE_SITE} (200). */
    public static final int SITE = 200;
    /** {@code RT_SCOPE_LINK} (253): directly attached. */
    public static final int LINK = 253;
    /** {@code RT_SCOPE_HOST} (254): this host. */
    public static final int HOST = 254;
    /** {@code RT_SCOPE_NOWHERE} (255). */
    public static final int NOWHERE = 255;

    private RouteScope() {
    }

    /**
     * Returns the name {@code ip} prints.
     *
     * @param scope 0..255
     * @return {@code global}, {@code site}, {@code link}, {@code host}, {@code nowhere} or the decimal
     */
    public static String name(int scope) {
        switch (scope) {
            case UNIVERSE: return "global";
            case SITE: return "site";
            case LINK: return "link";
            case HOST: return "host";
            case NOWHERE: return "nowhere";
            default: return Integer.toString(scope);
        }
    }

    /**
     * Parses a scope name or number as {@code ip} accepts it.
     *
     * @param text e.g. {@code "link"} or {@code "253"}
     * @return 0..255
     * @throws IllegalArgumentException if the text is neither
     */
    public static int parse(String text) {
        switch (text) {
            case "global": case "universe": return UNIVERSE;
            case "site": return SITE;
            case "link": return LINK;
            case "host": return HOST;
            case "nowhere": return NOWHERE;
            default: return Names.parseNumber(text, 255, "scope");
        }
    }
}
