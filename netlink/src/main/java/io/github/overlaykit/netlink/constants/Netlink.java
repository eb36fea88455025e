package io.github.overlaykit.netlink.constants;

/**
 * Core netlink constants ({@code <linux/netlink.h>}, {@code <linux/socket.h>}), spelled as in the
 * kernel headers so they can be grepped against them.
 */
public final class Netlink {

    // ---- address family and protocol
    /** Any address family ({@code AF_UNSPEC}). */
    public static final int AF_UNSPEC = 0;
    /** IPv4 ({@code AF_INET}). */
    public static final int AF_INET = 2;
    /** The bridge family: FDB entries and bridge ports ({@code AF_BRIDGE}). */
    public static final int AF_BRIDGE = 7;
    /** Netlink sockets ({@code AF_NETLINK}). */
    public static final int AF_NETLINK = 16;
    /** IPv6 ({@code AF_INET6}). */
    public static final int AF_INET6 = 10;
    /** The rtnetlink protocol: links, addresses, routes, neighbours ({@code NETLINK_ROUTE}). */
    public static final int NETLINK_ROUTE = 0;
    /** Raw socket type, the one netlink uses ({@code SOCK_RAW}). */
    public static final int SOCK_RAW = 3;
    /** Close the descriptor on exec ({@code SOCK_CLOEXEC}). */
    public static final int SOCK_CLOEXEC = 0x80000;

    // ---- message types (struct nlmsghdr nlmsg_type)
    /** Nothing; skip it. */
    public static final int NLMSG_NOOP = 1;
    /** An error or, with error 0, an ACK; the body is {@code struct nlmsgerr}. */
    public static final int NLMSG_ERROR = 2;
    /** The end of a multi-part dump. */
    public static final int NLMSG_DONE = 3;
    /** Data lost (never sent by the kernel; used here for a receive-buffer overrun). */
    public static final int NLMSG_OVERRUN = 4;
    /** The first protocol message type. */
    public static final int NLMSG_MIN_TYPE = 16;

    // ---- message flags (struct nlmsghdr nlmsg_flags)
    /** A request to the kernel. */
    public static final int NLM_F_REQUEST = 0x1;
    /** Part of a multi-part message, ended by {@code NLMSG_DONE}. */
    public static final int NLM_F_MULTI = 0x2;
    /** Ask for an ACK ({@code NLMSG_ERROR} with error 0) on success. */
    public static final int NLM_F_ACK = 0x4;
    /** Echo this request to the sender. */
    public static final int NLM_F_ECHO = 0x8;
    /** The dump was interrupted by a change; its content may be inconsistent. */
    public static final int NLM_F_DUMP_INTR = 0x10;
    /** The kernel applied the dump filter in the request. */
    public static final int NLM_F_DUMP_FILTERED = 0x20;
    /** GET: return the whole table. */
    public static final int NLM_F_ROOT = 0x100;
    /** GET: return all matching entries. */
    public static final int NLM_F_MATCH = 0x200;
    /** GET: atomic snapshot. */
    public static final int NLM_F_ATOMIC = 0x400;
    /** GET: a dump ({@code NLM_F_ROOT | NLM_F_MATCH}). */
    public static final int NLM_F_DUMP = 0x300;
    /** NEW: replace an existing object. */
    public static final int NLM_F_REPLACE = 0x100;
    /** NEW: fail with {@code EEXIST} if it exists. */
    public static final int NLM_F_EXCL = 0x200;
    /** NEW: create if it does not exist. */
    public static final int NLM_F_CREATE = 0x400;
    /** NEW: add to the end of the list (routes, FDB flood lists). */
    public static final int NLM_F_APPEND = 0x800;
    /** DELETE: do not delete recursively. */
    public static final int NLM_F_NONREC = 0x100;
    /** DELETE: bulk delete. */
    public static final int NLM_F_BULK = 0x200;
    /** ACK: the request payload was not echoed. */
    public static final int NLM_F_CAPPED = 0x100;
    /** ACK: extended-ACK attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    // ---- attributes (struct nlattr)
    /** The attribute holds nested attributes. */
    public static final int NLA_F_NESTED = 0x8000;
    /** The payload is in network byte order. */
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    /** The bits of {@code nla_type} that are the type. */
    public static final int NLA_TYPE_MASK = 0x3FFF;
    /** Attribute and message alignment. */
    public static final int NLA_ALIGNTO = 4;
    /** Size of {@code struct nlattr}. */
    public static final int NLA_HDRLEN = 4;
    /** Size of {@code struct nlmsghdr}. */
    public static final int NLMSG_HDRLEN = 16;

    // ---- socket options (level SOL_NETLINK)
    /** Generic socket option level ({@code SOL_SOCKET}). */
    public static final int SOL_SOCKET = 1;
    /** Send buffer size. */
    public static final int SO_SNDBUF = 7;
    /** Receive buffer size, capped by {@code net.core.rmem_max}. */
    public static final int SO_RCVBUF = 8;
    /** Send buffer size ignoring {@code wmem_max} (needs {@code CAP_NET_ADMIN}). */
    public static final int SO_SNDBUFFORCE = 32;
    /** Receive buffer size ignoring {@code rmem_max} (needs {@code CAP_NET_ADMIN}). */
    public static final int SO_RCVBUFFORCE = 33;
    /** Receive timeout (struct timeval). */
    public static final int SO_RCVTIMEO = 20;
    /** Netlink socket option level. */
    public static final int SOL_NETLINK = 270;
    /** Join a multicast group (any group number). */
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    /** Leave a multicast group. */
    public static final int NETLINK_DROP_MEMBERSHIP = 2;
    /** Report broadcast delivery errors. */
    public static final int NETLINK_BROADCAST_ERROR = 4;
    /** Do not report {@code ENOBUFS} (hides lost events; not used here). */
    public static final int NETLINK_NO_ENOBUFS = 5;
    /** Receive notifications of all peer namespaces. */
    public static final int NETLINK_LISTEN_ALL_NSID = 8;
    /** List joined groups. */
    public static final int NETLINK_LIST_MEMBERSHIPS = 9;
    /** Do not echo the request payload in error messages. */
    public static final int NETLINK_CAP_ACK = 10;
    /** Attach extended-ACK attributes (message, offset) to errors. */
    public static final int NETLINK_EXT_ACK = 11;
    /** Validate requests strictly and apply dump filters in the kernel. */
    public static final int NETLINK_GET_STRICT_CHK = 12;

    // ---- extended ACK attributes (after struct nlmsgerr)
    /** Unused. */
    public static final int NLMSGERR_ATTR_UNUSED = 0;
    /** The kernel's error or warning text (NUL-terminated string). */
    public static final int NLMSGERR_ATTR_MSG = 1;
    /** Offset of the offending attribute in the request (u32). */
    public static final int NLMSGERR_ATTR_OFFS = 2;
    /** An opaque cookie. */
    public static final int NLMSGERR_ATTR_COOKIE = 3;
    /** The policy of the offending attribute. */
    public static final int NLMSGERR_ATTR_POLICY = 4;
    /** The type of a missing required attribute. */
    public static final int NLMSGERR_ATTR_MISS_TYPE = 5;
    /** Offset of the nest where a required attribute is missing. */
    public static final int NLMSGERR_ATTR_MISS_NEST = 6;

    private Netlink() {
    }
}
