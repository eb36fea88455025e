package io.github.overlaykit.netlink;

import static io.github.overlaykit.netlink.constants.Netlink.AF_BRIDGE;
import static io.github.overlaykit.netlink.constants.Netlink.AF_INET;
import static io.github.overlaykit.netlink.constants.Netlink.AF_UNSPEC;
import static io.github.overlaykit.netlink.constants.Netlink.NLMSGERR_ATTR_MSG;
import static io.github.overlaykit.netlink.constants.Netlink.NLMSGERR_ATTR_OFFS;
import static io.github.overlaykit.netlink.constants.Netlink.NLMSG_DONE;
import static io.github.overlaykit.netlink.constants.Netlink.NLMSG_ERROR;
import static io.github.overlaykit.netlink.constants.Netlink.NLM_F_ACK;
import static io.github.overlaykit.netlink.constants.Netlink.NLM_F_ACK_TLVS;
import static io.github.overlaykit.netlink.constants.Netlink.NLM_F_APPEND;
import static io.github.overlaykit.netlink.constants.Netlink.NLM_F_CREATE;
import static io.github.overlaykit.netlink.constants.Netlink.NLM_F_DUMP;
import static io.github.overlaykit.netlink.constants.Netlink.NLM_F_DUMP_FILTERED;
import static io.github.overlaykit.netlink.constants.Netlink.NLM_F_DUMP_INTR;
import static io.github.overlaykit.netlink.constants.Netlink.NLM_F_EXCL;
import static io.github.overlaykit.netlink.constants.Netlink.NLM_F_REPLACE;
import static io.github.overlaykit.netlink.constants.Netlink.NLM_F_REQUEST;
import static io.github.overlaykit.netlink.constants.Rtnetlink.*;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.netlink.message.AddressMessage;
import io.github.overlaykit.netlink.message.AttributeIterator;
import io.github.overlaykit.netlink.message.ErrorMessage;
import io.github.overlaykit.netlink.message.LinkMessage;
import io.github.overlaykit.netlink.message.MessageWriter;
import io.github.overlaykit.netlink.message.NeighborMessage;
import io.github.overlaykit.netlink.message.NetlinkMessageHeader;
import io.github.overlaykit.netlink.message.RouteMessage;
import io.github.overlaykit.netlink.message.RuleMessage;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.InterfaceAddress;
import io.github.overlaykit.route.Link;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.NextHop;
import io.github.overlaykit.route.Route;
import io.github.overlaykit.route.Rule;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A typed rtnetlink client: links, addresses, routes, rules, neighbours and the bridge FDB, speaking
 * the route module's records ({@link Route}, {@link Neighbor}, {@link FdbEntry}, {@link Link},
 * {@link Rule}).
 *
 * <pre>{@code
 * try (RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named("blue"))) {
 *     nl.addLink(LinkRequest.vxlan("flannel.1", 1).local(local).underlay("eth0").port(8472).learning(false));
 *     nl.setLinkUp("flannel.1", true);
 *     nl.replaceNeighbor(Neighbor.permanent(gw, "flannel.1", vtepMac));        // ip neigh replace
 *     nl.replaceFdb(FdbEntry.vxlan(vtepMac, "flannel.1", remotePublicIp));     // bridge fdb replace
 *     nl.replaceRoute(Route.parse("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink"));
 *     List<Route> main = nl.routes(RouteFilter.table(254));
 * }
 * }</pre>
 *
 * <p>Every single request asks for an ACK (in a batch, see {@link Options#ackEachBatchedRequest(boolean)});
 * failures throw {@link NetlinkException} with the errno name, the operation and the kernel's
 * extended-ACK text. Dumps are filtered in the kernel where it can
 * (strict checking) and again here; a dump the kernel flags {@code NLM_F_DUMP_INTR} is retried
 * {@link Options#dumpRetries(int)} times and then throws {@link DumpInterruptedException} carrying the
 * partial result. {@link #batch()} sends many requests per {@code sendmsg} with a result per request.
 *
 * <p>Devices are named as {@code ip} names them; names are resolved to indexes with one
 * {@code RTM_GETLINK} per request (per distinct name in a batch). Only IPv4 routes, neighbours and
 * addresses are modelled; dumps skip other families.
 *
 * <p>Thread safety: all public methods are {@code synchronized}; one request is in flight at a time per
 * client. Use one client per thread for parallelism. The client owns its socket; nothing is global.
 */
public final class RtnetlinkClient implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 64 * 1024;
    private static final int REQUEST_BUFFER = 64 * 1024;
    /**
     * The most request bytes a batch puts in one {@code sendmsg}: well under the kernel's default
     * send buffer ({@code net.core.wmem_default}, 208 KiB), which bounds a netlink datagram.
     */
    static final int MAX_DATAGRAM_BYTES = 64 * 1024;
    /**
     * An upper bound of the kernel's accounting ({@code skb->truesize}) for one ACK or error reply
     * queued on our socket: measured about 760 bytes here (a datagram of 250 failing requests fits the
     * default 208 KiB receive queue, 300 do not); doubled for extended-ACK texts.
     */
    static final int REPLY_QUEUE_COST = 1536;
    /**
     * The receive queue a client asks for ({@code SO_RCVBUFFORCE}, which the kernel doubles), so that
     * the replies of a 1024-request datagram in which every request fails all fit.
     */
    static final int RECEIVE_QUEUE = 1024 * REPLY_QUEUE_COST;

    /** Settings of a client; immutable, with copy-on-write setters. */
    public static final class Options {
        private final int dumpRetries;
        private final int timeoutMillis;
        private final int messagesPerDatagram;
        private final boolean ackEachBatchedRequest;

        private Options(int dumpRetries, int timeoutMillis, int messagesPerDatagram, boolean ackEachBatchedRequest) {
            this.dumpRetries = dumpRetries;
            this.timeoutMillis = timeoutMillis;
            this.messagesPerDatagram = messagesPerDatagram;
            this.ackEachBatchedRequest = ackEachBatchedRequest;
        }

        /**
         * The defaults: no automatic dump retry (an interrupted dump throws with its partial result),
         * a 30 s reply timeout, 64 requests per datagram in batches, and in a batch an ACK only for the
         * last request of each datagram (see {@link #ackEachBatchedRequest(boolean)}).
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(0, 30_000, 64, false);
        }

        /**
         * Retries a dump the kernel flagged interrupted up to {@code retries} more times before throwing.
         *
         * @param retries 0 or more
         * @return a copy
         */
        public Options dumpRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be >= 0");
            }
            return new Options(retries, timeoutMillis, messagesPerDatagram, ackEachBatchedRequest);
        }

        /**
         * Sets how long to wait for each reply datagram.
         *
         * @param millis milliseconds, or -1 to wait forever
         * @return a copy
         */
        public Options timeoutMillis(int millis) {
            return new Options(dumpRetries, millis, messagesPerDatagram, ackEachBatchedRequest);
        }

        /**
         * Sets how many batched requests share one {@code sendmsg}. 64 and 1024 measured alike here once
         * only the last request of a datagram asks for an ACK (docs/benchmarks.md); a batch sends fewer
         * when their bytes pass 64 KiB or their possible errors would not fit the receive queue.
         *
         * @param count 1..1024
         * @return a copy
         */
        public Options messagesPerDatagram(int count) {
            if (count < 1 || count > 1024) {
                throw new IllegalArgumentException("messages per datagram must be 1..1024");
            }
            return new Options(dumpRetries, timeoutMillis, count, ackEachBatchedRequest);
        }

        /**
         * Chooses whether every batched request asks for an ACK ({@code NLM_F_ACK}), as iproute2's
         * requests do. Off by default: the kernel answers a failed request with {@code NLMSG_ERROR}
         * whether or not it was asked to, so only the last request of each datagram asks, and its ACK
         * tells that the kernel has handled the whole datagram (as libmnl and nftables batches do). The
         * results are the same either way, each failure attributed by sequence number; on is one more
         * reply datagram (one more {@code recvmsg}) per request.
         *
         * @param ackEach true to ask for an ACK on every batched request
         * @return a copy
         */
        public Options ackEachBatchedRequest(boolean ackEach) {
            return new Options(dumpRetries, timeoutMillis, messagesPerDatagram, ackEach);
        }
    }

    private final NetlinkTransport transport;
    private final Options options;
    private final ByteBuffer request = ByteBuffer.allocateDirect(REQUEST_BUFFER);
    private final ByteBuffer receive = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
    private final MessageWriter writer = new MessageWriter();
    private final NetlinkMessageHeader header = new NetlinkMessageHeader();
    private final NetlinkMessageHeader sent = new NetlinkMessageHeader();
    private final ErrorMessage error = new ErrorMessage();
    private final AttributeIterator ack = new AttributeIterator();
    private final AttributeIterator attrs = new AttributeIterator();
    private final Codec codec = new Codec();
    private long sequence = 1;
    private boolean lastDumpFiltered;
    /** How many requests of a batch may share a datagram without their replies overflowing our queue. */
    private final int repliesThatFit;

    private RtnetlinkClient(NetlinkTransport transport, Options options) {
        this.transport = transport;
        this.options = options;
        this.repliesThatFit = Math.max(1, transport.receiveQueueBytes() / REPLY_QUEUE_COST);
    }

    /** Sizes a new socket's receive queue for batches; closes it if that fails. */
    private static NetlinkSocket withBatchReceiveQueue(NetlinkSocket socket) {
        try {
            socket.receiveBufferSize(RECEIVE_QUEUE); // without CAP_NET_ADMIN: net.core.rmem_max caps it
            return socket;
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Opens a client in the caller's network namespace.
     *
     * @return the client
     * @throws NetlinkException if the socket cannot be created
     */
    public static RtnetlinkClient open() {
        return over(withBatchReceiveQueue(NetlinkSocket.open(0)), Options.defaults());
    }

    /**
     * Opens a client whose socket lives in {@code namespace}.
     *
     * @param namespace the namespace
     * @return the client
     * @throws NetlinkException if the namespace cannot be entered or the socket created
     */
    public static RtnetlinkClient open(NetNamespace namespace) {
        return over(withBatchReceiveQueue(NetlinkSocket.open(namespace, 0)), Options.defaults());
    }

    /**
     * Opens a client with options whose socket lives in {@code namespace}.
     *
     * @param namespace the namespace, or null for the caller's
     * @param options   the options
     * @return the client
     */
    public static RtnetlinkClient open(NetNamespace namespace, Options options) {
        return over(withBatchReceiveQueue(NetlinkSocket.open(namespace, 0)), options);
    }

    /**
     * Makes a client over any transport (a fake kernel in tests). The client closes it.
     *
     * @param transport the transport
     * @param options   the options
     * @return the client
     */
    public static RtnetlinkClient over(NetlinkTransport transport, Options options) {
        return new RtnetlinkClient(transport, options);
    }

    // ================================================================ links

    /**
     * Lists links ({@code ip link show}).
     *
     * @return every link, in index order
     */
    public synchronized List<Link> links() {
        Map<Integer, String> names = linkNames();
        return dump("RTM_GETLINK dump", RTM_GETLINK, this::writeLinkDumpHeader,
                (b, p, e) -> codec.decodeLink(b, p, e, names::get));
    }

    /**
     * Gets one link by name.
     *
     * @param name the device name
     * @return the link, or empty if there is none
     */
    public synchronized Optional<Link> link(String name) {
        try {
            return Optional.of(getLink(0, name));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Gets one link by index.
     *
     * @param index the ifindex
     * @return the link, or empty if there is none
     */
    public synchronized Optional<Link> link(int index) {
        try {
            return Optional.of(getLink(index, null));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Link getLink(int index, String name) {
        writer.wrap(request, 0);
        int start = writer.begin(RTM_GETLINK, NLM_F_REQUEST);
        new LinkMessage().wrap(request, writer.reserve(LinkMessage.LENGTH)).index(index);
        if (name != null) {
            writer.putString(IFLA_IFNAME, name);
        }
        writer.putU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
        writer.end(start);
        List<Link> result = new ArrayList<>(1);
        int[] referenced = {0};
        String what = "RTM_GETLINK " + (name != null ? name : "index " + index);
        exchange(what, false, (b, p, e) -> {
            result.add(codec.decodeLink(b, p, e, i -> {
                referenced[0] = i;
                return "#" + i;
            }));
            return null;
        });
        Link link = result.get(0);
        if (link.vxlan() != null && link.vxlan().underlayDevice() != null) {
            // the vxlan underlay is reported by index: name it with a second lookup
            String underlay = referenced[0] == link.index() ? link.name() : nameOrIndex(referenced[0]);
            Link.Vxlan v = link.vxlan();
            link = new Link(link.index(), link.name(), link.up(), link.lowerUp(), link.mtu(), link.address(),
                    new Link.Vxlan(v.vni(), v.local(), v.destinationPort(), underlay, v.learning()));
        }
        return link;
    }

    // an underlay in another namespace (IFLA_LINK_NETNSID) is not known here: keep its index visible
    private String nameOrIndex(int index) {
        try {
            return getLink(index, null).name();
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return "if" + index;
            }
            throw e;
        }
    }

    /**
     * Returns the index of a device.
     *
     * @param name the device name
     * @return its ifindex
     * @throws NetlinkException with {@link Errno#ENODEV} if there is none
     */
    public synchronized int indexOf(String name) {
        return getLink(0, name).index();
    }

    /**
     * Creates a link ({@code ip link add}) and returns it as the kernel now reports it.
     *
     * @param link what to create
     * @return the new link
     * @throws NetlinkException {@code EEXIST} if a link of that name exists, {@code ENODEV} if the
     *     underlay or master is missing
     */
    public synchronized Link addLink(LinkRequest link) {
        int underlay = link.underlay != null ? indexOf(link.underlay) : 0;
        int master = link.master != null ? indexOf(link.master) : 0;
        writer.wrap(request, 0);
        codec.encodeNewLink(writer, NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, link, underlay, master);
        execute("RTM_NEWLINK add " + link.name() + " type " + link.kind());
        return link(link.name()).orElseThrow(() -> new NetlinkException(Errno.ENODEV,
                "RTM_GETLINK " + link.name() + " after create", null, -1));
    }

    /**
     * Deletes a link ({@code ip link del}); deleting one end of a veth pair deletes both.
     *
     * @param name the device
     * @throws NetlinkException {@code ENODEV} if there is none
     */
    public synchronized void deleteLink(String name) {
        int index = indexOf(name);
        writer.wrap(request, 0);
        int start = writer.begin(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK);
        new LinkMessage().wrap(request, writer.reserve(LinkMessage.LENGTH)).index(index);
        writer.end(start);
        execute("RTM_DELLINK " + name);
    }

    /**
     * Sets a link up or down ({@code ip link set NAME up|down}).
     *
     * @param name the device
     * @param up   true for up
     */
    public synchronized void setLinkUp(String name, boolean up) {
        setLink(name, up ? 1 : 0, -1, null, -1, -1, "RTM_NEWLINK set " + name + (up ? " up" : " down"));
    }

    /**
     * Sets a link's MTU ({@code ip link set NAME mtu N}).
     *
     * @param name the device
     * @param mtu  the MTU
     */
    public synchronized void setLinkMtu(String name, int mtu) {
        setLink(name, -1, mtu, null, -1, -1, "RTM_NEWLINK set " + name + " mtu " + mtu);
    }

    /**
     * Sets a link's MAC address ({@code ip link set NAME address MAC}).
     *
     * @param name    the device
     * @param address the new address
     */
    public synchronized void setLinkAddress(String name, MacAddress address) {
        setLink(name, -1, -1, address, -1, -1, "RTM_NEWLINK set " + name + " address " + address);
    }

    /**
     * Enslaves a link to a master or frees it ({@code ip link set NAME master BR | nomaster}).
     *
     * @param name   the device
     * @param master the master's name, or null for {@code nomaster}
     */
    public synchronized void setLinkMaster(String name, String master) {
        int masterIndex = master == null ? 0 : indexOf(master);
        setLink(name, -1, -1, null, masterIndex, -1, "RTM_NEWLINK set " + name + (master == null ? " nomaster" : " master " + master));
    }

    /**
     * Moves a link into another network namespace ({@code ip link set NAME netns NS}).
     *
     * @param name   the device
     * @param target the namespace
     */
    public synchronized void moveLink(String name, NetNamespace target) {
        int index = indexOf(name);
        int fd = target.openDescriptor();
        try {
            writer.wrap(request, 0);
            codec.encodeSetLink(writer, index, -1, -1, null, -1, fd);
            NetlinkMessageHeader h = sent.wrap(request, 0);
            h.flags(NLM_F_REQUEST | NLM_F_ACK);
            execute("RTM_NEWLINK set " + name + " netns " + target);
        } finally {
            target.closeDescriptor(fd);
        }
    }

    private void setLink(String name, int up, int mtu, MacAddress address, int master, int fd, String what) {
        int index = indexOf(name);
        writer.wrap(request, 0);
        codec.encodeSetLink(writer, index, up, mtu, address, master, fd);
        sent.wrap(request, 0).flags(NLM_F_REQUEST | NLM_F_ACK);
        execute(what);
    }

    private void writeLinkDumpHeader() {
        new LinkMessage().wrap(request, writer.reserve(LinkMessage.LENGTH)).family(AF_UNSPEC);
        writer.putU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    }

    /** index -> name of every link, from one dump (used to name devices in other dumps). */
    private Map<Integer, String> linkNames() {
        Map<Integer, String> names = new HashMap<>();
        dump("RTM_GETLINK dump", RTM_GETLINK, this::writeLinkDumpHeader, (b, p, e) -> {
            LinkMessage m = new LinkMessage().wrap(b, p).checkLength(e - p);
            attrs.reset(b, m.attributesOffset(), e);
            while (attrs.next()) {
                if (attrs.type() == IFLA_IFNAME) {
                    names.put(m.index(), attrs.string());
                }
            }
            return null;
        });
        return names;
    }

    // ================================================================ addresses

    /**
     * Lists IPv4 addresses ({@code ip -4 addr show}).
     *
     * @return every IPv4 address
     */
    public synchronized List<InterfaceAddress> addresses() {
        Map<Integer, String> names = linkNames();
        return dump("RTM_GETADDR dump", RTM_GETADDR,
                () -> new AddressMessage().wrap(request, writer.reserve(AddressMessage.LENGTH)).family(AF_INET),
                (b, p, e) -> codec.decodeAddress(b, p, e, names::get));
    }

    /**
     * Adds an address ({@code ip addr add}).
     *
     * @param address the address
     * @throws NetlinkException {@code EEXIST} if it is already there
     */
    public synchronized void addAddress(InterfaceAddress address) {
        addressRequest(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, address, "add");
    }

    /**
     * Adds or replaces an address ({@code ip addr replace}).
     *
     * @param address the address
     */
    public synchronized void replaceAddress(InterfaceAddress address) {
        addressRequest(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, address, "replace");
    }

    /**
     * Deletes an address ({@code ip addr del}).
     *
     * @param address the address
     */
    public synchronized void deleteAddress(InterfaceAddress address) {
        addressRequest(RTM_DELADDR, 0, address, "del");
    }

    private void addressRequest(int type, int flags, InterfaceAddress address, String verb) {
        int index = indexOf(address.device());
        writer.wrap(request, 0);
        codec.encodeAddress(writer, type, NLM_F_REQUEST | NLM_F_ACK | flags, address, index);
        execute(messageName(type) + " " + verb + " " + address.address() + "/" + address.prefixLength() + " dev "
                + address.device());
    }

    // ================================================================ routes

    /**
     * Lists IPv4 routes matching a filter; the kernel filters under strict checking and this client
     * filters again, so the answer does not depend on the kernel version.
     *
     * @param filter table, protocol, type and device, each optional
     * @return the routes, in the kernel's order
     */
    public synchronized List<Route> routes(RouteFilter filter) {
        Map<Integer, String> names = linkNames();
        int oif = 0;
        if (filter.device() != null) {
            oif = names.entrySet().stream().filter(en -> en.getValue().equals(filter.device()))
                    .mapToInt(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new NetlinkException(Errno.ENODEV, "RTM_GETROUTE dump dev " + filter.device(), null, -1));
        }
        int oifIndex = oif;
        List<Route> routes = dump("RTM_GETROUTE dump", RTM_GETROUTE, () -> {
            RouteMessage m = new RouteMessage().wrap(request, writer.reserve(RouteMessage.LENGTH)).family(AF_INET);
            if (filter.table() >= 0 && filter.table() < 256) {
                m.table(filter.table());
            }
            if (filter.protocol() >= 0) {
                m.protocol(filter.protocol());
            }
            if (filter.type() >= 0) {
                m.type(filter.type());
            }
            if (filter.table() >= 256) {
                writer.putU32(RTA_TABLE, filter.table());
            }
            if (oifIndex > 0) {
                writer.putU32(RTA_OIF, oifIndex);
            }
        }, (b, p, e) -> codec.decodeRoute(b, p, e, names::get));
        routes.removeIf(r -> !matches(filter, r));
        return routes;
    }

    private static boolean matches(RouteFilter filter, Route r) {
        if (filter.table() >= 0 && r.table() != filter.table()) {
            return false;
        }
        if (filter.protocol() >= 0 && r.protocol() != filter.protocol()) {
            return false;
        }
        if (filter.type() >= 0 && r.type().number() != filter.type()) {
            return false;
        }
        if (filter.device() != null) {
            for (NextHop hop : r.nextHops()) {
                if (filter.device().equals(hop.device())) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /**
     * Tells whether the kernel applied the last route dump's filter itself ({@code NLM_F_DUMP_FILTERED}).
     *
     * @return true if the last dump came back marked filtered
     */
    public synchronized boolean lastDumpFiltered() {
        return lastDumpFiltered;
    }

    /**
     * Asks the kernel which route it would use for a destination ({@code ip route get ADDR}), or with
     * {@code fibMatch} the FIB entry that matched ({@code ip route get fibmatch ADDR}).
     *
     * @param destination the address
     * @param fibMatch    true for the matched table entry rather than the resolved result
     * @return the route
     * @throws NetlinkException {@code ENETUNREACH} when nothing matches, as {@code ip} reports
     */
    public synchronized Route getRoute(Ipv4Address destination, boolean fibMatch) {
        Map<Integer, String> names = linkNames();
        writer.wrap(request, 0);
        int start = writer.begin(RTM_GETROUTE, NLM_F_REQUEST);
        new RouteMessage().wrap(request, writer.reserve(RouteMessage.LENGTH)).family(AF_INET).dstLength(32)
                .flags(RTM_F_LOOKUP_TABLE | (fibMatch ? RTM_F_FIB_MATCH : 0));
        writer.putIpv4(RTA_DST, destination.bits());
        writer.end(start);
        List<Route> result = new ArrayList<>(1);
        exchange("RTM_GETROUTE " + destination + (fibMatch ? " fibmatch" : ""), false, (b, p, e) -> {
            result.add(codec.decodeRoute(b, p, e, names::get, true));
            return null;
        });
        return result.get(0);
    }

    /**
     * Adds a route ({@code ip route add}).
     *
     * @param route the route
     * @throws NetlinkException {@code EEXIST} if one with the same key exists
     */
    public synchronized void addRoute(Route route) {
        routeRequest(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, route, "add");
    }

    /**
     * Appends a route ({@code ip route append}): adds it even if one with the same key exists.
     *
     * @param route the route
     */
    public synchronized void appendRoute(Route route) {
        routeRequest(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND, route, "append");
    }

    /**
     * Adds a route before any with the same key ({@code ip route prepend}).
     *
     * @param route the route
     */
    public synchronized void prependRoute(Route route) {
        routeRequest(RTM_NEWROUTE, NLM_F_CREATE, route, "prepend");
    }

    /**
     * Adds or replaces a route ({@code ip route replace}), flannel's call.
     *
     * @param route the route
     */
    public synchronized void replaceRoute(Route route) {
        routeRequest(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, route, "replace");
    }

    /**
     * Changes an existing route ({@code ip route change}).
     *
     * @param route the route
     * @throws NetlinkException {@code ENOENT} if there is none with that key
     */
    public synchronized void changeRoute(Route route) {
        routeRequest(RTM_NEWROUTE, NLM_F_REPLACE, route, "change");
    }

    /**
     * Deletes a route ({@code ip route del}): the first one with this destination, TOS, table and (when
     * not 0) metric whose gateway and device match the given next hop; protocol and scope are not
     * compared, as with {@code ip route del} without {@code proto}/{@code scope}.
     *
     * @param route the route
     * @throws NetlinkException {@code ESRCH} if none matches
     */
    public synchronized void deleteRoute(Route route) {
        routeRequest(RTM_DELROUTE, 0, route, "del");
    }

    private void routeRequest(int type, int flags, Route route, String verb) {
        int[] oifs = new int[route.nextHops().size()];
        for (int i = 0; i < oifs.length; i++) {
            String device = route.nextHops().get(i).device();
            oifs[i] = device == null ? 0 : indexOf(device);
        }
        writer.wrap(request, 0);
        codec.encodeRoute(writer, type, NLM_F_REQUEST | NLM_F_ACK | flags, route, oifs);
        execute(messageName(type) + " " + verb + " " + route.destination());
    }

    // ================================================================ rules

    /**
     * Lists IPv4 policy routing rules ({@code ip -4 rule show}).
     *
     * @return the rules in priority order
     */
    public synchronized List<Rule> rules() {
        return dump("RTM_GETRULE dump", RTM_GETRULE,
                () -> new RuleMessage().wrap(request, writer.reserve(RuleMessage.LENGTH)).family(AF_INET),
                (b, p, e) -> codec.decodeRule(b, p, e));
    }

    /**
     * Adds a rule ({@code ip rule add}).
     *
     * @param rule the rule
     */
    public synchronized void addRule(Rule rule) {
        writer.wrap(request, 0);
        codec.encodeRule(writer, RTM_NEWRULE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, rule);
        execute("RTM_NEWRULE add pref " + rule.priority());
    }

    /**
     * Deletes a rule ({@code ip rule del}).
     *
     * @param rule the rule
     */
    public synchronized void deleteRule(Rule rule) {
        writer.wrap(request, 0);
        codec.encodeRule(writer, RTM_DELRULE, NLM_F_REQUEST | NLM_F_ACK, rule);
        execute("RTM_DELRULE pref " + rule.priority());
    }

    // ================================================================ neighbours

    /**
     * Lists IPv4 neighbours ({@code ip -4 neigh show}).
     *
     * @return every entry, all states
     */
    public synchronized List<Neighbor> neighbors() {
        Map<Integer, String> names = linkNames();
        return dump("RTM_GETNEIGH dump", RTM_GETNEIGH,
                () -> new NeighborMessage().wrap(request, writer.reserve(NeighborMessage.LENGTH)).family(AF_INET),
                (b, p, e) -> codec.decodeNeighbor(b, p, e, names::get));
    }

    /**
     * Adds a neighbour ({@code ip neigh add}).
     *
     * @param neighbor the entry
     * @throws NetlinkException {@code EEXIST} if present
     */
    public synchronized void addNeighbor(Neighbor neighbor) {
        neighborRequest(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, neighbor, "add");
    }

    /**
     * Adds or replaces a neighbour ({@code ip neigh replace}), flannel's ARP entry call.
     *
     * @param neighbor the entry
     */
    public synchronized void replaceNeighbor(Neighbor neighbor) {
        neighborRequest(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, neighbor, "replace");
    }

    /**
     * Deletes a neighbour ({@code ip neigh del}).
     *
     * @param neighbor the entry (address and device are what matter)
     */
    public synchronized void deleteNeighbor(Neighbor neighbor) {
        neighborRequest(RTM_DELNEIGH, 0, neighbor, "del");
    }

    private void neighborRequest(int type, int flags, Neighbor neighbor, String verb) {
        int index = indexOf(requireDevice(neighbor.device(), "neighbour"));
        writer.wrap(request, 0);
        codec.encodeNeighbor(writer, type, NLM_F_REQUEST | NLM_F_ACK | flags, neighbor, index);
        execute(messageName(type) + " " + verb + " " + neighbor.address() + " dev " + neighbor.device());
    }

    // ================================================================ FDB

    /**
     * Lists the bridge FDB ({@code bridge fdb show}): vxlan device entries and bridge entries.
     *
     * @return every entry
     */
    public synchronized List<FdbEntry> fdb() {
        Map<Integer, String> names = linkNames();
        return dump("RTM_GETNEIGH dump AF_BRIDGE", RTM_GETNEIGH,
                () -> new NeighborMessage().wrap(request, writer.reserve(NeighborMessage.LENGTH)).family(AF_BRIDGE),
                (b, p, e) -> codec.decodeFdb(b, p, e, names::get));
    }

    /**
     * Adds an FDB entry ({@code bridge fdb add}).
     *
     * @param entry the entry
     * @throws NetlinkException {@code EEXIST} if present
     */
    public synchronized void addFdb(FdbEntry entry) {
        fdbRequest(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, entry, "add");
    }

    /**
     * Adds or replaces an FDB entry ({@code bridge fdb replace}), flannel's call.
     *
     * @param entry the entry
     */
    public synchronized void replaceFdb(FdbEntry entry) {
        fdbRequest(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, entry, "replace");
    }

    /**
     * Appends an FDB entry ({@code bridge fdb append}): another destination for the same MAC, as used
     * for the all-zero MAC's flood list.
     *
     * @param entry the entry
     */
    public synchronized void appendFdb(FdbEntry entry) {
        fdbRequest(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_APPEND, entry, "append");
    }

    /**
     * Deletes an FDB entry ({@code bridge fdb del}).
     *
     * @param entry the entry (MAC, device, and for vxlan the destination)
     */
    public synchronized void deleteFdb(FdbEntry entry) {
        fdbRequest(RTM_DELNEIGH, 0, entry, "del");
    }

    private void fdbRequest(int type, int flags, FdbEntry entry, String verb) {
        int index = indexOf(requireDevice(entry.device(), "FDB entry"));
        int via = entry.via() != null ? indexOf(entry.via()) : 0;
        writer.wrap(request, 0);
        codec.encodeFdb(writer, type, NLM_F_REQUEST | NLM_F_ACK | flags, entry, index, via);
        execute(messageName(type) + " " + verb + " fdb " + entry.mac() + " dev " + entry.device());
    }

    private static String requireDevice(String device, String what) {
        if (device == null) {
            throw new IllegalArgumentException("a " + what + " needs a device");
        }
        return device;
    }

    // ================================================================ batches

    /**
     * Starts a batch: requests are encoded now and sent by {@link Batch#execute()}, many per
     * {@code sendmsg}, each with its own result.
     *
     * @return an empty batch bound to this client
     */
    public synchronized Batch batch() {
        return new Batch();
    }

    /**
     * Requests encoded for one pipelined run. Device names are resolved once per batch. Not thread-safe.
     */
    public final class Batch {
        private ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        private final MessageWriter batchWriter = new MessageWriter().wrap(buffer, 0);
        private int[] offsets = new int[256];
        // what each request was, kept as parts: the text is built only for a failure
        private String[] verbs = new String[256];
        private Object[] subjects = new Object[256];
        private int count;
        private final Map<String, Integer> indexes = new HashMap<>();

        private Batch() {
        }

        private int index(String name) {
            Integer cached = indexes.get(name);
            if (cached == null) {
                cached = indexOf(name);
                indexes.put(name, cached);
            }
            return cached;
        }

        private interface Encoder {
            void encode(MessageWriter w);
        }

        private Batch add(String verb, Object subject, Encoder encoder) {
            while (true) {
                int mark = batchWriter.position();
                try {
                    encoder.encode(batchWriter);
                    break;
                } catch (java.nio.BufferOverflowException e) {
                    batchWriter.rewind(mark);
                    ByteBuffer bigger = ByteBuffer.allocateDirect(buffer.capacity() * 2);
                    ByteBuffer old = buffer.duplicate();
                    old.position(0).limit(mark);
                    bigger.put(old);
                    bigger.position(0);
                    buffer = bigger;
                    batchWriter.wrap(buffer, mark);
                }
            }
            if (count == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, count * 2);
                verbs = java.util.Arrays.copyOf(verbs, count * 2);
                subjects = java.util.Arrays.copyOf(subjects, count * 2);
            }
            offsets[count] = batchWriter.position();
            verbs[count] = verb;
            subjects[count] = subject;
            count++;
            return this;
        }

        private int[] oifs(Route route) {
            int[] oifs = new int[route.nextHops().size()];
            for (int i = 0; i < oifs.length; i++) {
                String device = route.nextHops().get(i).device();
                oifs[i] = device == null ? 0 : index(device);
            }
            return oifs;
        }

        /** {@code operation} names the request in a failure, e.g. "RTM_NEWROUTE add" (a constant: no text per request). */
        private Batch route(int type, int flags, Route route, String operation) {
            int[] oifs = oifs(route);
            return add(operation, route,
                    w -> codec.encodeRoute(w, type, NLM_F_REQUEST | flags, route, oifs));
        }

        /**
         * Queues {@link RtnetlinkClient#addRoute(Route)}.
         *
         * @param route the route
         * @return this
         */
        public Batch addRoute(Route route) {
            return route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, route, "RTM_NEWROUTE add");
        }

        /**
         * Queues {@link RtnetlinkClient#replaceRoute(Route)}.
         *
         * @param route the route
         * @return this
         */
        public Batch replaceRoute(Route route) {
            return route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, route, "RTM_NEWROUTE replace");
        }

        /**
         * Queues {@link RtnetlinkClient#deleteRoute(Route)}.
         *
         * @param route the route
         * @return this
         */
        public Batch deleteRoute(Route route) {
            return route(RTM_DELROUTE, 0, route, "RTM_DELROUTE del");
        }

        /**
         * Queues {@link RtnetlinkClient#replaceNeighbor(Neighbor)}.
         *
         * @param neighbor the entry
         * @return this
         */
        public Batch replaceNeighbor(Neighbor neighbor) {
            int index = index(requireDevice(neighbor.device(), "neighbour"));
            return add("RTM_NEWNEIGH replace", neighbor, w -> codec.encodeNeighbor(w, RTM_NEWNEIGH,
                    NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE, neighbor, index));
        }

        /**
         * Queues {@link RtnetlinkClient#deleteNeighbor(Neighbor)}.
         *
         * @param neighbor the entry
         * @return this
         */
        public Batch deleteNeighbor(Neighbor neighbor) {
            int index = index(requireDevice(neighbor.device(), "neighbour"));
            return add("RTM_DELNEIGH", neighbor,
                    w -> codec.encodeNeighbor(w, RTM_DELNEIGH, NLM_F_REQUEST, neighbor, index));
        }

        /**
         * Queues {@link RtnetlinkClient#replaceFdb(FdbEntry)}.
         *
         * @param entry the entry
         * @return this
         */
        public Batch replaceFdb(FdbEntry entry) {
            int index = index(requireDevice(entry.device(), "FDB entry"));
            int via = entry.via() != null ? index(entry.via()) : 0;
            return add("RTM_NEWNEIGH replace fdb", entry, w -> codec.encodeFdb(w, RTM_NEWNEIGH,
                    NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE, entry, index, via));
        }

        /**
         * Queues {@link RtnetlinkClient#deleteFdb(FdbEntry)}.
         *
         * @param entry the entry
         * @return this
         */
        public Batch deleteFdb(FdbEntry entry) {
            int index = index(requireDevice(entry.device(), "FDB entry"));
            int via = entry.via() != null ? index(entry.via()) : 0;
            return add("RTM_DELNEIGH fdb", entry,
                    w -> codec.encodeFdb(w, RTM_DELNEIGH, NLM_F_REQUEST, entry, index, via));
        }

        /**
         * Returns how many requests are queued.
         *
         * @return the count
         */
        public int size() {
            return count;
        }

        /**
         * Sends every queued request, up to {@link Options#messagesPerDatagram(int)} per {@code sendmsg}
         * (fewer when their bytes would pass 64 KiB, or when the replies of that many failing requests
         * would not fit the socket's receive queue, {@link NetlinkTransport#receiveQueueBytes()}), and
         * collects one result per request. A failed request does not stop the others (the kernel goes on
         * with the next message of a datagram).
         *
         * @return the results, in queue order
         */
        public BatchResult execute() {
            synchronized (RtnetlinkClient.this) {
                NetlinkException[] failures = new NetlinkException[count];
                int per = Math.min(options.messagesPerDatagram, repliesThatFit);
                boolean ackEach = options.ackEachBatchedRequest;
                int first = 0;
                while (first < count) {
                    int from = first == 0 ? 0 : offsets[first - 1];
                    int last = first + 1; // one past the datagram's last request; a lone request always goes
                    while (last < count && last - first < per && offsets[last] - from <= MAX_DATAGRAM_BYTES) {
                        last++;
                    }
                    int to = offsets[last - 1];
                    long base = sequence;
                    for (int i = first; i < last; i++) {
                        int at = i == 0 ? 0 : offsets[i - 1];
                        sent.wrap(buffer, at).sequence(sequence++).portId(0);
                        int flags = sent.flags() & ~NLM_F_ACK; // a batch may be executed again in the other mode
                        sent.flags(ackEach || i == last - 1 ? flags | NLM_F_ACK : flags);
                    }
                    ByteBuffer slice = buffer.duplicate();
                    slice.position(from).limit(to);
                    transport.send(slice.slice(), to - from);
                    awaitReplies(base, last - first, first, ackEach, failures);
                    first = last;
                }
                return new BatchResult(failures);
            }
        }

        private String describe(Object subject) {
            if (subject instanceof Route) {
                return ((Route) subject).destination().toString();
            }
            if (subject instanceof Neighbor) {
                return ((Neighbor) subject).address() + " dev " + ((Neighbor) subject).device();
            }
            if (subject instanceof FdbEntry) {
                return ((FdbEntry) subject).mac() + " dev " + ((FdbEntry) subject).device();
            }
            return String.valueOf(subject);
        }

        /**
         * Reads replies to the datagram of requests {@code base .. base + expected - 1} (sequence numbers)
         * until each has its ACK or error, or, when only the last one asked for an ACK, until the last
         * one's reply: the kernel handles a datagram's messages in order and queues each error before
         * the next message's reply, so the errors of the others have arrived by then.
         */
        private void awaitReplies(long base, int expected, int firstIndex, boolean ackEach,
                NetlinkException[] failures) {
            int replies = 0;
            boolean lastAnswered = false;
            while (ackEach ? replies < expected : !lastAnswered) {
                int length = receiveDatagram("batch");
                int at = 0;
                while (at < length) {
                    header.wrap(receive, at).checkLength(length - at);
                    int next = at + (int) ((header.length() + 3) & ~3L);
                    long delta = header.sequence() - base;
                    if (header.type() == NLMSG_ERROR && delta >= 0 && delta < expected) {
                        int i = firstIndex + (int) delta;
                        NetlinkException failure = errorOf(header, null);
                        if (failure != null) {
                            failure = new NetlinkException(failure.errno(), verbs[i] + " " + describe(subjects[i]),
                                    failure.kernelMessage(), failure.attributeOffset());
                        }
                        failures[i] = failure;
                        replies++;
                        lastAnswered |= delta == expected - 1;
                    }
                    at = Math.min(next, length);
                }
            }
        }
    }

    // ================================================================ raw dumps

    /** Receives each message of a raw dump in place; the header and buffer are valid only during the call. */
    @FunctionalInterface
    public interface MessageVisitor {
        /**
         * Visits one reply message.
         *
         * @param buffer the receive buffer (do not keep it)
         * @param header the message header, wrapped at its offset in {@code buffer}
         */
        void visit(ByteBuffer buffer, NetlinkMessageHeader header);
    }

    /**
     * Runs a dump and hands every reply message to {@code visitor} in place, without building records:
     * the zero-copy path for callers that read the flyweights themselves. Interruption is handled as for
     * the typed dumps, except that there is no partial result to carry (the visitor saw it).
     *
     * @param type    the GET request type, e.g. {@link io.github.overlaykit.netlink.constants.Rtnetlink#RTM_GETROUTE}
     * @param family  the family byte of the request header ({@code AF_INET}, {@code AF_BRIDGE}, …)
     * @param visitor called once per reply message, on this thread
     * @return how many messages were visited
     */
    public synchronized int visitDump(int type, int family, MessageVisitor visitor) {
        int[] count = {0};
        dump(messageName(type) + " dump", type, () -> {
            int at = writer.reserve(familyHeaderLength(type));
            request.put(at, (byte) family);
        }, (b, p, e) -> {
            count[0]++;
            visitor.visit(b, header);
            return null;
        });
        return count[0];
    }

    private static int familyHeaderLength(int type) {
        switch (type) {
            case RTM_GETLINK: return LinkMessage.LENGTH;
            case RTM_GETADDR: return AddressMessage.LENGTH;
            case RTM_GETNEIGH: return NeighborMessage.LENGTH;
            case RTM_GETRULE: return RuleMessage.LENGTH;
            default: return RouteMessage.LENGTH;
        }
    }

    // ================================================================ core

    /** Decodes one reply message's payload [payload, end) into a value, or null to skip it. */
    interface Decoder<T> {
        T decode(ByteBuffer buffer, int payload, int end);
    }

    private static String messageName(int type) {
        switch (type) {
            case RTM_NEWROUTE: return "RTM_NEWROUTE";
            case RTM_DELROUTE: return "RTM_DELROUTE";
            case RTM_NEWNEIGH: return "RTM_NEWNEIGH";
            case RTM_DELNEIGH: return "RTM_DELNEIGH";
            case RTM_NEWADDR: return "RTM_NEWADDR";
            case RTM_DELADDR: return "RTM_DELADDR";
            default: return "RTM_" + type;
        }
    }

    private int receiveDatagram(String operation) {
        int length = transport.receive(receive, options.timeoutMillis);
        if (length < 0) {
            throw new NetlinkException(110, operation + ": no reply within " + options.timeoutMillis + " ms", null, -1); // ETIMEDOUT
        }
        return length;
    }

    /** Sends the request in {@code request[0, writer.position())} and waits for its ACK. */
    private void execute(String operation) {
        exchange(operation, true, null);
    }

    /**
     * Sends the single request in the request buffer and reads replies with its sequence number until
     * the ACK (or, for a GET without ACK, the one reply).
     */
    private <T> void exchange(String operation, boolean expectAck, Decoder<T> reply) {
        long seq = sequence++;
        int length = writer.position();
        sent.wrap(request, 0).sequence(seq).portId(0);
        transport.send(request, length);
        while (true) {
            int received = receiveDatagram(operation);
            int at = 0;
            while (at < received) {
                header.wrap(receive, at).checkLength(received - at);
                int end = at + (int) header.length();
                int next = at + (int) ((header.length() + 3) & ~3L);
                if (header.sequence() == seq) {
                    if (header.type() == NLMSG_ERROR) {
                        NetlinkException failure = errorOf(header, operation);
                        if (failure != null) {
                            throw failure;
                        }
                        if (expectAck || reply == null) {
                            return;
                        }
                    } else if (reply != null && header.type() != NLMSG_DONE) {
                        reply.decode(receive, header.payloadOffset(), end);
                        if (!expectAck) {
                            return;
                        }
                    }
                }
                at = Math.min(next, received);
            }
        }
    }

    /** Null for an ACK, otherwise the typed error with the kernel's extended-ACK text. */
    private NetlinkException errorOf(NetlinkMessageHeader message, String operation) {
        int payload = message.payloadOffset();
        int end = message.offset() + (int) message.length();
        error.wrap(receive, payload).checkLength(end - payload);
        int errno = -error.error();
        if (errno == 0) {
            return null;
        }
        String text = null;
        int offset = -1;
        if ((message.flags() & NLM_F_ACK_TLVS) != 0) {
            int attrsAt = error.attributesOffset(message.flags());
            if (attrsAt <= end) {
                ack.reset(receive, attrsAt, end);
                while (ack.next()) {
                    if (ack.type() == NLMSGERR_ATTR_MSG) {
                        text = ack.string();
                    } else if (ack.type() == NLMSGERR_ATTR_OFFS && ack.valueLength() >= 4) {
                        offset = ack.s32();
                    }
                }
            }
        }
        return new NetlinkException(errno, operation, text, offset);
    }

    /**
     * Runs a dump: writes the request header with {@code family}, reads every part until
     * {@code NLMSG_DONE}, retries when interrupted as configured.
     */
    private <T> List<T> dump(String operation, int type, Runnable familyHeader, Decoder<T> decoder) {
        int attempts = 0;
        while (true) {
            attempts++;
            writer.wrap(request, 0);
            int start = writer.begin(type, NLM_F_REQUEST | NLM_F_DUMP);
            familyHeader.run();
            writer.end(start);
            List<T> result = new ArrayList<>();
            boolean interrupted = dumpOnce(operation, decoder, result);
            if (!interrupted) {
                return result;
            }
            if (attempts > options.dumpRetries) {
                throw new DumpInterruptedException(operation, result, attempts);
            }
        }
    }

    private <T> boolean dumpOnce(String operation, Decoder<T> decoder, List<T> result) {
        long seq = sequence++;
        sent.wrap(request, 0).sequence(seq).portId(0);
        transport.send(request, writer.position());
        boolean interrupted = false;
        boolean filtered = false;
        while (true) {
            int received = receiveDatagram(operation);
            int at = 0;
            while (at < received) {
                header.wrap(receive, at).checkLength(received - at);
                int end = at + (int) header.length();
                int next = at + (int) ((header.length() + 3) & ~3L);
                if (header.sequence() == seq) {
                    int flags = header.flags();
                    interrupted |= (flags & NLM_F_DUMP_INTR) != 0;
                    filtered |= (flags & NLM_F_DUMP_FILTERED) != 0;
                    if (header.type() == NLMSG_DONE) {
                        if (end - header.payloadOffset() >= 4) {
                            error.wrap(receive, header.payloadOffset());
                            if (error.error() < 0) {
                                throw new NetlinkException(-error.error(), operation, null, -1);
                            }
                        }
                        lastDumpFiltered = filtered;
                        return interrupted;
                    }
                    if (header.type() == NLMSG_ERROR) {
                        NetlinkException failure = errorOf(header, operation);
                        if (failure != null) {
                            throw failure;
                        }
                    } else {
                        T value = decoder.decode(receive, header.payloadOffset(), end);
                        if (value != null) {
                            result.add(value);
                        }
                    }
                }
                at = Math.min(next, received);
            }
        }
    }

    /**
     * Closes the socket. Safe to call twice.
     */
    @Override
    public synchronized void close() {
        transport.close();
    }

}
