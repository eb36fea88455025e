package io.github.overlaykit.codec;

/**
 * The link-layer header types (tcpdump.org {@code LINKTYPE_*} values) that the capture readers,
 * writers and {@link TcpdumpPrinter} understand. Other values are kept as they are and reported as
 * unsupported by the printer, never rejected by the readers.
 */
public final class LinkType {
    /** {@code LINKTYPE_ETHERNET} (1): an Ethernet II header, possibly with 802.1Q/802.1ad tags. */
    public static final int ETHERNET = 1;
    /** {@code LINKTYPE_RAW} (101): a raw IPv4 or IPv6 packet, no link header. */
    public static final int RAW = 101;
    /** {@code LINKTYPE_LINUX_SLL} (113): Linux cooked capture v1, what {@code tcpdump -i any} writes. */
    public static final int LINUX_SLL = 113;
    /** {@code LINKTYPE_IPV4} (228): a raw IPv4 packet, no link header. */
    public static final int IPV4 = 228;
    /** {@code LINKTYPE_LINUX_SLL2} (276): Linux cooked capture v2 (adds the interface index). */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /**
     * Returns the name libpcap gives the link type ({@code pcap_datalink_val_to_name}).
     *
     * @param linkType a {@code LINKTYPE_*} value
     * @return e.g. {@code "EN10MB"}, or {@code "DLT_n"} style text for types this library does not know
     */
    public static String name(int linkType) {
        return switch (linkType) {
            case ETHERNET -> "EN10MB";
            case RAW -> "RAW";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> Integer.toString(linkType);
        };
    }

    /**
     * Returns the description libpcap gives the link type ({@code pcap_datalink_val_to_description}).
     *
     * @param linkType a {@code LINKTYPE_*} value
     * @return e.g. {@code "Ethernet"}
     */
    public static String description(int linkType) {
        return switch (linkType) {
            case ETHERNET -> "Ethernet";
            case RAW -> "Raw IP";
            case LINUX_SLL -> "Linux cooked v1";
            case IPV4 -> "Raw IPv4";
            case LINUX_SLL2 -> "Linux cooked v2";
            default -> "unknown";
        };
    }

    /**
     * Says whether {@link TcpdumpPrinter} and the parser can decode frames of this link type.
     *
     * @param linkType a {@code LINKTYPE_*} value
     * @return true for {@link #ETHERNET}, {@link #RAW}, {@link #IPV4}, {@link #LINUX_SLL} and {@link #LINUX_SLL2}
     */
    public static boolean isSupported(int linkType) {
        return linkType == ETHERNET || linkType == RAW || linkType == IPV4 || linkType == LINUX_SLL
                || linkType == LINUX_SLL2;
    }
}
