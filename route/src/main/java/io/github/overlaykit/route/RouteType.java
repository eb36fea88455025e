package io.github.overlaykit.route;

/**
 * The kernel's route types ({@code RTN_*}), with the names {@code ip route} prints and what a lookup
 * that ends on such a route answers.
 *
 * <p>The default scope and the error follow {@code fib_props[]} in {@code net/ipv4/fib_semantics.c}.
 */
public enum RouteType {
    /** {@code RTN_UNSPEC} (0). */
    UNSPEC(0, "none", RouteScope.UNIVERSE, null),
    /** {@code RTN_UNICAST} (1): a gateway or a directly connected route. */
    UNICAST(1, "unicast", RouteScope.UNIVERSE, null),
    /** {@code RTN_LOCAL} (2): the destination is this host. */
    LOCAL(2, "local", RouteScope.HOST, null),
    /** {@code RTN_BROADCAST} (3): sent as link broadcast and accepted locally. */
    BROADCAST(3, "broadcast", RouteScope.LINK, null),
    /** {@code RTN_ANYCAST} (4). */
    ANYCAST(4, "anycast", RouteScope.LINK, null),
    /** {@code RTN_MULTICAST} (5). */
    MULTICAST(5, "multicast", RouteScope.UNIVERSE, null),
    /** {@code RTN_BLACKHOLE} (6): dropped silently; a lookup fails with {@code EINVAL}. */
    BLACKHOLE(6, "blackhole", RouteScope.UNIVERSE, RouteLookupError.INVALID_ARGUMENT),
    /** {@code RTN_UNREACHABLE} (7): a lookup fails with {@code EHOSTUNREACH}. */
    UNREACHABLE(7, "unreachable", RouteScope.UNIVERSE, RouteLookupError.NO_ROUTE_TO_HOST),
    /** {@code RTN_PROHIBIT} (8): a lookup fails with {@code EACCES}. */
    PROHIBIT(8, "prohibit", RouteScope.UNIVERSE, RouteLookupError.PERMISSION_DENIED),
    /** {@code RTN_THROW} (9): the lookup continues with the next rule. */
    THROW(9, "throw", RouteScope.UNIVERSE, RouteLookupError.NETWORK_UNREACHABLE),
    /** {@code RTN_NAT} (10): obsolete; the kernel rejects it. */
    NAT(10, "nat", RouteScope.NOWHERE, RouteLookupError.INVALID_ARGUMENT),
    /** {@code RTN_XRESOLVE} (11): obsolete; the kernel rejects it. */
    XRESOLVE(11, "xresolve", RouteScope.NOWHERE, RouteLookupError.INVALID_ARGUMENT);

    private static final RouteType[] BY_NUMBER = values();

    private final int number;
    private final String ipName;
    private final int defaultScope;
    private final RouteLookupError error;

    RouteType(int number, String ipName, int defaultScope, RouteLookupError error) {
        this.number = number;
        this.ipName = ipName;
        this.defaultScope = defaultScope;
        this.error = error;
    }

    /**
     * Returns the kernel's number ({@code rtm_type}).
     *
     * @return 0..11
     */
    public int number() {
        return number;
    }

    /**
     * Returns the name {@code ip route} prints and accepts.
     *
     * @return e.g. {@code "blackhole"}
     */
    public String ipName() {
        return ipName;
    }

    /**
     * Returns the most specific scope a route of this type may have ({@code fib_props[type].scope}).
     *
     * @return a scope number, see {@link RouteScope}
     */
    public int defaultScope() {
        return defaultScope;
    }

    /**
     * Returns the error a lookup that selects this route answers, or null when it forwards.
     *
     * @return the error; {@link #THROW} reports {@link RouteLookupError#NETWORK_UNREACHABLE} if no later
     *         rule matches
     */
    public RouteLookupError error() {
        return error;
    }

    /**
     * Returns the type with the kernel's number.
     *
     * @param number {@code rtm_type}
     * @return the type
     * @throws IllegalArgumentException for numbers above 11
     */
    public static RouteType ofNumber(int number) {
        if (number < 0 || number >= BY_NUMBER.length) {
            throw new IllegalArgumentException("unknown route type " + number);
        }
        return BY_NUMBER[number];
    }

    /**
     * Returns the type {@code ip} names so, or null.
     *
     * @param name e.g. {@code "unreachable"}
     * @return the type, or null if the word is not a type name
     */
    public static RouteType ofIpName(String name) {
        for (RouteType type : BY_NUMBER) {
            if (type.ipName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
