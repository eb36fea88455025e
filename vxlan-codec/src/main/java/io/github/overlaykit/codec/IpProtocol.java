package io.github.overlaykit.codec;

/**
 * IPv4 protocol numbers (IANA "Assigned Internet Protocol Numbers") as {@code int} constants; unknown
 * numbers are kept, never rejected.
 */
public final class IpProtocol {
    /** Internet Control Message Protocol (RFC 792). */
    public static final int ICMP = 1;
    /** Internet Group Management Protocol (RFC 3376). */
    public static final int IGMP = 2;
    /** IPv4 encapsulated in IPv4 (RFC 2003). */
    public static final int IPIP = 4;
    /** Transmission Control Protocol (RFC 9293). */
    public static final int TCP = 6;
    /** User Datagram Protocol (RFC 768). */
    public static final int UDP = 17;
    /** IPv6 encapsulated in IPv4 (RFC 4213). */
    public static final int IPV6 = 41;
    /** Generic Routing Encapsulation (RFC 2784). */
    public static final int GRE = 47;
    /** Encapsulating Security Payload (RFC 4303). */
    public static final int ESP = 50;
    /** Authentication Header (RFC 4302). */
    public static final int AH = 51;
    /** ICMP for IPv6 (RFC 4443). */
    public static final int ICMPV6 = 58;
    /** Stream Control Transmission Protocol (RFC 9260). */
    public static final int SCTP = 132;

    private IpProtocol() {
    }

    /**
     * Names a protocol number as tcpdump does.
     *
     * @param protocol the 8-bit protocol field
     * @return e.g. {@code "UDP"}, or the decimal number (e.g. {@code "253"}) for an unknown value
     */
    public static String name(int protocol) {
        switch (protocol) {
            case ICMP:
                return "ICMP";
            case IGMP:
                return "IGMP";
            case IPIP:
                return "IPIP";
            case TCP:
                return "TCP";
            case UDP:
                return "UDP";
            case IPV6:
                return "IPv6";
            case GRE:
                return "GRE";
            case ESP:
                return "ESP";
            case AH:
                return "AH";
            case ICMPV6:
                return "ICMPv6";
            case SCTP:
                return "SCTP";
            default:
                return Integer.toString(protocol);
        }
    }
}
