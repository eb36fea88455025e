package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.examples.OverlayChange.AddAddress;
import io.github.overlaykit.examples.OverlayChange.CreateVxlan;
import io.github.overlaykit.examples.OverlayChange.DeleteAddress;
import io.github.overlaykit.examples.OverlayChange.DeleteFdb;
import io.github.overlaykit.examples.OverlayChange.DeleteLink;
import io.github.overlaykit.examples.OverlayChange.DeleteNeighbor;
import io.github.overlaykit.examples.OverlayChange.DeleteRoute;
import io.github.overlaykit.examples.OverlayChange.ReplaceFdb;
import io.github.overlaykit.examples.OverlayChange.ReplaceNeighbor;
import io.github.overlaykit.examples.OverlayChange.ReplaceRoute;
import io.github.overlaykit.examples.OverlayChange.SetLinkAddress;
import io.github.overlaykit.examples.OverlayChange.SetLinkMtu;
import io.github.overlaykit.examples.OverlayChange.SetLinkUp;
import io.github.overlaykit.netlink.LinkRequest;
import io.github.overlaykit.netlink.NetlinkException;
import io.github.overlaykit.netlink.RouteFilter;
import io.github.overlaykit.netlink.RtnetlinkClient;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.InterfaceAddress;
import io.github.overlaykit.route.Link;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.NeighborState;
import io.github.overlaykit.route.NextHop;
import io.github.overlaykit.route.NextHopFlag;
import io.github.overlaykit.route.Route;
import io.github.overlaykit.route.RouteProtocol;
import io.github.overlaykit.route.RouteScope;
import io.github.overlaykit.route.RouteTable;
import io.github.overlaykit.route.RouteType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * flanneld's VXLAN backend (and its host-gw backend) as a reconciler: from the node list and this node's
 * name it computes the state the kernel should hold, compares it with what the kernel holds, and plans
 * the typed changes ({@link OverlayChange}) that make the two equal: adds, in-place updates and removal
 * of stale entries (flanneld leaves those behind, flannel issue #2554). Applying a plan and planning
 * again gives an empty plan.
 *
 * <p>What the VXLAN backend wants, as flanneld programs it ({@code pkg/backend/vxlan}):
 * <pre>
 *   ip link add flannel.1 address OWN_VTEP_MAC mtu UNDERLAY_MTU-50 type vxlan id 1 local UNDERLAY_IP dev UNDERLAY dstport 8472 nolearning
 *   ip addr add OWN_CIDR_NETWORK/32 dev flannel.1
 *   per peer:  ip neigh replace PEER_VTEP_IP lladdr PEER_VTEP_MAC dev flannel.1 nud permanent
 *              bridge fdb replace PEER_VTEP_MAC dev flannel.1 dst PEER_PUBLIC_IP self permanent
 *              ip route replace PEER_CIDR via PEER_VTEP_IP dev flannel.1 onlink     (last: the gateway must resolve)
 * </pre>
 * where a VTEP IP is the network address of the node's pod CIDR. Only the agent's own device is ever
 * looked at for stale entries: every address, neighbour, FDB entry and main-table route on it belongs
 * to the overlay, nothing else on the host is touched.
 *
 * <p>host-gw wants one route per peer, {@code PEER_CIDR via PEER_PUBLIC_IP dev UNDERLAY proto 78}: no
 * encapsulation, so it works only when every peer is on this node's L2 segment. Before planning, the
 * kernel is asked how each peer's address is reached ({@code ip route get}); a peer behind a gateway is
 * refused with {@link Refusal}. Its routes carry protocol {@value #HOST_GW_PROTOCOL} because they share
 * the underlay with the host's own routes: the protocol is how the agent recognises its stale routes
 * without touching anyone else's (the VXLAN backend removes them too, after a switch of backend). After a
 * switch the other way, host-gw deletes the VXLAN device the agent is configured with (and with it that
 * device's routes, neighbours and FDB entries); a link of that name that is not a vxlan device is left alone.
 */
final class OverlayReconciler {
    /** The route protocol of host-gw routes ({@code proto 78}); unassigned in iproute2's {@code rt_protos}. */
    static final int HOST_GW_PROTOCOL = 78;
    /** The outer Ethernet, IPv4, UDP and VXLAN headers flannel subtracts from the underlay MTU. */
    static final int VXLAN_OVERHEAD = 50;

    /** How the overlay carries pod traffic between nodes. */
    enum Backend {
        /** Encapsulated in VXLAN on the agent's vxlan device (flannel's {@code vxlan}). */
        VXLAN,
        /** Routed to the peer node's address unencapsulated (flannel's {@code host-gw}). */
        HOST_GW
    }

    /**
     * The agent's settings.
     *
     * @param backend  vxlan or host-gw
     * @param device   the vxlan device, e.g. {@code flannel.1}
     * @param vni      the VXLAN network identifier
     * @param port     the VXLAN UDP port (flannel: 8472)
     * @param underlay the underlay device, or null to use the one holding (or routing to) this node's public IP
     */
    record Settings(Backend backend, String device, int vni, int port, String underlay) {
        Settings {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(device, "device");
            if (vni < 0 || vni > 0xFF_FFFF) {
                throw new IllegalArgumentException("--vni " + vni + " is outside 0..16777215");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--port " + port + " is outside 1..65535");
            }
        }
    }

    /** The backend cannot serve this node list here; the message says which node and why. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message);
        }
    }

    private final Settings settings;

    OverlayReconciler(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /**
     * Plans the changes that make the kernel hold exactly what {@code nodes} asks of node {@code self}.
     *
     * @param client the kernel
     * @param nodes  the node list
     * @param self   this node's name
     * @return the changes in the order to apply them; empty when the kernel already agrees
     * @throws IllegalArgumentException if {@code self} is not in the list
     * @throws IllegalStateException    if the underlay device cannot be found or has no IPv4 address
     * @throws Refusal                  if host-gw cannot reach a peer directly
     */
    List<OverlayChange> plan(RtnetlinkClient client, List<OverlayNode> nodes, String self) {
        OverlayNode own = nodes.stream().filter(n -> n.name().equals(self)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("node " + self + " is not in the node list"));
        List<OverlayNode> peers = nodes.stream().filter(n -> n != own).toList();
        String underlay = underlay(client, own);
        return settings.backend() == Backend.VXLAN
                ? planVxlan(client, own, peers, underlay)
                : planHostGw(client, peers, underlay);
    }

    /**
     * Applies a plan: links and addresses one request at a time (each depends on the one before), then
     * neighbours, FDB entries and routes in one netlink batch, in plan order.
     *
     * @param client the kernel
     * @param plan   the changes
     * @throws NetlinkException for the first change the kernel refused (after trying the whole batch)
     */
    void apply(RtnetlinkClient client, List<OverlayChange> plan) {
        RtnetlinkClient.Batch batch = client.batch();
        for (OverlayChange change : plan) {
            if (change instanceof CreateVxlan) {
                Link link = ((CreateVxlan) change).link();
                client.addLink(LinkRequest.vxlan(link.name(), link.vxlan()).address(link.address()).mtu(link.mtu()));
            } else if (change instanceof DeleteLink) {
                client.deleteLink(((DeleteLink) change).name());
            } else if (change instanceof SetLinkAddress) {
                SetLinkAddress c = (SetLinkAddress) change;
                client.setLinkAddress(c.name(), c.address());
            } else if (change instanceof SetLinkMtu) {
                SetLinkMtu c = (SetLinkMtu) change;
                client.setLinkMtu(c.name(), c.mtu());
            } else if (change instanceof SetLinkUp) {
                client.setLinkUp(((SetLinkUp) change).name(), true);
            } else if (change instanceof AddAddress) {
                client.addAddress(((AddAddress) change).address());
            } else if (change instanceof DeleteAddress) {
                client.deleteAddress(((DeleteAddress) change).address());
            } else if (change instanceof ReplaceRoute) {
                batch.replaceRoute(((ReplaceRoute) change).route());
            } else if (change instanceof DeleteRoute) {
                batch.deleteRoute(((DeleteRoute) change).route());
            } else if (change instanceof ReplaceNeighbor) {
                batch.replaceNeighbor(((ReplaceNeighbor) change).neighbor());
            } else if (change instanceof DeleteNeighbor) {
                batch.deleteNeighbor(((DeleteNeighbor) change).neighbor());
            } else if (change instanceof ReplaceFdb) {
                batch.replaceFdb(((ReplaceFdb) change).entry());
            } else if (change instanceof DeleteFdb) {
                batch.deleteFdb(((DeleteFdb) change).entry());
            }
        }
        if (batch.size() > 0) {
            batch.execute().orThrow();
        }
    }

    /**
     * Plans and applies.
     *
     * @param client the kernel
     * @param nodes  the node list
     * @param self   this node's name
     * @return the plan that was applied
     */
    List<OverlayChange> reconcile(RtnetlinkClient client, List<OverlayNode> nodes, String self) {
        List<OverlayChange> plan = plan(client, nodes, self);
        apply(client, plan);
        return plan;
    }

    // ================================================================ vxlan

    private List<OverlayChange> planVxlan(RtnetlinkClient client, OverlayNode own, List<OverlayNode> peers, String underlay) {
        String device = settings.device();
        if (device.equals(underlay)) {
            throw new IllegalArgumentException("--device " + device + " is the underlay itself");
        }
        Link underlayLink = client.link(underlay).orElseThrow();
        Ipv4Address local = localAddress(client, underlay, own);
        Link wanted = new Link(0, device, true, true, underlayLink.mtu() - VXLAN_OVERHEAD, own.vtepMac(),
                new Link.Vxlan(settings.vni(), local, settings.port(), underlay, false));

        List<OverlayChange> linkChanges = new ArrayList<>();
        Optional<Link> existing = client.link(device);
        boolean fresh = existing.isEmpty();
        if (existing.isPresent() && !Objects.equals(existing.get().vxlan(), wanted.vxlan())) {
            linkChanges.add(new DeleteLink(device, existing.get().vxlan() == null ? "not a vxlan device"
                    : "vxlan settings differ: " + describe(existing.get().vxlan())));
            fresh = true;
        }
        if (fresh) {
            linkChanges.add(new CreateVxlan(wanted));
            linkChanges.add(new SetLinkUp(device));
        } else {
            Link link = existing.get();
            if (!own.vtepMac().equals(link.address())) {
                linkChanges.add(new SetLinkAddress(device, own.vtepMac()));
            }
            if (link.mtu() != wanted.mtu()) {
                linkChanges.add(new SetLinkMtu(device, wanted.mtu()));
            }
            if (!link.up()) {
                linkChanges.add(new SetLinkUp(device));
            }
        }

        // what the device holds now (nothing if it is about to be created)
        List<InterfaceAddress> addresses = fresh ? List.of()
                : client.addresses().stream().filter(a -> a.device().equals(device)).toList();
        List<Route> routes = new ArrayList<>(fresh ? List.of()
                : client.routes(RouteFilter.table(RouteTable.MAIN).withDevice(device)));
        // host-gw routes left from before a switch to vxlan: ours too (their protocol says so)
        client.routes(RouteFilter.table(RouteTable.MAIN).withProtocol(HOST_GW_PROTOCOL)).stream()
                .filter(r -> !device.equals(r.device())).forEach(routes::add);
        List<Neighbor> neighbors = fresh ? List.of()
                : client.neighbors().stream().filter(n -> device.equals(n.device())).toList();
        List<FdbEntry> fdb = fresh ? List.of() : client.fdb().stream().filter(f -> device.equals(f.device())).toList();

        List<Route> wantedRoutes = new ArrayList<>();
        List<Neighbor> wantedNeighbors = new ArrayList<>();
        List<FdbEntry> wantedFdb = new ArrayList<>();
        for (OverlayNode peer : peers) {
            wantedRoutes.add(Route.builder(peer.podCidr())
                    .nextHop(new NextHop(peer.vtepAddress(), device, 1, Set.of(NextHopFlag.ONLINK))).build());
            wantedNeighbors.add(Neighbor.permanent(peer.vtepAddress(), device, peer.vtepMac()));
            wantedFdb.add(FdbEntry.vxlan(peer.vtepMac(), device, peer.publicIp()));
        }
        InterfaceAddress wantedAddress = new InterfaceAddress(device, own.vtepAddress(), 32, RouteScope.UNIVERSE, false);

        List<OverlayChange> plan = new ArrayList<>(linkChanges);
        boolean addressPresent = false;
        for (InterfaceAddress a : addresses) {
            if (a.address().equals(wantedAddress.address()) && a.prefixLength() == 32) {
                addressPresent = true;
            } else {
                plan.add(new DeleteAddress(a));
            }
        }
        // routes the kernel derives from addresses (proto kernel) go with their address
        List<OverlayChange> adds = new ArrayList<>();
        planRoutes(routes, wantedRoutes, r -> r.protocol() != RouteProtocol.KERNEL, plan, adds);
        planNeighbors(neighbors, wantedNeighbors, plan, adds);
        planFdb(fdb, wantedFdb, plan, adds);
        if (!addressPresent) {
            plan.add(new AddAddress(wantedAddress));
        }
        // neighbours and FDB first, routes last: an onlink gateway without its neighbour would be ARPed for
        adds.sort((a, b) -> Integer.compare(order(a), order(b)));
        plan.addAll(adds);
        return plan;
    }

    private static int order(OverlayChange change) {
        return change instanceof ReplaceNeighbor ? 0 : change instanceof ReplaceFdb ? 1 : 2;
    }

    private static String describe(Link.Vxlan v) {
        return "vxlan id " + v.vni() + " local " + v.local() + " dev " + v.underlayDevice() + " dstport "
                + v.destinationPort() + (v.learning() ? " learning" : " nolearning");
    }

    private static void planNeighbors(List<Neighbor> actual, List<Neighbor> wanted, List<OverlayChange> deletes,
            List<OverlayChange> adds) {
        Map<Ipv4Address, Neighbor> byAddress = new HashMap<>();
        for (Neighbor n : wanted) {
            byAddress.put(n.address(), n);
        }
        Set<Ipv4Address> satisfied = new HashSet<>();
        Set<Ipv4Address> present = new HashSet<>();
        for (Neighbor n : actual) {
            Neighbor w = byAddress.get(n.address());
            if (w == null) {
                deletes.add(new DeleteNeighbor(n));
            } else {
                present.add(n.address());
                if (w.linkLayerAddress().equals(n.linkLayerAddress()) && n.states().contains(NeighborState.PERMANENT)) {
                    satisfied.add(n.address());
                }
            }
        }
        for (Neighbor w : wanted) {
            if (!satisfied.contains(w.address())) {
                adds.add(new ReplaceNeighbor(w)); // replaces a wrong MAC or state in place
            }
        }
    }

    private static void planFdb(List<FdbEntry> actual, List<FdbEntry> wanted, List<OverlayChange> deletes,
            List<OverlayChange> adds) {
        Map<MacAddress, List<FdbEntry>> actualByMac = new LinkedHashMap<>();
        for (FdbEntry e : actual) {
            actualByMac.computeIfAbsent(e.mac(), m -> new ArrayList<>()).add(e);
        }
        Map<MacAddress, FdbEntry> wantedByMac = new HashMap<>();
        for (FdbEntry w : wanted) {
            wantedByMac.put(w.mac(), w);
        }
        for (Map.Entry<MacAddress, List<FdbEntry>> e : actualByMac.entrySet()) {
            FdbEntry w = wantedByMac.get(e.getKey());
            List<FdbEntry> entries = e.getValue();
            if (w == null) {
                entries.forEach(f -> deletes.add(new DeleteFdb(f)));
            } else if (entries.size() == 1 && !sameFdb(w, entries.get(0))) {
                adds.add(new ReplaceFdb(w)); // one entry with another destination: moved in place
            } else if (entries.size() > 1) {
                boolean keep = false;
                for (FdbEntry f : entries) {
                    if (!keep && sameFdb(w, f)) {
                        keep = true;
                    } else {
                        deletes.add(new DeleteFdb(f));
                    }
                }
                if (!keep) {
                    adds.add(new ReplaceFdb(w));
                }
            }
        }
        for (FdbEntry w : wanted) {
            if (!actualByMac.containsKey(w.mac())) {
                adds.add(new ReplaceFdb(w));
            }
        }
    }

    private static boolean sameFdb(FdbEntry wanted, FdbEntry actual) {
        return Objects.equals(wanted.destination(), actual.destination()) && actual.port() == wanted.port()
                && actual.vni() == wanted.vni() && actual.states().contains(NeighborState.PERMANENT);
    }

    // ================================================================ host-gw

    private List<OverlayChange> planHostGw(RtnetlinkClient client, List<OverlayNode> peers, String underlay) {
        for (OverlayNode peer : peers) {
            Route path; // the table entry that matches, as `ip route get fibmatch ADDR` prints it
            try {
                path = client.getRoute(peer.publicIp(), true);
            } catch (NetlinkException e) {
                throw new Refusal("host-gw cannot reach node " + peer.name() + " at " + peer.publicIp() + ": the kernel says "
                        + e.errno() + "; host-gw needs every node on this node's L2 segment (use --backend vxlan)");
            }
            String route = path.toString().stripTrailing();
            if (path.type() != RouteType.UNICAST) {
                throw new Refusal("host-gw cannot use node " + peer.name() + "'s address " + peer.publicIp()
                        + ": the kernel's route for it is \"" + route + "\", not a peer on the link");
            }
            if (path.nextHops().stream().anyMatch(hop -> hop.gateway() != null)) {
                throw new Refusal("host-gw cannot reach node " + peer.name() + " directly: the kernel routes " + peer.publicIp()
                        + " by \"" + route + "\", through a gateway; host-gw sends pod traffic to the node's address"
                        + " unencapsulated, which works only on one L2 segment, not across routed or public networks"
                        + " (use --backend vxlan)");
            }
            if (!underlay.equals(path.device())) {
                throw new Refusal("host-gw cannot reach node " + peer.name() + " on " + underlay + ": the kernel reaches "
                        + peer.publicIp() + " by \"" + route + "\"");
            }
        }
        List<Route> wantedRoutes = new ArrayList<>();
        for (OverlayNode peer : peers) {
            wantedRoutes.add(Route.builder(peer.podCidr()).protocol(HOST_GW_PROTOCOL)
                    .nextHop(NextHop.via(peer.publicIp(), underlay)).build());
        }
        List<OverlayChange> plan = new ArrayList<>();
        // the VXLAN backend's device left from before a switch to host-gw: ours (the vxlan backend would
        // rebuild it under this name), and its FDB entries still send pod traffic to old peers
        String device = settings.device();
        boolean deletingDevice = !device.equals(underlay)
                && client.link(device).filter(link -> link.vxlan() != null).isPresent();
        if (deletingDevice) {
            plan.add(new DeleteLink(device, "host-gw has no vxlan device"));
        }
        Set<Ipv4Prefix> wantedDestinations = new HashSet<>();
        wantedRoutes.forEach(r -> wantedDestinations.add(r.destination()));
        // the host's own routes on the underlay are looked at only where a pod route is wanted, and never
        // deleted; the routes on a device being deleted go with it
        List<Route> candidates = client.routes(RouteFilter.table(RouteTable.MAIN)).stream()
                .filter(r -> !(deletingDevice && device.equals(r.device())))
                .filter(r -> r.protocol() == HOST_GW_PROTOCOL || wantedDestinations.contains(r.destination())).toList();
        List<OverlayChange> adds = new ArrayList<>();
        planRoutes(candidates, wantedRoutes, r -> r.protocol() == HOST_GW_PROTOCOL, plan, adds);
        plan.addAll(adds);
        return plan;
    }

    // ================================================================ shared

    /**
     * Routes: a wanted route already there is left alone; one whose key (table, destination, tos, metric)
     * is taken by a different route is replaced in place; an owned route nobody wants is deleted.
     */
    private static void planRoutes(List<Route> actual, List<Route> wanted, Predicate<Route> owned,
            List<OverlayChange> deletes, List<OverlayChange> adds) {
        Map<Ipv4Prefix, Route> byDestination = new HashMap<>();
        wanted.forEach(r -> byDestination.put(r.destination(), r));
        Set<Ipv4Prefix> satisfied = new HashSet<>();
        for (Route r : actual) {
            Route w = byDestination.get(r.destination());
            if (w != null && sameRoute(w, r)) {
                satisfied.add(r.destination());
            } else if (w != null && w.sameKey(r)) {
                continue; // the replace below takes its place
            } else if (owned.test(r)) {
                deletes.add(new DeleteRoute(r));
            }
        }
        for (Route w : wanted) {
            if (!satisfied.contains(w.destination())) {
                adds.add(new ReplaceRoute(w));
            }
        }
    }

    private static boolean sameRoute(Route wanted, Route actual) {
        if (!wanted.sameKey(actual) || wanted.type() != actual.type() || wanted.protocol() != actual.protocol()
                || wanted.scope() != actual.scope() || actual.nextHops().size() != 1) {
            return false;
        }
        NextHop w = wanted.nextHops().get(0);
        NextHop a = actual.nextHops().get(0);
        return Objects.equals(w.gateway(), a.gateway()) && Objects.equals(w.device(), a.device())
                && w.has(NextHopFlag.ONLINK) == a.has(NextHopFlag.ONLINK)
                && Objects.equals(wanted.preferredSource(), actual.preferredSource());
    }

    /**
     * The underlay: the one named in the settings, else the device holding this node's public IP, else
     * the device the kernel routes the public IP through (the public IP is a NAT address, as in the article).
     */
    private String underlay(RtnetlinkClient client, OverlayNode own) {
        if (settings.underlay() != null) {
            if (client.link(settings.underlay()).isEmpty()) {
                throw new IllegalStateException("underlay device " + settings.underlay() + " does not exist");
            }
            return settings.underlay();
        }
        for (InterfaceAddress a : client.addresses()) {
            if (a.address().equals(own.publicIp())) {
                return a.device();
            }
        }
        try {
            Route path = client.getRoute(own.publicIp(), true);
            if (path.device() != null && !path.device().equals(settings.device())) {
                return path.device();
            }
        } catch (NetlinkException e) {
            // fall through to the message below
        }
        throw new IllegalStateException("cannot tell the underlay device: no device holds or routes to node " + own.name()
                + "'s public IP " + own.publicIp() + "; name it with --underlay");
    }

    /** The vxlan {@code local}: this node's public IP if the underlay holds it, else the underlay's first address. */
    private static Ipv4Address localAddress(RtnetlinkClient client, String underlay, OverlayNode own) {
        Ipv4Address first = null;
        for (InterfaceAddress a : client.addresses()) {
            if (a.device().equals(underlay)) {
                if (a.address().equals(own.publicIp())) {
                    return a.address();
                }
                if (first == null && !a.secondary()) {
                    first = a.address();
                }
            }
        }
        if (first == null) {
            throw new IllegalStateException("underlay device " + underlay + " has no IPv4 address for the vxlan device's local");
        }
        return first;
    }
}
