package io.github.overlaykit.netlink;

import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.InterfaceAddress;
import io.github.overlaykit.route.Link;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.Route;
import java.util.List;

/**
 * A change the kernel announced on an rtnetlink multicast group, typed by what changed. An
 * {@link Overrun} means the kernel dropped notifications (the socket's receive queue was full,
 * {@code ENOBUFS}); it is always followed by a {@link Resync} holding a fresh dump of everything the
 * subscription watches, so no state is silently lost.
 */
public sealed interface NetlinkEvent {

    /** Whether something appeared (or changed) or went away. */
    enum Kind {
        /** {@code RTM_NEW*}: created or changed. */
        NEW,
        /** {@code RTM_DEL*}: deleted. */
        DELETE
    }

    /**
     * A link was created, changed or deleted ({@code RTNLGRP_LINK}).
     *
     * @param kind new or delete
     * @param link the link as the kernel reported it
     */
    record LinkChange(Kind kind, Link link) implements NetlinkEvent {
    }

    /**
     * An IPv4 address was added or removed ({@code RTNLGRP_IPV4_IFADDR}).
     *
     * @param kind    new or delete
     * @param address the address
     */
    record AddressChange(Kind kind, InterfaceAddress address) implements NetlinkEvent {
    }

    /**
     * An IPv4 route was added, replaced or deleted ({@code RTNLGRP_IPV4_ROUTE}).
     *
     * @param kind  new or delete
     * @param route the route
     */
    record RouteChange(Kind kind, Route route) implements NetlinkEvent {
        /**
         * Returns the line {@code ip monitor route} prints.
         *
         * @return the route text, prefixed with {@code Deleted } for deletions
         */
        @Override
        public String toString() {
            return (kind == Kind.DELETE ? "Deleted " : "") + route;
        }
    }

    /**
     * A neighbour entry changed ({@code RTNLGRP_NEIGH}, family {@code AF_INET}).
     *
     * @param kind     new or delete
     * @param neighbor the entry
     */
    record NeighborChange(Kind kind, Neighbor neighbor) implements NetlinkEvent {
        /**
         * Returns the line {@code ip monitor neigh} prints.
         *
         * @return the neighbour text, prefixed with {@code Deleted } for deletions
         */
        @Override
        public String toString() {
            return (kind == Kind.DELETE ? "Deleted " : "") + neighbor;
        }
    }

    /**
     * An FDB entry changed ({@code RTNLGRP_NEIGH}, family {@code AF_BRIDGE}).
     *
     * @param kind  new or delete
     * @param entry the entry
     */
    record FdbChange(Kind kind, FdbEntry entry) implements NetlinkEvent {
        /**
         * Returns the line {@code bridge monitor fdb} prints.
         *
         * @return the entry text, prefixed with {@code Deleted } for deletions
         */
        @Override
        public String toString() {
            return (kind == Kind.DELETE ? "Deleted " : "") + entry;
        }
    }

    /**
     * The kernel dropped notifications ({@code ENOBUFS}); a {@link Resync} follows.
     *
     * @param receiveBufferBytes the receive buffer size at the time, to size the next subscription
     */
    record Overrun(int receiveBufferBytes) implements NetlinkEvent {
    }

    /**
     * The full current state of what the subscription watches, dumped after an {@link Overrun} (and at
     * the start when the subscription asked to list existing state). Lists of groups not watched are
     * empty.
     *
     * @param links     every link
     * @param addresses every IPv4 address
     * @param routes    every IPv4 route of every table
     * @param neighbors every IPv4 neighbour
     * @param fdb       every FDB entry
     */
    record Resync(List<Link> links, List<InterfaceAddress> addresses, List<Route> routes, List<Neighbor> neighbors,
            List<FdbEntry> fdb) implements NetlinkEvent {
        /**
         * Freezes the lists.
         *
         * @param links     links
         * @param addresses addresses
         * @param routes    routes
         * @param neighbors neighbours
         * @param fdb       FDB entries
         */
        public Resync {
            links = List.copyOf(links);
            addresses = List.copyOf(addresses);
            routes = List.copyOf(routes);
            neighbors = List.copyOf(neighbors);
            fdb = List.copyOf(fdb);
        }
    }
}
