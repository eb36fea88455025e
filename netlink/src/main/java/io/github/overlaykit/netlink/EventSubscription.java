package io.github.overlaykit.netlink;

import static io.github.overlaykit.netlink.constants.Netlink.NLMSG_DONE;
import static io.github.overlaykit.netlink.constants.Netlink.NLMSG_ERROR;
import static io.github.overlaykit.netlink.constants.Rtnetlink.*;

import io.github.overlaykit.netlink.constants.Netlink;
import io.github.overlaykit.netlink.message.AttributeIterator;
import io.github.overlaykit.netlink.message.LinkMessage;
import io.github.overlaykit.netlink.message.NetlinkMessageHeader;
import io.github.overlaykit.route.Link;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A subscription to rtnetlink notifications, delivered as typed {@link NetlinkEvent}s to a callback,
 * either on one dedicated platform thread ({@link #start}) or on the caller's thread when it calls
 * {@link #poll(int)} ({@link #open}).
 *
 * <pre>{@code
 * try (EventSubscription events = EventSubscription.start(NetNamespace.named("blue"),
 *         EnumSet.of(EventSubscription.Group.ROUTE, EventSubscription.Group.NEIGHBOR), System.out::println)) {
 *     ...
 * }
 * }</pre>
 *
 * <p>The subscription has its own socket (the kernel documentation recommends separate sockets for
 * requests and notifications) with a large receive buffer; a second, request socket in the same
 * namespace names devices and resyncs. When the kernel reports {@code ENOBUFS} (notifications were
 * dropped) the callback receives {@link NetlinkEvent.Overrun} and then {@link NetlinkEvent.Resync}, a
 * fresh dump of every watched group: never a silent loss. {@link #close()} stops the thread within
 * about {@value #POLL_MILLIS} ms and closes both sockets; exceptions thrown by the callback stop the
 * subscription and are available from {@link #failure()}.
 */
public final class EventSubscription implements AutoCloseable {
    static final int POLL_MILLIS = 100;

    /** The notification groups this class decodes. */
    public enum Group {
        /** {@code RTNLGRP_LINK}. */
        LINK(RTNLGRP_LINK),
        /** {@code RTNLGRP_IPV4_IFADDR}. */
        ADDRESS(RTNLGRP_IPV4_IFADDR),
        /** {@code RTNLGRP_IPV4_ROUTE}. */
        ROUTE(RTNLGRP_IPV4_ROUTE),
        /** {@code RTNLGRP_NEIGH}: neighbours and FDB entries. */
        NEIGHBOR(RTNLGRP_NEIGH);

        private final int group;

        Group(int group) {
            this.group = group;
        }

        /**
         * Returns the kernel's group number.
         *
         * @return an {@code RTNLGRP_*} value
         */
        public int number() {
            return group;
        }
    }

    private final NetlinkSocket socket;
    private final RtnetlinkClient requests;
    private final Set<Group> groups;
    private final Consumer<NetlinkEvent> callback;
    private final Thread thread;
    private final ByteBuffer receive = ByteBuffer.allocateDirect(64 * 1024);
    private final NetlinkMessageHeader header = new NetlinkMessageHeader();
    private final Codec codec = new Codec();
    private final Map<Integer, String> names = new HashMap<>();
    private final AttributeIterator attrs = new AttributeIterator();
    private final LinkMessage linkMessage = new LinkMessage();
    private volatile boolean closing;
    private volatile Throwable failure;
    private int overruns;

    private EventSubscription(NetNamespace namespace, Set<Group> groups, int receiveBufferBytes, boolean listExisting,
            Consumer<NetlinkEvent> callback, boolean ownThread) {
        this.groups = EnumSet.copyOf(groups);
        this.callback = callback;
        int mask = 0;
        for (Group g : groups) {
            mask |= 1 << (g.number() - 1);
        }
        this.socket = NetlinkSocket.open(namespace, mask);
        try {
            socket.receiveBufferSize(receiveBufferBytes);
            this.requests = RtnetlinkClient.open(namespace, RtnetlinkClient.Options.defaults().dumpRetries(5));
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        for (Link link : requests.links()) {
            names.put(link.index(), link.name());
        }
        if (ownThread) {
            this.thread = new Thread(() -> loop(listExisting), "netlink events " + (namespace == null ? "" : namespace));
            thread.setDaemon(true);
            thread.start();
        } else {
            this.thread = null;
            if (listExisting) {
                callback.accept(resync());
            }
        }
    }

    /**
     * Subscribes and starts delivering events.
     *
     * @param namespace the namespace to watch, or null for the caller's
     * @param groups    what to watch
     * @param callback  called on the subscription's thread, one event at a time
     * @return the running subscription
     * @throws NetlinkException if the sockets cannot be created
     */
    public static EventSubscription start(NetNamespace namespace, Set<Group> groups, Consumer<NetlinkEvent> callback) {
        return start(namespace, groups, 4 << 20, false, callback);
    }

    /**
     * Subscribes with a chosen receive buffer, optionally delivering the current state first as a
     * {@link NetlinkEvent.Resync} (subscribed before dumping, so nothing falls between the two).
     *
     * @param namespace          the namespace, or null for the caller's
     * @param groups             what to watch
     * @param receiveBufferBytes the socket receive buffer ({@code SO_RCVBUFFORCE})
     * @param listExisting       true to deliver a resync of the current state first
     * @param callback           called on the subscription's thread
     * @return the running subscription
     */
    public static EventSubscription start(NetNamespace namespace, Set<Group> groups, int receiveBufferBytes,
            boolean listExisting, Consumer<NetlinkEvent> callback) {
        Objects.requireNonNull(callback, "callback");
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("subscribe to at least one group");
        }
        return new EventSubscription(namespace, groups, receiveBufferBytes, listExisting, callback, true);
    }

    /**
     * Subscribes without a thread: the caller drives delivery with {@link #poll(int)} from its own loop
     * (an event loop, a scheduler). Events, overruns and resyncs arrive exactly as with
     * {@link #start}, on the polling thread.
     *
     * @param namespace          the namespace, or null for the caller's
     * @param groups             what to watch
     * @param receiveBufferBytes the socket receive buffer ({@code SO_RCVBUFFORCE})
     * @param listExisting       true to deliver a resync of the current state before returning
     * @param callback           called by {@link #poll(int)}
     * @return the subscription; not thread-safe, poll it from one thread
     */
    public static EventSubscription open(NetNamespace namespace, Set<Group> groups, int receiveBufferBytes,
            boolean listExisting, Consumer<NetlinkEvent> callback) {
        Objects.requireNonNull(callback, "callback");
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("subscribe to at least one group");
        }
        return new EventSubscription(namespace, groups, receiveBufferBytes, listExisting, callback, false);
    }

    /**
     * Delivers what has arrived, waiting at most {@code timeoutMillis} for the first datagram; only for
     * subscriptions made with {@link #open}.
     *
     * @param timeoutMillis how long to wait for something to arrive (0 does not wait)
     * @return how many datagrams were handled (0 on timeout)
     * @throws IllegalStateException if this subscription runs its own thread or is closed
     * @throws NetlinkException if the socket fails (other than {@code ENOBUFS}, which is delivered)
     */
    public int poll(int timeoutMillis) {
        if (thread != null) {
            throw new IllegalStateException("this subscription delivers on its own thread");
        }
        if (closing) {
            throw new IllegalStateException("subscription closed");
        }
        int handled = 0;
        int wait = timeoutMillis;
        while (receiveOnce(wait)) {
            handled++;
            wait = 0;
        }
        return handled;
    }

    /** Receives and dispatches one datagram (or an overrun and its resync); false if nothing came. */
    private boolean receiveOnce(int timeoutMillis) {
        int length;
        try {
            length = socket.receive(receive, timeoutMillis);
        } catch (NetlinkException e) {
            if (e.errno() != Errno.ENOBUFS) {
                throw e;
            }
            overruns++;
            callback.accept(new NetlinkEvent.Overrun(socket.option(Netlink.SOL_SOCKET, Netlink.SO_RCVBUF)));
            callback.accept(resync());
            return true;
        }
        if (length < 0) {
            return false;
        }
        dispatch(length);
        return true;
    }

    private void loop(boolean listExisting) {
        try {
            if (listExisting) {
                callback.accept(resync());
            }
            while (!closing) {
                receiveOnce(POLL_MILLIS);
            }
        } catch (Throwable t) {
            if (!closing) {
                failure = t;
            }
        } finally {
            socket.close();
            requests.close();
        }
    }

    private NetlinkEvent.Resync resync() {
        List<Link> links = requests.links();
        for (Link link : links) {
            names.put(link.index(), link.name());
        }
        return new NetlinkEvent.Resync(
                groups.contains(Group.LINK) ? links : List.of(),
                groups.contains(Group.ADDRESS) ? requests.addresses() : List.of(),
                groups.contains(Group.ROUTE) ? requests.routes(RouteFilter.ALL) : List.of(),
                groups.contains(Group.NEIGHBOR) ? requests.neighbors() : List.of(),
                groups.contains(Group.NEIGHBOR) ? requests.fdb() : List.of());
    }

    private String name(int index) {
        String name = names.get(index);
        if (name == null && index > 0) {
            name = requests.link(index).map(Link::name).orElse("if" + index);
            names.put(index, name);
        }
        return name;
    }

    private void dispatch(int length) {
        int at = 0;
        while (at < length) {
            header.wrap(receive, at).checkLength(length - at);
            int end = at + (int) header.length();
            int payload = header.payloadOffset();
            int type = header.type();
            NetlinkEvent.Kind kind = (type == RTM_DELLINK || type == RTM_DELADDR || type == RTM_DELROUTE
                    || type == RTM_DELNEIGH) ? NetlinkEvent.Kind.DELETE : NetlinkEvent.Kind.NEW;
            NetlinkEvent event = null;
            switch (type) {
                case RTM_NEWLINK:
                case RTM_DELLINK:
                    rememberName(payload, end); // kept after deletion too: later route and neighbour events may name it
                    Link link = codec.decodeLink(receive, payload, end, this::name);
                    event = new NetlinkEvent.LinkChange(kind, link);
                    break;
                case RTM_NEWADDR:
                case RTM_DELADDR:
                    event = wrap(kind, codec.decodeAddress(receive, payload, end, this::name));
                    break;
                case RTM_NEWROUTE:
                case RTM_DELROUTE:
                    event = wrap(kind, codec.decodeRoute(receive, payload, end, this::name));
                    break;
                case RTM_NEWNEIGH:
                case RTM_DELNEIGH:
                    if (receive.get(payload) == Netlink.AF_BRIDGE) {
                        event = wrap(kind, codec.decodeFdb(receive, payload, end, this::name));
                    } else {
                        event = wrap(kind, codec.decodeNeighbor(receive, payload, end, this::name));
                    }
                    break;
                case NLMSG_DONE:
                case NLMSG_ERROR:
                default:
                    break;
            }
            if (event != null) {
                callback.accept(event);
            }
            at = Math.min(length, at + (int) ((header.length() + 3) & ~3L));
        }
    }

    private void rememberName(int payload, int end) {
        linkMessage.wrap(receive, payload).checkLength(end - payload);
        attrs.reset(receive, linkMessage.attributesOffset(), end);
        while (attrs.next()) {
            if (attrs.type() == IFLA_IFNAME) {
                names.put(linkMessage.index(), attrs.string());
            }
        }
    }

    private static NetlinkEvent wrap(NetlinkEvent.Kind kind, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof io.github.overlaykit.route.InterfaceAddress) {
            return new NetlinkEvent.AddressChange(kind, (io.github.overlaykit.route.InterfaceAddress) value);
        }
        if (value instanceof io.github.overlaykit.route.Route) {
            return new NetlinkEvent.RouteChange(kind, (io.github.overlaykit.route.Route) value);
        }
        if (value instanceof io.github.overlaykit.route.FdbEntry) {
            return new NetlinkEvent.FdbChange(kind, (io.github.overlaykit.route.FdbEntry) value);
        }
        return new NetlinkEvent.NeighborChange(kind, (io.github.overlaykit.route.Neighbor) value);
    }

    /**
     * Returns how many overruns ({@code ENOBUFS}) were seen and resynced.
     *
     * @return the count
     */
    public int overruns() {
        return overruns;
    }

    /**
     * Returns what stopped the subscription, if anything did besides {@link #close()}.
     *
     * @return the callback's or the socket's exception, or null
     */
    public Throwable failure() {
        return failure;
    }

    /**
     * Tells whether the delivery thread is still running.
     *
     * @return true until closed or failed
     */
    public boolean isRunning() {
        return thread != null ? thread.isAlive() : !closing;
    }

    /** Stops the thread (if any) and closes the sockets; waits for the thread to end. */
    @Override
    public void close() {
        if (thread == null) {
            if (!closing) {
                closing = true;
                socket.close();
                requests.close();
            }
            return;
        }
        closing = true;
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
