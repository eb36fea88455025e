package io.github.overlaykit.netlink.constants;

/**
 * rtnetlink constants ({@code <linux/rtnetlink.h>}, {@code <linux/neighbour.h>}, {@code <linux/if_link.h>},
 * {@code <linux/if_addr.h>}, {@code <linux/fib_rules.h>}, {@code <linux/if.h>}), spelled as in the kernel
 * headers so they can be grepped against them.
 */
public final class Rtnetlink {

    // ---- message types
    /** Create or report a link. */
    public static final int RTM_NEWLINK = 16;
    /** Delete a link. */
    public static final int RTM_DELLINK = 17;
    /** Get or dump links. */
    public static final int RTM_GETLINK = 18;
    /** Change a link. */
    public static final int RTM_SETLINK = 19;
    /** Add or report an address. */
    public static final int RTM_NEWADDR = 20;
    /** Delete an address. */
    public static final int RTM_DELADDR = 21;
    /** Dump addresses. */
    public static final int RTM_GETADDR = 22;
    /** Add or report a route. */
    public static final int RTM_NEWROUTE = 24;
    /** Delete a route. */
    public static final int RTM_DELROUTE = 25;
    /** Get (look up) or dump routes. */
    public static final int RTM_GETROUTE = 26;
    /** Add or report a neighbour or FDB entry. */
    public static final int RTM_NEWNEIGH = 28;
    /** Delete a neighbour or FDB entry. */
    public static final int RTM_DELNEIGH = 29;
    /** Get or dump neighbours or FDB entries. */
    public static final int RTM_GETNEIGH = 30;
    /** Add or report a policy routing rule. */
    public static final int RTM_NEWRULE = 32;
    /** Delete a rule. */
    public static final int RTM_DELRULE = 33;
    /** Dump rules. */
    public static final int RTM_GETRULE = 34;
    /** A namespace id was assigned. */
    public static final int RTM_NEWNSID = 88;
    /** Add or report a nexthop object. */
    public static final int RTM_NEWNEXTHOP = 104;

    // ---- multicast groups (bind with nl_groups bit 1 << (group - 1), or NETLINK_ADD_MEMBERSHIP)
    /** No group. */
    public static final int RTNLGRP_NONE = 0;
    /** Link changes. */
    public static final int RTNLGRP_LINK = 1;
    /** Neighbour and FDB changes. */
    public static final int RTNLGRP_NEIGH = 3;
    /** IPv4 address changes. */
    public static final int RTNLGRP_IPV4_IFADDR = 5;
    /** IPv4 route changes. */
    public static final int RTNLGRP_IPV4_ROUTE = 7;
    /** IPv4 rule changes. */
    public static final int RTNLGRP_IPV4_RULE = 8;
    /** IPv6 address changes. */
    public static final int RTNLGRP_IPV6_IFADDR = 9;
    /** IPv6 route changes. */
    public static final int RTNLGRP_IPV6_ROUTE = 11;

    // ---- route attributes (RTA_*)
    /** Unused. */
    public static final int RTA_UNSPEC = 0;
    /** Destination address. */
    public static final int RTA_DST = 1;
    /** Source prefix (policy routing). */
    public static final int RTA_SRC = 2;
    /** Input interface index. */
    public static final int RTA_IIF = 3;
    /** Output interface index (u32). */
    public static final int RTA_OIF = 4;
    /** Gateway address. */
    public static final int RTA_GATEWAY = 5;
    /** Priority, the {@code metric} (u32). */
    public static final int RTA_PRIORITY = 6;
    /** Preferred source address ({@code src}). */
    public static final int RTA_PREFSRC = 7;
    /** Nested {@code RTAX_*} metrics. */
    public static final int RTA_METRICS = 8;
    /** Array of {@code struct rtnexthop}. */
    public static final int RTA_MULTIPATH = 9;
    /** Realm. */
    public static final int RTA_FLOW = 11;
    /** {@code struct rta_cacheinfo}. */
    public static final int RTA_CACHEINFO = 12;
    /** Table id (u32; needed for ids above 255). */
    public static final int RTA_TABLE = 15;
    /** Firewall mark. */
    public static final int RTA_MARK = 16;
    /** Multicast forwarding statistics. */
    public static final int RTA_MFC_STATS = 17;
    /** Gateway of another family. */
    public static final int RTA_VIA = 18;
    /** MPLS new destination. */
    public static final int RTA_NEWDST = 19;
    /** IPv6 router preference. */
    public static final int RTA_PREF = 20;
    /** Encapsulation type. */
    public static final int RTA_ENCAP_TYPE = 21;
    /** Encapsulation. */
    public static final int RTA_ENCAP = 22;
    /** Expiry. */
    public static final int RTA_EXPIRES = 23;
    /** Padding. */
    public static final int RTA_PAD = 24;
    /** User id for lookups. */
    public static final int RTA_UID = 25;
    /** MPLS TTL propagation. */
    public static final int RTA_TTL_PROPAGATE = 26;
    /** IP protocol for lookups. */
    public static final int RTA_IP_PROTO = 27;
    /** Source port for lookups. */
    public static final int RTA_SPORT = 28;
    /** Destination port for lookups. */
    public static final int RTA_DPORT = 29;
    /** Nexthop object id. */
    public static final int RTA_NH_ID = 30;

    // ---- route metrics (nested in RTA_METRICS)
    /** Bitmask of locked metrics. */
    public static final int RTAX_LOCK = 1;
    /** Path MTU. */
    public static final int RTAX_MTU = 2;
    /** TCP window clamp. */
    public static final int RTAX_WINDOW = 3;
    /** Initial RTT. */
    public static final int RTAX_RTT = 4;
    /** Initial RTT variance. */
    public static final int RTAX_RTTVAR = 5;
    /** Slow-start threshold. */
    public static final int RTAX_SSTHRESH = 6;
    /** Congestion window clamp. */
    public static final int RTAX_CWND = 7;
    /** Advertised MSS. */
    public static final int RTAX_ADVMSS = 8;
    /** Reordering. */
    public static final int RTAX_REORDERING = 9;
    /** Hop limit. */
    public static final int RTAX_HOPLIMIT = 10;
    /** Initial congestion window. */
    public static final int RTAX_INITCWND = 11;
    /** Features. */
    public static final int RTAX_FEATURES = 12;
    /** Minimum RTO. */
    public static final int RTAX_RTO_MIN = 13;
    /** Initial receive window. */
    public static final int RTAX_INITRWND = 14;
    /** Quick ACK. */
    public static final int RTAX_QUICKACK = 15;
    /** Congestion control algorithm name. */
    public static final int RTAX_CC_ALGO = 16;
    /** TCP fast open without cookie. */
    public static final int RTAX_FASTOPEN_NO_COOKIE = 17;

    // ---- route types, protocols, scopes, tables, flags
    /** Unspecified type. */
    public static final int RTN_UNSPEC = 0;
    /** A gateway or direct route. */
    public static final int RTN_UNICAST = 1;
    /** A local interface address. */
    public static final int RTN_LOCAL = 2;
    /** A broadcast address. */
    public static final int RTN_BROADCAST = 3;
    /** An anycast address. */
    public static final int RTN_ANYCAST = 4;
    /** A multicast route. */
    public static final int RTN_MULTICAST = 5;
    /** Drop silently. */
    public static final int RTN_BLACKHOLE = 6;
    /** Destination unreachable. */
    public static final int RTN_UNREACHABLE = 7;
    /** Administratively prohibited. */
    public static final int RTN_PROHIBIT = 8;
    /** Continue lookup in another table. */
    public static final int RTN_THROW = 9;
    /** Network address translation (obsolete). */
    public static final int RTN_NAT = 10;
    /** External resolver. */
    public static final int RTN_XRESOLVE = 11;
    /** Unknown origin. */
    public static final int RTPROT_UNSPEC = 0;
    /** ICMP redirect. */
    public static final int RTPROT_REDIRECT = 1;
    /** Installed by the kernel. */
    public static final int RTPROT_KERNEL = 2;
    /** Installed during boot (iproute2's default). */
    public static final int RTPROT_BOOT = 3;
    /** Installed by the administrator. */
    public static final int RTPROT_STATIC = 4;
    /** Global scope. */
    public static final int RT_SCOPE_UNIVERSE = 0;
    /** Site scope. */
    public static final int RT_SCOPE_SITE = 200;
    /** On-link destinations. */
    public static final int RT_SCOPE_LINK = 253;
    /** Local addresses. */
    public static final int RT_SCOPE_HOST = 254;
    /** Nowhere. */
    public static final int RT_SCOPE_NOWHERE = 255;
    /** No table (use {@code RTA_TABLE}). */
    public static final int RT_TABLE_UNSPEC = 0;
    /** Compatibility table. */
    public static final int RT_TABLE_COMPAT = 252;
    /** The default table. */
    public static final int RT_TABLE_DEFAULT = 253;
    /** The main table. */
    public static final int RT_TABLE_MAIN = 254;
    /** The local table. */
    public static final int RT_TABLE_LOCAL = 255;
    /** Nexthop is dead. */
    public static final int RTNH_F_DEAD = 0x1;
    /** Recursive gateway lookup. */
    public static final int RTNH_F_PERVASIVE = 0x2;
    /** Gateway is on the link, no lookup ({@code onlink}). */
    public static final int RTNH_F_ONLINK = 0x4;
    /** Offloaded. */
    public static final int RTNH_F_OFFLOAD = 0x8;
    /** Carrier is down. */
    public static final int RTNH_F_LINKDOWN = 0x10;
    /** Unresolved. */
    public static final int RTNH_F_UNRESOLVED = 0x20;
    /** Trapped. */
    public static final int RTNH_F_TRAP = 0x40;
    /** Notify on change. */
    public static final int RTM_F_NOTIFY = 0x100;
    /** A cache (clone) entry. */
    public static final int RTM_F_CLONED = 0x200;
    /** Multipath equalizer. */
    public static final int RTM_F_EQUALIZE = 0x400;
    /** Prefix address. */
    public static final int RTM_F_PREFIX = 0x800;
    /** Report the table of the matched route in a GET. */
    public static final int RTM_F_LOOKUP_TABLE = 0x1000;
    /** Return the matched FIB entry in a GET ({@code ip route get fibmatch}). */
    public static final int RTM_F_FIB_MATCH = 0x2000;
    /** Route is offloaded. */
    public static final int RTM_F_OFFLOAD = 0x4000;
    /** Route is trapping packets. */
    public static final int RTM_F_TRAP = 0x8000;

    // ---- neighbour attributes (NDA_*), states (NUD_*), flags (NTF_*)
    /** Unused. */
    public static final int NDA_UNSPEC = 0;
    /** Protocol address (IP) or, for FDB, the remote VTEP. */
    public static final int NDA_DST = 1;
    /** Link-layer address (MAC). */
    public static final int NDA_LLADDR = 2;
    /** {@code struct nda_cacheinfo}. */
    public static final int NDA_CACHEINFO = 3;
    /** Probe count. */
    public static final int NDA_PROBES = 4;
    /** VLAN id (u16). */
    public static final int NDA_VLAN = 5;
    /** Remote UDP port (u16, big-endian). */
    public static final int NDA_PORT = 6;
    /** VXLAN VNI (u32). */
    public static final int NDA_VNI = 7;
    /** Outgoing interface for the remote ({@code via DEV}; u32). */
    public static final int NDA_IFINDEX = 8;
    /** Master (bridge) index (u32). */
    public static final int NDA_MASTER = 9;
    /** Namespace id of the link. */
    public static final int NDA_LINK_NETNSID = 10;
    /** Source VNI (u32). */
    public static final int NDA_SRC_VNI = 11;
    /** Originator protocol (u8). */
    public static final int NDA_PROTOCOL = 12;
    /** Nexthop object id (u32). */
    public static final int NDA_NH_ID = 13;
    /** Nested FDB extensions. */
    public static final int NDA_FDB_EXT_ATTRS = 14;
    /** Extended flags (u32). */
    public static final int NDA_FLAGS_EXT = 15;
    /** No state. */
    public static final int NUD_NONE = 0x0;
    /** Resolution in progress. */
    public static final int NUD_INCOMPLETE = 0x1;
    /** Confirmed reachable. */
    public static final int NUD_REACHABLE = 0x2;
    /** Not confirmed lately. */
    public static final int NUD_STALE = 0x4;
    /** Waiting before probing. */
    public static final int NUD_DELAY = 0x8;
    /** Probing. */
    public static final int NUD_PROBE = 0x10;
    /** Resolution failed. */
    public static final int NUD_FAILED = 0x20;
    /** No resolution needed. */
    public static final int NUD_NOARP = 0x40;
    /** Static entry. */
    public static final int NUD_PERMANENT = 0x80;
    /** Mark the entry used. */
    public static final int NTF_USE = 0x1;
    /** The device's own FDB (e.g. a VXLAN device). */
    public static final int NTF_SELF = 0x2;
    /** The master bridge's FDB. */
    public static final int NTF_MASTER = 0x4;
    /** Proxy ARP entry. */
    public static final int NTF_PROXY = 0x8;
    /** Learned externally. */
    public static final int NTF_EXT_LEARNED = 0x10;
    /** Offloaded. */
    public static final int NTF_OFFLOADED = 0x20;
    /** Sticky FDB entry. */
    public static final int NTF_STICKY = 0x40;
    /** IPv6 router. */
    public static final int NTF_ROUTER = 0x80;

    // ---- link attributes (IFLA_*) and flags (IFF_*)
    /** Unused. */
    public static final int IFLA_UNSPEC = 0;
    /** Hardware address. */
    public static final int IFLA_ADDRESS = 1;
    /** Broadcast hardware address. */
    public static final int IFLA_BROADCAST = 2;
    /** Interface name (string). */
    public static final int IFLA_IFNAME = 3;
    /** MTU (u32). */
    public static final int IFLA_MTU = 4;
    /** Lower device index (u32). */
    public static final int IFLA_LINK = 5;
    /** Queueing discipline name. */
    public static final int IFLA_QDISC = 6;
    /** Statistics. */
    public static final int IFLA_STATS = 7;
    /** Master device index (u32; 0 releases). */
    public static final int IFLA_MASTER = 10;
    /** Transmit queue length. */
    public static final int IFLA_TXQLEN = 13;
    /** RFC 2863 operational state (u8). */
    public static final int IFLA_OPERSTATE = 16;
    /** Link mode. */
    public static final int IFLA_LINKMODE = 17;
    /** Nested kind and kind-specific data. */
    public static final int IFLA_LINKINFO = 18;
    /** Move to the namespace of this pid (u32). */
    public static final int IFLA_NET_NS_PID = 19;
    /** Alias. */
    public static final int IFLA_IFALIAS = 20;
    /** Number of VFs. */
    public static final int IFLA_NUM_VF = 21;
    /** 64-bit statistics. */
    public static final int IFLA_STATS64 = 23;
    /** Per-family data. */
    public static final int IFLA_AF_SPEC = 26;
    /** Device group. */
    public static final int IFLA_GROUP = 27;
    /** Move to the namespace of this fd (u32). */
    public static final int IFLA_NET_NS_FD = 28;
    /** Extended info filter mask (u32, {@code RTEXT_FILTER_*}). */
    public static final int IFLA_EXT_MASK = 0x1D;
    /** Promiscuity count. */
    public static final int IFLA_PROMISCUITY = 30;
    /** Transmit queues. */
    public static final int IFLA_NUM_TX_QUEUES = 31;
    /** Receive queues. */
    public static final int IFLA_NUM_RX_QUEUES = 32;
    /** Carrier (u8). */
    public static final int IFLA_CARRIER = 33;
    /** Namespace id of the peer/lower link. */
    public static final int IFLA_LINK_NETNSID = 37;
    /** Minimum MTU. */
    public static final int IFLA_MIN_MTU = 50;
    /** Maximum MTU. */
    public static final int IFLA_MAX_MTU = 51;
    /** Target namespace id. */
    public static final int IFLA_TARGET_NETNSID = 46;
    /** Alternative name. */
    public static final int IFLA_ALT_IFNAME = 53;
    /** Unused. */
    public static final int IFLA_INFO_UNSPEC = 0;
    /** Link kind ({@code vxlan}, {@code veth}, {@code bridge}). */
    public static final int IFLA_INFO_KIND = 1;
    /** Kind-specific nested data. */
    public static final int IFLA_INFO_DATA = 2;
    /** Extended statistics. */
    public static final int IFLA_INFO_XSTATS = 3;
    /** Kind of the master of this port. */
    public static final int IFLA_INFO_SLAVE_KIND = 4;
    /** Port data. */
    public static final int IFLA_INFO_SLAVE_DATA = 5;
    /** veth: the peer, an {@code ifinfomsg} followed by its attributes. */
    public static final int VETH_INFO_PEER = 1;
    /** Include VF info in link dumps (expensive; off here). */
    public static final int RTEXT_FILTER_VF = 0x1;
    /** Omit statistics from link dumps. */
    public static final int RTEXT_FILTER_SKIP_STATS = 0x8;
    /** Administratively up. */
    public static final int IFF_UP = 0x1;
    /** Broadcast capable. */
    public static final int IFF_BROADCAST = 0x2;
    /** Loopback. */
    public static final int IFF_LOOPBACK = 0x8;
    /** Point to point. */
    public static final int IFF_POINTOPOINT = 0x10;
    /** Resources allocated. */
    public static final int IFF_RUNNING = 0x40;
    /** No ARP. */
    public static final int IFF_NOARP = 0x80;
    /** Promiscuous. */
    public static final int IFF_PROMISC = 0x100;
    /** Multicast capable. */
    public static final int IFF_MULTICAST = 0x1000;
    /** Carrier on. */
    public static final int IFF_LOWER_UP = 0x10000;
    /** Bonding master. */
    public static final int IFF_MASTER = 0x400;
    /** Bonding slave. */
    public static final int IFF_SLAVE = 0x800;
    /** Dormant. */
    public static final int IFF_DORMANT = 0x20000;
    /** Echoes sent packets. */
    public static final int IFF_ECHO = 0x40000;
    /** Ethernet hardware type. */
    public static final int ARPHRD_ETHER = 1;
    /** Loopback hardware type. */
    public static final int ARPHRD_LOOPBACK = 772;

    // ---- vxlan attributes (IFLA_INFO_DATA of kind vxlan)
    /** Unused. */
    public static final int IFLA_VXLAN_UNSPEC = 0;
    /** VNI (u32). */
    public static final int IFLA_VXLAN_ID = 1;
    /** Multicast group or remote (IPv4). */
    public static final int IFLA_VXLAN_GROUP = 2;
    /** Underlay device index (u32). */
    public static final int IFLA_VXLAN_LINK = 3;
    /** Local IPv4 address. */
    public static final int IFLA_VXLAN_LOCAL = 4;
    /** TTL (u8; 0 = inherit/auto). */
    public static final int IFLA_VXLAN_TTL = 5;
    /** TOS (u8). */
    public static final int IFLA_VXLAN_TOS = 6;
    /** Learn FDB entries (u8). */
    public static final int IFLA_VXLAN_LEARNING = 7;
    /** FDB ageing in seconds (u32). */
    public static final int IFLA_VXLAN_AGEING = 8;
    /** FDB entry limit (u32). */
    public static final int IFLA_VXLAN_LIMIT = 9;
    /** Source port range (two big-endian u16). */
    public static final int IFLA_VXLAN_PORT_RANGE = 10;
    /** ARP proxy (u8). */
    public static final int IFLA_VXLAN_PROXY = 11;
    /** Route short circuit (u8). */
    public static final int IFLA_VXLAN_RSC = 12;
    /** L2 miss notifications (u8). */
    public static final int IFLA_VXLAN_L2MISS = 13;
    /** L3 miss notifications (u8). */
    public static final int IFLA_VXLAN_L3MISS = 14;
    /** Destination UDP port (big-endian u16). */
    public static final int IFLA_VXLAN_PORT = 15;
    /** IPv6 group or remote. */
    public static final int IFLA_VXLAN_GROUP6 = 16;
    /** Local IPv6 address. */
    public static final int IFLA_VXLAN_LOCAL6 = 17;
    /** UDP checksum over IPv4 (u8). */
    public static final int IFLA_VXLAN_UDP_CSUM = 18;
    /** Zero UDP checksum over IPv6, transmit (u8). */
    public static final int IFLA_VXLAN_UDP_ZERO_CSUM6_TX = 19;
    /** Accept zero UDP checksum over IPv6 (u8). */
    public static final int IFLA_VXLAN_UDP_ZERO_CSUM6_RX = 20;
    /** Remote checksum offload, transmit. */
    public static final int IFLA_VXLAN_REMCSUM_TX = 21;
    /** Remote checksum offload, receive. */
    public static final int IFLA_VXLAN_REMCSUM_RX = 22;
    /** Group Based Policy extension (flag). */
    public static final int IFLA_VXLAN_GBP = 23;
    /** Remote checksum without partial. */
    public static final int IFLA_VXLAN_REMCSUM_NOPARTIAL = 24;
    /** External (flow-based) mode (u8). */
    public static final int IFLA_VXLAN_COLLECT_METADATA = 25;
    /** IPv6 flow label. */
    public static final int IFLA_VXLAN_LABEL = 26;
    /** VXLAN-GPE (flag). */
    public static final int IFLA_VXLAN_GPE = 27;
    /** Inherit TTL (flag). */
    public static final int IFLA_VXLAN_TTL_INHERIT = 28;
    /** Don't-fragment policy (u8). */
    public static final int IFLA_VXLAN_DF = 29;
    /** VNI filtering (u8). */
    public static final int IFLA_VXLAN_VNIFILTER = 30;
    /** Bypass local delivery (u8). */
    public static final int IFLA_VXLAN_LOCALBYPASS = 31;
    /** Flow label policy. */
    public static final int IFLA_VXLAN_LABEL_POLICY = 32;
    /** Reserved bits. */
    public static final int IFLA_VXLAN_RESERVED_BITS = 33;
    /** Multicast route. */
    public static final int IFLA_VXLAN_MC_ROUTE = 34;

    // ---- address attributes (IFA_*)
    /** Unused. */
    public static final int IFA_UNSPEC = 0;
    /** Peer address (equals IFA_LOCAL on broadcast links). */
    public static final int IFA_ADDRESS = 1;
    /** Local address. */
    public static final int IFA_LOCAL = 2;
    /** Label (string). */
    public static final int IFA_LABEL = 3;
    /** Broadcast address. */
    public static final int IFA_BROADCAST = 4;
    /** Anycast address. */
    public static final int IFA_ANYCAST = 5;
    /** {@code struct ifa_cacheinfo}. */
    public static final int IFA_CACHEINFO = 6;
    /** Multicast address. */
    public static final int IFA_MULTICAST = 7;
    /** Address flags (u32). */
    public static final int IFA_FLAGS = 8;
    /** Prefix route metric. */
    public static final int IFA_RT_PRIORITY = 9;
    /** Target namespace id. */
    public static final int IFA_TARGET_NETNSID = 10;
    /** Originator protocol. */
    public static final int IFA_PROTO = 11;
    /** Secondary address. */
    public static final int IFA_F_SECONDARY = 0x1;
    /** No duplicate address detection. */
    public static final int IFA_F_NODAD = 0x2;
    /** Permanent address. */
    public static final int IFA_F_PERMANENT = 0x80;
    /** No prefix route. */
    public static final int IFA_F_NOPREFIXROUTE = 0x200;

    // ---- rule attributes (FRA_*) and actions (FR_ACT_*)
    /** Unused. */
    public static final int FRA_UNSPEC = 0;
    /** Destination prefix address. */
    public static final int FRA_DST = 1;
    /** Source prefix address. */
    public static final int FRA_SRC = 2;
    /** Input interface name. */
    public static final int FRA_IIFNAME = 3;
    /** Target rule of a goto. */
    public static final int FRA_GOTO = 4;
    /** Preference (u32). */
    public static final int FRA_PRIORITY = 6;
    /** Firewall mark (u32). */
    public static final int FRA_FWMARK = 10;
    /** Realm. */
    public static final int FRA_FLOW = 11;
    /** Tunnel id. */
    public static final int FRA_TUN_ID = 12;
    /** Suppress interface group. */
    public static final int FRA_SUPPRESS_IFGROUP = 13;
    /** Suppress prefix length. */
    public static final int FRA_SUPPRESS_PREFIXLEN = 14;
    /** Table id (u32). */
    public static final int FRA_TABLE = 15;
    /** Firewall mark mask (u32). */
    public static final int FRA_FWMASK = 0x10;
    /** Output interface name. */
    public static final int FRA_OIFNAME = 17;
    /** Padding. */
    public static final int FRA_PAD = 18;
    /** Use the l3mdev table. */
    public static final int FRA_L3MDEV = 19;
    /** UID range. */
    public static final int FRA_UID_RANGE = 20;
    /** Originator protocol (u8). */
    public static final int FRA_PROTOCOL = 21;
    /** IP protocol. */
    public static final int FRA_IP_PROTO = 22;
    /** Source port range. */
    public static final int FRA_SPORT_RANGE = 23;
    /** Destination port range. */
    public static final int FRA_DPORT_RANGE = 24;
    /** Unspecified action. */
    public static final int FR_ACT_UNSPEC = 0;
    /** Look up in a table. */
    public static final int FR_ACT_TO_TBL = 1;
    /** Jump to another rule. */
    public static final int FR_ACT_GOTO = 2;
    /** No operation. */
    public static final int FR_ACT_NOP = 3;
    /** Drop silently. */
    public static final int FR_ACT_BLACKHOLE = 6;
    /** Drop with unreachable. */
    public static final int FR_ACT_UNREACHABLE = 7;
    /** Drop with prohibit. */
    public static final int FR_ACT_PROHIBIT = 8;
    /** Negate the selector ({@code not}). */
    public static final int FIB_RULE_INVERT = 2;

    private Rtnetlink() {
    }
}
