package io.github.overlaykit.route;

/**
 * Route protocols ({@code rtm_protocol}): who installed a route. Any 0..255 is legal; names are
 * iproute2 6.1's {@code /etc/iproute2/rt_protos}.
 */
public final class RouteProtocol {
    /** {@code RTPROT_UNSPEC} (0). */
    public static final int UNSPEC = 0;
    /** {@code RTPROT_REDIRECT} (1). */
    public static final int REDIRECT = 1;
    /** {@code RTPROT_KERNEL} (2): made by the kernel for an address. */
    public static final int KERNEL = 2;
    /** {@code RTPROT_BOOT} (3): the default for {@code ip route add}; not printed. */
    public static final int BOOT = 3;
    /** {@code RTPROT_STATIC} (4). */
    public static final int STATIC = 4;
    /** {@code RTPROT_DHCP} (16). */
    public static final int DHCP = 16;
    /** {@code RTPROT_BGP} (186). */
    public static final int BGP = 186;

    private static final String[] NAMES = new String[256];

    static {
        String[] pairs = {"0", "unspec", "1", "redirect", "2", "kernel", "3", "boot", "4", "static", "8", "gated",
            "9", "ra", "10", "mrt", "11", "zebra", "12", "bird", "13", "dnrouted", "14", "xorp", "15", "ntk",
            "16", "dhcp", "18", "keepalived", "42", "babel", "99", "openr", "186", "bgp", "187", "isis",
            "188", "ospf", "189", "rip", "192", "eigrp"};
        for (int i = 0; i < pairs.length; i += 2) {
            NAMES[Integer.parseInt(pairs[i])] = pairs[i + 1];
        }
    }

    private RouteProtocol() {
    }

    /**
     * Returns the name {@code ip} prints.
     *
     * @param protocol 0..255
     * @return e.g. {@code "kernel"}, or the decimal for unnamed numbers
     */
    public static String name(int protocol) {
        String name = protocol >= 0 && protocol < 256 ? NAMES[protocol] : null;
        return name != null ? name : Integer.toString(protocol);
    }

    /**
     * Parses a protocol name or number.
     *
     * @param text e.g. {@code "static"} or {@code "77"}
     * @return 0..255
     * @throws IllegalArgumentException if the text is neither
     */
    public static int parse(String text) {
        for (int i = 0; i < NAMES.length; i++) {
            if (text.equals(NAMES[i])) {
                return i;
            }
        }
        return Names.parseNumber(text, 255, "protocol");
    }
}
