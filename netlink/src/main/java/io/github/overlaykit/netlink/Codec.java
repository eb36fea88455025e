package io.github.overlaykit.netlink;

import static io.github.overlaykit.netlink.constants.Netlink.AF_BRIDGE;
import static io.github.overlaykit.netlink.constants.Netlink.AF_INET;
import static io.github.overlaykit.netlink.constants.Netlink.AF_UNSPEC;
import static io.github.overlaykit.netlink.constants.Rtnetlink.*;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.codec.MalformedPacketException;
import io.github.overlaykit.netlink.message.AddressMessage;
import io.github.overlaykit.netlink.message.AttributeIterator;
import io.github.overlaykit.netlink.message.LinkMessage;
import io.github.overlaykit.netlink.message.MessageWriter;
import io.github.overlaykit.netlink.message.NeighborMessage;
import io.github.overlaykit.netlink.message.RouteMessage;
import io.github.overlaykit.netlink.message.RouteNexthop;
import io.github.overlaykit.netlink.message.RuleMessage;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.InterfaceAddress;
import io.github.overlaykit.route.Link;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.NeighborFlag;
import io.github.overlaykit.route.NeighborState;
import io.github.overlaykit.route.NextHop;
import io.github.overlaykit.route.NextHopFlag;
import io.github.overlaykit.route.PortRange;
import io.github.overlaykit.route.Route;
import io.github.overlaykit.route.RouteProtocol;
import io.github.overlaykit.route.RouteMetric;
import io.github.overlaykit.route.RouteType;
import io.github.overlaykit.route.Rule;
import io.github.overlaykit.route.RuleAction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Translation between rtnetlink messages and the route module's records. Encoders write one whole
 * message with the attribute order iproute2 uses (so requests are byte-identical to {@code ip}'s);
 * decoders read one message in place and build the record, naming devices through a lookup.
 * Decoders throw only {@link MalformedPacketException} on bad bytes.
 */
final class Codec {
    private static final int RTAX_LOCK = 1;

    private final RouteMessage rtmsg = new RouteMessage();
    private final NeighborMessage ndmsg = new NeighborMessage();
    private final LinkMessage ifinfomsg = new LinkMessage();
    private final AddressMessage ifaddrmsg = new AddressMessage();
    private final RuleMessage rulemsg = new RuleMessage();
    private final RouteNexthop rtnh = new RouteNexthop();
    private final AttributeIterator attrs = new AttributeIterator();
    private final AttributeIterator inner = new AttributeIterator();
    private final AttributeIterator innermost = new AttributeIterator();

    // ---------------------------------------------------------------- routes

    /** Writes RTM_NEWROUTE/RTM_DELROUTE for {@code route}; {@code oifs[i]} is the index of next hop i. */
    void encodeRoute(MessageWriter w, int type, int flags, Route route, int[] oifs) {
        int start = w.begin(type, flags);
        boolean delete = type == RTM_DELROUTE;
        rtmsg.wrap(w.buffer(), w.reserve(RouteMessage.LENGTH))
                .family(AF_INET).dstLength(route.destination().length()).tos(route.tos())
                .table(route.table() < 256 ? route.table() : RT_TABLE_UNSPEC)
                .protocol(delete ? 0 : route.protocol())
                .scope(delete ? RT_SCOPE_NOWHERE : route.scope())
                .type(route.type().number());
        List<NextHop> hops = route.nextHops();
        if (hops.size() == 1) {
            rtmsg.flags(NextHopFlag.toBits(hops.get(0).flags()) & ~(RTNH_F_DEAD | RTNH_F_LINKDOWN));
        }
        if (route.destination().length() > 0) { // iproute2 sends no RTA_DST for default (0/0)
            w.putIpv4(RTA_DST, route.destination().address());
        }
        if (route.metric() != 0) {
            w.putU32(RTA_PRIORITY, route.metric());
        }
        if (route.preferredSource() != null) {
            w.putIpv4(RTA_PREFSRC, route.preferredSource().bits());
        }
        if (hops.size() == 1 && hops.get(0).gateway() != null) {
            w.putIpv4(RTA_GATEWAY, hops.get(0).gateway().bits());
        }
        if (route.table() >= 256) {
            w.putU32(RTA_TABLE, route.table());
        }
        if (route.realms() != 0) {
            w.putU32(RTA_FLOW, route.realms() & 0xFFFF_FFFFL);
        }
        if (hops.size() == 1 && oifs[0] > 0) {
            w.putU32(RTA_OIF, oifs[0]);
        }
        if (!route.metrics().isEmpty()) {
            int nest = w.beginNest(RTA_METRICS);
            long lock = 0;
            for (RouteMetric m : route.metrics()) {
                if (m.locked()) {
                    lock |= 1L << m.kind().number();
                }
            }
            if (lock != 0) {
                w.putU32(RTAX_LOCK, lock);
            }
            for (RouteMetric m : route.metrics()) {
                w.putU32(m.kind().number(), m.value());
            }
            w.endNest(nest);
        }
        if (hops.size() > 1) {
            int nest = w.beginNest(RTA_MULTIPATH);
            for (int i = 0; i < hops.size(); i++) {
                NextHop hop = hops.get(i);
                int at = w.reserve(RouteNexthop.LENGTH);
                if (hop.gateway() != null) {
                    w.putIpv4(RTA_GATEWAY, hop.gateway().bits());
                }
                rtnh.wrap(w.buffer(), at).length(w.position() - at)
                        .flags(NextHopFlag.toBits(hop.flags()) & ~(RTNH_F_DEAD | RTNH_F_LINKDOWN))
                        .hops(hop.weight() - 1).ifindex(oifs[i]);
            }
            w.endNest(nest);
        }
        w.end(start);
    }

    /** Decodes an RTM_NEWROUTE payload; null for routes this model does not hold (non-IPv4, cloned). */
    Route decodeRoute(ByteBuffer b, int payload, int end, IntFunction<String> names) {
        return decodeRoute(b, payload, end, names, false);
    }

    /**
     * Decodes an RTM_NEWROUTE payload; null for non-IPv4 routes and, unless {@code cloned}, for cached
     * ones. The kernel marks every {@code ip route get} answer (not fibmatch) RTM_F_CLONED and leaves
     * its protocol 0, decoded as {@link RouteProtocol#BOOT} (what {@code ip} does not print).
     */
    Route decodeRoute(ByteBuffer b, int payload, int end, IntFunction<String> names, boolean cloned) {
        rtmsg.wrap(b, payload).checkLength(end - payload);
        if (rtmsg.family() != AF_INET || !cloned && (rtmsg.flags() & RTM_F_CLONED) != 0) {
            return null;
        }
        int dst = 0;
        int table = rtmsg.table();
        long priority = 0;
        Ipv4Address prefsrc = null;
        Ipv4Address gateway = null;
        int oif = 0;
        int realms = 0;
        List<RouteMetric> metrics = List.of();
        List<NextHop> hops = null; // only multipath routes need a list of their own
        attrs.reset(b, rtmsg.attributesOffset(), end);
        while (attrs.next()) {
            switch (attrs.type()) {
                case RTA_DST: dst = attrs.ipv4(); break;
                case RTA_TABLE: table = attrs.s32(); break;
                case RTA_PRIORITY: priority = attrs.u32(); break;
                case RTA_PREFSRC: prefsrc = new Ipv4Address(attrs.ipv4()); break;
                case RTA_GATEWAY: gateway = new Ipv4Address(attrs.ipv4()); break;
                case RTA_OIF: oif = attrs.s32(); break;
                case RTA_FLOW: realms = attrs.s32(); break;
                case RTA_METRICS: metrics = decodeMetrics(); break;
                case RTA_MULTIPATH: hops = decodeMultipath(b, names); break;
                default: break;
            }
        }
        int flags = (int) rtmsg.flags() & ~RTM_F_CLONED;
        List<NextHop> paths = hops != null ? hops : List.of();
        if (hops == null && (gateway != null || oif != 0)) {
            // List.of: the record's List.copyOf keeps it as is
            paths = List.of(new NextHop(gateway, oif != 0 ? names.apply(oif) : null, 1, nextHopFlags(flags)));
        }
        try {
            RouteType type = RouteType.ofNumber(rtmsg.type());
            // a resolved answer carries no protocol (0); it reads as the default so it prints as ip route get does
            int protocol = cloned && rtmsg.protocol() == 0 ? RouteProtocol.BOOT : rtmsg.protocol();
            return new Route(type, new Ipv4Prefix(dst, rtmsg.dstLength()), rtmsg.tos(), table, protocol,
                    rtmsg.scope(), priority, prefsrc, paths, metrics, realms);
        } catch (IllegalArgumentException e) {
            throw new MalformedPacketException("rtmsg", payload, RouteMessage.LENGTH, end - payload, e.getMessage());
        }
    }

    // flag sets are immutable: decode each of the 128 next-hop flag combinations once
    private static final List<java.util.Set<NextHopFlag>> NEXT_HOP_FLAGS = java.util.stream.IntStream.range(0, 128)
            .mapToObj(NextHopFlag::ofBits).collect(java.util.stream.Collectors.toUnmodifiableList());

    private static java.util.Set<NextHopFlag> nextHopFlags(int bits) {
        return (bits & ~0x7F) == 0 ? NEXT_HOP_FLAGS.get(bits) : NextHopFlag.ofBits(bits);
    }

    private List<RouteMetric> decodeMetrics() {
        List<RouteMetric> metrics = new ArrayList<>();
        long lock = 0;
        attrs.nested(inner);
        while (inner.next()) {
            if (inner.type() == RTAX_LOCK) {
                lock = inner.u32();
            }
        }
        attrs.nested(inner);
        while (inner.next()) {
            RouteMetric.Kind kind = metricKind(inner.type());
            if (kind != null) {
                metrics.add(new RouteMetric(kind, inner.u32(), (lock & (1L << inner.type())) != 0));
            }
        }
        return metrics;
    }

    private static RouteMetric.Kind metricKind(int number) {
        for (RouteMetric.Kind kind : RouteMetric.Kind.values()) {
            if (kind.number() == number) {
                return kind;
            }
        }
        return null;
    }

    private List<NextHop> decodeMultipath(ByteBuffer b, IntFunction<String> names) {
        List<NextHop> hops = new ArrayList<>(2);
        int at = attrs.valueOffset();
        int end = at + attrs.valueLength();
        while (end - at >= RouteNexthop.LENGTH) {
            rtnh.wrap(b, at);
            int len = rtnh.length();
            if (len < RouteNexthop.LENGTH || len > end - at) {
                throw new MalformedPacketException("rtnexthop", at, Math.max(len, RouteNexthop.LENGTH), end - at,
                        "rtnh_len outside the multipath attribute");
            }
            Ipv4Address gateway = null;
            inner.reset(b, at + RouteNexthop.LENGTH, at + len);
            while (inner.next()) {
                if (inner.type() == RTA_GATEWAY) {
                    gateway = new Ipv4Address(inner.ipv4());
                }
            }
            int ifindex = rtnh.ifindex();
            hops.add(new NextHop(gateway, ifindex != 0 ? names.apply(ifindex) : null, rtnh.hops() + 1,
                    nextHopFlags(rtnh.flags())));
            at += (len + 3) & ~3;
        }
        return hops;
    }

    // ---------------------------------------------------------------- neighbours and FDB

    void encodeNeighbor(MessageWriter w, int type, int flags, Neighbor n, int ifindex) {
        int start = w.begin(type, flags);
        ndmsg.wrap(w.buffer(), w.reserve(NeighborMessage.LENGTH)).family(AF_INET).ifindex(ifindex)
                .state(NeighborState.toBits(n.states())).flags(NeighborFlag.toBits(n.flags()));
        w.putIpv4(NDA_DST, n.address().bits());
        if (n.linkLayerAddress() != null) {
            w.putMac(NDA_LLADDR, n.linkLayerAddress().bits());
        }
        if (n.protocol() >= 0) {
            w.putU8(NDA_PROTOCOL, n.protocol());
        }
        w.end(start);
    }

    Neighbor decodeNeighbor(ByteBuffer b, int payload, int end, IntFunction<String> names) {
        ndmsg.wrap(b, payload).checkLength(end - payload);
        if (ndmsg.family() != AF_INET) {
            return null;
        }
        Ipv4Address dst = null;
        MacAddress lladdr = null;
        int protocol = -1;
        attrs.reset(b, ndmsg.attributesOffset(), end);
        while (attrs.next()) {
            switch (attrs.type()) {
                case NDA_DST: dst = new Ipv4Address(attrs.ipv4()); break;
                case NDA_LLADDR: lladdr = attrs.isMac() ? new MacAddress(attrs.mac()) : null; break;
                case NDA_PROTOCOL: protocol = attrs.u8(); break;
                default: break;
            }
        }
        if (dst == null) {
            throw new MalformedPacketException("ndmsg", payload, NeighborMessage.LENGTH + 8, end - payload, "neighbour without NDA_DST");
        }
        try {
            return new Neighbor(dst, names.apply(ndmsg.ifindex()), lladdr, NeighborState.ofBits(ndmsg.state()),
                    NeighborFlag.ofBits(ndmsg.flags()), protocol);
        } catch (IllegalArgumentException e) {
            throw new MalformedPacketException("ndmsg", payload, NeighborMessage.LENGTH, end - payload, e.getMessage());
        }
    }

    /** {@code via} is the index of {@link FdbEntry#via()} or 0. */
    void encodeFdb(MessageWriter w, int type, int flags, FdbEntry e, int ifindex, int via) {
        int start = w.begin(type, flags);
        int state = fdbState(NeighborState.toBits(e.states()));
        ndmsg.wrap(w.buffer(), w.reserve(NeighborMessage.LENGTH)).family(AF_BRIDGE).ifindex(ifindex)
                .state(state).flags(NeighborFlag.toBits(e.flags()));
        w.putMac(NDA_LLADDR, e.mac().bits());
        if (e.destination() != null) {
            w.putIpv4(NDA_DST, e.destination().bits());
        }
        if (e.vlan() != 0) {
            w.putU16(NDA_VLAN, e.vlan());
        }
        if (e.port() >= 0) {
            w.putU16Be(NDA_PORT, e.port());
        }
        if (e.vni() >= 0) {
            w.putU32(NDA_VNI, e.vni());
        }
        if (e.sourceVni() >= 0) {
            w.putU32(NDA_SRC_VNI, e.sourceVni());
        }
        if (via > 0) {
            w.putU32(NDA_IFINDEX, via);
        }
        w.end(start);
    }

    /**
     * The {@code ndm_state} {@code bridge fdb} sends: permanent is {@code NOARP|PERMANENT}, static
     * ({@code NOARP} alone) is {@code NOARP|REACHABLE}, dynamic is {@code REACHABLE}, nothing means
     * permanent. The kernel rejects an FDB state without {@code PERMANENT} or {@code REACHABLE}.
     */
    static int fdbState(int bits) {
        if ((bits & NUD_PERMANENT) != 0) {
            return bits | NUD_NOARP;
        }
        if ((bits & NUD_REACHABLE) != 0) {
            return bits;
        }
        return (bits & NUD_NOARP) != 0 ? bits | NUD_REACHABLE : bits | NUD_PERMANENT | NUD_NOARP;
    }

    FdbEntry decodeFdb(ByteBuffer b, int payload, int end, IntFunction<String> names) {
        ndmsg.wrap(b, payload).checkLength(end - payload);
        if (ndmsg.family() != AF_BRIDGE) {
            return null;
        }
        MacAddress mac = null;
        Ipv4Address dst = null;
        int vlan = 0;
        int port = -1;
        long vni = -1;
        long srcVni = -1;
        String via = null;
        String master = null;
        attrs.reset(b, ndmsg.attributesOffset(), end);
        while (attrs.next()) {
            switch (attrs.type()) {
                case NDA_LLADDR: mac = attrs.isMac() ? new MacAddress(attrs.mac()) : null; break;
                case NDA_DST: dst = attrs.valueLength() == 4 ? new Ipv4Address(attrs.ipv4()) : null; break;
                case NDA_VLAN: vlan = attrs.u16() & 0xFFF; break;
                case NDA_PORT: port = attrs.u16Be(); break;
                case NDA_VNI: vni = attrs.u32(); break;
                case NDA_SRC_VNI: srcVni = attrs.u32(); break;
                case NDA_IFINDEX: via = names.apply(attrs.s32()); break;
                case NDA_MASTER: master = names.apply(attrs.s32()); break;
                default: break;
            }
        }
        if (mac == null) {
            return null; // an FDB entry of another link-layer type; this model holds Ethernet only
        }
        try {
            return new FdbEntry(mac, names.apply(ndmsg.ifindex()), dst, vlan, port, vni, srcVni, via, master,
                    NeighborFlag.ofBits(ndmsg.flags()), NeighborState.ofBits(ndmsg.state()));
        } catch (IllegalArgumentException e) {
            throw new MalformedPacketException("ndmsg", payload, NeighborMessage.LENGTH, end - payload, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- links

    /** {@code indexes}: [underlay, master] (0 when unset). */
    void encodeNewLink(MessageWriter w, int flags, LinkRequest r, int underlay, int master) {
        int start = w.begin(RTM_NEWLINK, flags);
        ifinfomsg.wrap(w.buffer(), w.reserve(LinkMessage.LENGTH)).family(AF_UNSPEC);
        if (r.up) {
            ifinfomsg.flags(IFF_UP).change(IFF_UP);
        }
        if (r.address != null) {
            w.putMac(IFLA_ADDRESS, r.address.bits());
        }
        if (r.mtu >= 0) {
            w.putU32(IFLA_MTU, r.mtu);
        }
        w.putString(IFLA_IFNAME, r.name);
        if (master > 0) {
            w.putU32(IFLA_MASTER, master);
        }
        int linkinfo = w.beginNest(IFLA_LINKINFO);
        w.putBytes(IFLA_INFO_KIND, r.kind.getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // no NUL, as iproute2
        if ("vxlan".equals(r.kind)) {
            int data = w.beginNest(IFLA_INFO_DATA);
            if (underlay > 0) {
                w.putU32(IFLA_VXLAN_LINK, underlay);
            }
            if (!r.external) {
                w.putU32(IFLA_VXLAN_ID, r.vni);
            }
            if (r.group != null) {
                w.putIpv4(IFLA_VXLAN_GROUP, r.group.bits());
            }
            if (r.local != null) {
                w.putIpv4(IFLA_VXLAN_LOCAL, r.local.bits());
            }
            if (r.ttl >= 0) {
                w.putU8(IFLA_VXLAN_TTL, r.ttl);
            }
            if (r.tos >= 0) {
                w.putU8(IFLA_VXLAN_TOS, r.tos);
            }
            if (r.learning != null) {
                w.putU8(IFLA_VXLAN_LEARNING, r.learning ? 1 : 0);
            }
            if (r.proxy != null) {
                w.putU8(IFLA_VXLAN_PROXY, r.proxy ? 1 : 0);
            }
            if (r.l2miss != null) {
                w.putU8(IFLA_VXLAN_L2MISS, r.l2miss ? 1 : 0);
                w.putU8(IFLA_VXLAN_L3MISS, r.l3miss ? 1 : 0);
            }
            if (r.external) {
                w.putU8(IFLA_VXLAN_COLLECT_METADATA, 1);
            }
            if (r.ageing >= 0) {
                w.putU32(IFLA_VXLAN_AGEING, r.ageing);
            }
            if (r.limit >= 0) {
                w.putU32(IFLA_VXLAN_LIMIT, r.limit);
            }
            if (r.portLow >= 0) {
                w.putU16BePair(IFLA_VXLAN_PORT_RANGE, r.portLow, r.portHigh);
            }
            if (r.udpChecksum != null) {
                w.putU8(IFLA_VXLAN_UDP_CSUM, r.udpChecksum ? 1 : 0);
            }
            if (r.port >= 0) {
                w.putU16Be(IFLA_VXLAN_PORT, r.port);
            }
            if (r.gbp) {
                w.putFlag(IFLA_VXLAN_GBP);
            }
            w.endNest(data);
        } else if ("veth".equals(r.kind)) {
            int data = w.beginNest(IFLA_INFO_DATA);
            int peer = w.beginNest(VETH_INFO_PEER);
            w.reserve(LinkMessage.LENGTH);
            w.putString(IFLA_IFNAME, r.peer);
            w.endNest(peer);
            w.endNest(data);
        }
        w.endNest(linkinfo);
        w.end(start);
    }

    /** RTM_NEWLINK without create flags: changes one existing link. Negative values are left alone. */
    void encodeSetLink(MessageWriter w, int index, int upFlag, int mtu, MacAddress address, int master, int namespaceFd) {
        int start = w.begin(RTM_NEWLINK, 0);
        ifinfomsg.wrap(w.buffer(), w.reserve(LinkMessage.LENGTH)).family(AF_UNSPEC).index(index);
        if (upFlag >= 0) {
            ifinfomsg.flags(upFlag == 1 ? IFF_UP : 0).change(IFF_UP);
        }
        if (address != null) {
            w.putMac(IFLA_ADDRESS, address.bits());
        }
        if (mtu >= 0) {
            w.putU32(IFLA_MTU, mtu);
        }
        if (master >= 0) {
            w.putU32(IFLA_MASTER, master);
        }
        if (namespaceFd >= 0) {
            w.putU32(IFLA_NET_NS_FD, namespaceFd);
        }
        w.end(start);
    }

    /** Decodes an RTM_NEWLINK payload into the route module's link (vxlan parameters included). */
    Link decodeLink(ByteBuffer b, int payload, int end, IntFunction<String> names) {
        ifinfomsg.wrap(b, payload).checkLength(end - payload);
        String name = null;
        int mtu = 0;
        MacAddress address = null;
        Link.Vxlan vxlan = null;
        attrs.reset(b, ifinfomsg.attributesOffset(), end);
        while (attrs.next()) {
            switch (attrs.type()) {
                case IFLA_IFNAME: name = attrs.string(); break;
                case IFLA_MTU: mtu = attrs.s32(); break;
                case IFLA_ADDRESS: address = attrs.isMac() ? new MacAddress(attrs.mac()) : null; break;
                case IFLA_LINKINFO: vxlan = decodeVxlan(names); break;
                default: break;
            }
        }
        long flags = ifinfomsg.flags();
        try {
            return new Link(ifinfomsg.index(), name == null ? "" : name, (flags & IFF_UP) != 0,
                    (flags & IFF_LOWER_UP) != 0, mtu, address, vxlan);
        } catch (IllegalArgumentException e) {
            throw new MalformedPacketException("ifinfomsg", payload, LinkMessage.LENGTH, end - payload, e.getMessage());
        }
    }

    private Link.Vxlan decodeVxlan(IntFunction<String> names) {
        boolean vxlan = false;
        attrs.nested(inner);
        while (inner.next()) {
            if (inner.type() == IFLA_INFO_KIND && inner.stringEquals("vxlan")) {
                vxlan = true;
            }
        }
        if (!vxlan) {
            return null;
        }
        int vni = 0;
        Ipv4Address local = null;
        int port = 0;
        String underlay = null;
        boolean learning = true;
        attrs.nested(inner);
        while (inner.next()) {
            if (inner.type() != IFLA_INFO_DATA) {
                continue;
            }
            inner.nested(innermost);
            while (innermost.next()) {
                switch (innermost.type()) {
                    case IFLA_VXLAN_ID: vni = innermost.s32() & 0xFF_FFFF; break;
                    case IFLA_VXLAN_LOCAL: local = new Ipv4Address(innermost.ipv4()); break;
                    case IFLA_VXLAN_PORT: port = innermost.u16Be(); break;
                    case IFLA_VXLAN_LINK: underlay = names.apply(innermost.s32()); break;
                    case IFLA_VXLAN_LEARNING: learning = innermost.u8() != 0; break;
                    default: break;
                }
            }
        }
        return new Link.Vxlan(vni, local, port, underlay, learning);
    }

    // ---------------------------------------------------------------- addresses

    void encodeAddress(MessageWriter w, int type, int flags, InterfaceAddress a, int ifindex) {
        int start = w.begin(type, flags);
        ifaddrmsg.wrap(w.buffer(), w.reserve(AddressMessage.LENGTH)).family(AF_INET)
                .prefixLength(a.prefixLength()).scope(a.scope()).index(ifindex);
        w.putIpv4(IFA_LOCAL, a.address().bits());
        w.putIpv4(IFA_ADDRESS, a.address().bits());
        w.end(start);
    }

    InterfaceAddress decodeAddress(ByteBuffer b, int payload, int end, IntFunction<String> names) {
        ifaddrmsg.wrap(b, payload).checkLength(end - payload);
        if (ifaddrmsg.family() != AF_INET) {
            return null;
        }
        Ipv4Address local = null;
        Ipv4Address address = null;
        long flags = ifaddrmsg.flags();
        attrs.reset(b, ifaddrmsg.attributesOffset(), end);
        while (attrs.next()) {
            switch (attrs.type()) {
                case IFA_LOCAL: local = new Ipv4Address(attrs.ipv4()); break;
                case IFA_ADDRESS: address = new Ipv4Address(attrs.ipv4()); break;
                case IFA_FLAGS: flags = attrs.u32(); break;
                default: break;
            }
        }
        if (local == null) {
            local = address;
        }
        if (local == null) {
            throw new MalformedPacketException("ifaddrmsg", payload, AddressMessage.LENGTH + 8, end - payload,
                    "address without IFA_LOCAL or IFA_ADDRESS");
        }
        String device = names.apply(ifaddrmsg.index());
        try {
            return new InterfaceAddress(device == null ? "if" + ifaddrmsg.index() : device, local,
                    ifaddrmsg.prefixLength(), ifaddrmsg.scope(), (flags & IFA_F_SECONDARY) != 0);
        } catch (IllegalArgumentException e) {
            throw new MalformedPacketException("ifaddrmsg", payload, AddressMessage.LENGTH, end - payload, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- rules

    void encodeRule(MessageWriter w, int type, int flags, Rule r) {
        int start = w.begin(type, flags);
        rulemsg.wrap(w.buffer(), w.reserve(RuleMessage.LENGTH)).family(AF_INET)
                .dstLength(r.to() != null ? r.to().length() : 0).srcLength(r.from() != null ? r.from().length() : 0)
                .tos(r.tos()).table(r.table() < 256 ? r.table() : 0).action(r.action().number())
                .flags(r.invert() ? FIB_RULE_INVERT : 0);
        if (type == RTM_NEWRULE || r.priority() != 0) {
            w.putU32(FRA_PRIORITY, r.priority());
        }
        if (r.from() != null && r.from().length() > 0) {
            w.putIpv4(FRA_SRC, r.from().address());
        }
        if (r.to() != null && r.to().length() > 0) {
            w.putIpv4(FRA_DST, r.to().address());
        }
        if (r.fwmark() >= 0) {
            w.putU32(FRA_FWMARK, r.fwmark());
            if (r.fwmask() != 0xFFFF_FFFFL) {
                w.putU32(FRA_FWMASK, r.fwmask());
            }
        }
        if (r.iif() != null) {
            w.putString(FRA_IIFNAME, r.iif());
        }
        if (r.oif() != null) {
            w.putString(FRA_OIFNAME, r.oif());
        }
        if (r.table() >= 256) {
            w.putU32(FRA_TABLE, r.table());
        }
        if (r.action() == RuleAction.GOTO) {
            w.putU32(FRA_GOTO, r.gotoPriority());
        }
        if (r.suppressPrefixLength() >= 0) {
            w.putU32(FRA_SUPPRESS_PREFIXLEN, r.suppressPrefixLength());
        }
        if (r.protocol() != 0) {
            w.putU8(FRA_PROTOCOL, r.protocol());
        }
        if (r.ipProto() >= 0) {
            w.putU8(FRA_IP_PROTO, r.ipProto());
        }
        w.end(start);
    }

    Rule decodeRule(ByteBuffer b, int payload, int end) {
        rulemsg.wrap(b, payload).checkLength(end - payload);
        if (rulemsg.family() != AF_INET) {
            return null;
        }
        long priority = 0;
        int src = 0;
        int dst = 0;
        long fwmark = -1;
        long fwmask = 0xFFFF_FFFFL;
        String iif = null;
        String oif = null;
        boolean l3mdev = false;
        int table = rulemsg.table();
        long gotoPriority = 0;
        int suppress = -1;
        int protocol = 0;
        int ipProto = -1;
        PortRange uid = null;
        PortRange sport = null;
        PortRange dport = null;
        attrs.reset(b, rulemsg.attributesOffset(), end);
        try {
            while (attrs.next()) {
                switch (attrs.type()) {
                case FRA_PRIORITY: priority = attrs.u32(); break;
                case FRA_SRC: src = attrs.ipv4(); break;
                case FRA_DST: dst = attrs.ipv4(); break;
                case FRA_FWMARK: fwmark = attrs.u32(); break;
                case FRA_FWMASK: fwmask = attrs.u32(); break;
                case FRA_IIFNAME: iif = attrs.string(); break;
                case FRA_OIFNAME: oif = attrs.string(); break;
                case FRA_L3MDEV: l3mdev = attrs.u8() != 0; break;
                case FRA_TABLE: table = attrs.s32(); break;
                case FRA_GOTO: gotoPriority = attrs.u32(); break;
                case FRA_SUPPRESS_PREFIXLEN: suppress = attrs.s32(); break;
                case FRA_PROTOCOL: protocol = attrs.u8(); break;
                case FRA_IP_PROTO: ipProto = attrs.u8(); break;
                case FRA_UID_RANGE: uid = new PortRange(attrs.u32(), attrs.s32At(4) & 0xFFFF_FFFFL); break;
                case FRA_SPORT_RANGE: sport = new PortRange(attrs.u16At(0), attrs.u16At(2)); break;
                case FRA_DPORT_RANGE: dport = new PortRange(attrs.u16At(0), attrs.u16At(2)); break;
                default: break;
                }
            }
            RuleAction action = RuleAction.ofNumber(rulemsg.action());
            return new Rule(priority, (rulemsg.flags() & FIB_RULE_INVERT) != 0,
                    src != 0 || rulemsg.srcLength() != 0 ? new Ipv4Prefix(src, rulemsg.srcLength()) : null,
                    dst != 0 || rulemsg.dstLength() != 0 ? new Ipv4Prefix(dst, rulemsg.dstLength()) : null,
                    rulemsg.tos(), fwmark, fwmask, iif, oif, l3mdev, uid, ipProto, sport, dport, action, table,
                    gotoPriority, suppress, protocol);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedPacketException("fib_rule_hdr", payload, RuleMessage.LENGTH, end - payload, String.valueOf(e.getMessage()));
        }
    }

}
