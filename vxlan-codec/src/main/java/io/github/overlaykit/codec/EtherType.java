package io.github.overlaykit.codec;

/**
 * EtherType values (IEEE 802.3 clause 3.2.6, IANA "IEEE 802 Numbers") as {@code int} constants, so hot
 * paths compare raw values and unknown types are kept, never rejected.
 *
 * <p>A value below {@link #MIN_TYPE} (0x0600) is not a type but an 802.3 length ({@link #isLength(int)}).
 * {@link #name(int)} uses tcpdump's spelling and prints unknown values as {@code 0x%04x}.
 */
public final class EtherType {
    /** Internet Protocol version 4. */
    public static final int IPV4 = 0x0800;
    /** Address Resolution Protocol (RFC 826). */
    public static final int ARP = 0x0806;
    /** Reverse ARP (RFC 903). */
    public static final int RARP = 0x8035;
    /** IEEE 802.1Q VLAN tag (C-tag) TPID. */
    public static final int VLAN = 0x8100;
    /** Internet Protocol version 6. */
    public static final int IPV6 = 0x86DD;
    /** IEEE 802.1ad service tag (S-tag, "QinQ") TPID. */
    public static final int QINQ = 0x88A8;
    /** Pre-standard QinQ TPID still seen in the wild. */
    public static final int QINQ_9100 = 0x9100;
    /** Pre-standard QinQ TPID still seen in the wild. */
    public static final int QINQ_9200 = 0x9200;
    /** MPLS unicast (RFC 3032). */
    public static final int MPLS = 0x8847;
    /** Link Layer Discovery Protocol (IEEE 802.1AB). */
    public static final int LLDP = 0x88CC;
    /** Transparent Ethernet Bridging (an Ethernet frame inside GRE). */
    public static final int TRANSPARENT_ETHERNET_BRIDGING = 0x6558;
    /** Smallest value that is an EtherType; smaller values are 802.3 length fields. */
    public static final int MIN_TYPE = 0x0600;

    private EtherType() {
    }

    /**
     * Tells whether a type field value is a VLAN tag protocol identifier (802.1Q, 802.1ad or the
     * pre-standard 0x9100 / 0x9200).
     *
     * @param type the 16-bit field value
     * @return true if a 4-byte tag follows instead of the payload
     */
    public static boolean isVlanTag(int type) {
        return type == VLAN || type == QINQ || type == QINQ_9100 || type == QINQ_9200;
    }

    /**
     * Tells whether a type field value is an IEEE 802.3 length (below 0x0600) rather than a type.
     *
     * @param type the 16-bit field value
     * @return true for 802.3 length frames
     */
    public static boolean isLength(int type) {
        return type < MIN_TYPE;
    }

    /**
     * Names an EtherType as tcpdump does.
     *
     * @param type the 16-bit field value
     * @return e.g. {@code "IPv4"}, {@code "802.1Q-QinQ"}, or {@code "0x1234"} for an unknown value
     */
    public static String name(int type) {
        switch (type) {
            case IPV4:
                return "IPv4";
            case ARP:
                return "ARP";
            case RARP:
                return "Reverse ARP";
            case VLAN:
                return "802.1Q";
            case IPV6:
                return "IPv6";
            case QINQ:
                return "802.1Q-QinQ";
            case QINQ_9100:
                return "802.1Q-9100";
            case QINQ_9200:
                return "802.1Q-9200";
            case MPLS:
                return "MPLS unicast";
            case LLDP:
                return "LLDP";
            case TRANSPARENT_ETHERNET_BRIDGING:
                return "Transparent Ethernet Bridging";
            default:
                return String.format("0x%04x", type);
        }
    }
}
