package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Follows a destination through the forwarding state the way the kernel sends a packet over a
 * flannel VXLAN overlay: {@link Fib} lookup, neighbour of the next hop on the output device, then on
 * a vxlan device the FDB entry for that MAC (else the all-zero-MAC flood list), the remote VTEP, and
 * the underlay lookup to it with the vxlan device's {@code local} as source and its {@code dev} as
 * output device ({@code vxlan_get_route()}).
 *
 * <p>The state is a snapshot; build a new resolver after changes.
 */
public final class PathResolver {
    private final Fib fib;
    private final List<Link> links;
    private final List<Neighbor> neighbors;
    private final List<FdbEntry> fdb;

    /**
     * Makes a resolver over a snapshot.
     *
     * @param fib       routes and rules
     * @param links     the devices (their up state and vxlan parameters)
     * @param neighbors the neighbour table ({@code ip neigh show})
     * @param fdb       the FDB ({@code bridge fdb show}); entries need their device
     */
    public PathResolver(Fib fib, Collection<Link> links, Collection<Neighbor> neighbors, Collection<FdbEntry> fdb) {
        this.fib = Objects.requireNonNull(fib, "fib");
        this.links = List.copyOf(links);
        this.neighbors = List.copyOf(neighbors);
        this.fdb = List.copyOf(fdb);
    }

    private Link link(String name) {
        for (Link l : links) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }

    private Neighbor neighbor(Ipv4Address address, String device) {
        for (Neighbor n : neighbors) {
            if (n.address().equals(address) && (n.device() == null || n.device().equals(device))) {
                return n;
            }
        }
        return null;
    }

    /**
     * Resolves the path to a destination.
     *
     * @param destination the destination address
     * @return the chain or what is missing
     */
    public ForwardingPath resolve(Ipv4Address destination) {
        return resolve(Flow.to(destination));
    }

    /**
     * Resolves the path of a flow.
     *
     * @param flow the flow
     * @return the chain or what is missing
     */
    public ForwardingPath resolve(Flow flow) {
        LookupResult route = fib.lookup(flow);
        if (!route.isSuccess()) {
            return stop(route, null, null, List.of(), null, -1, -1, null, ForwardingPath.Missing.ROUTE,
                    "no route to " + Ipv4Address.toString(flow.destination()) + ": " + route.error().message());
        }
        if (route.type() == RouteType.LOCAL) {
            return stop(route, null, null, List.of(), null, -1, -1, null, ForwardingPath.Missing.NONE, "local");
        }
        Link device = link(route.device());
        if (device != null && !device.isOperational()) {
            return stop(route, null, null, List.of(), null, -1, -1, null, ForwardingPath.Missing.DEVICE_DOWN,
                    "device " + device.name() + " is " + (device.up() ? "without carrier" : "down"));
        }
        Ipv4Address nextHop = route.gateway() != null ? route.gateway() : new Ipv4Address(flow.destination());
        Neighbor neighbor = neighbor(nextHop, route.device());
        if (neighbor == null || !neighbor.isValid()) {
            return stop(route, neighbor, null, List.of(), null, -1, -1, null, ForwardingPath.Missing.NEIGHBOR,
                    "no valid neighbour for " + nextHop + " on " + route.device());
        }
        if (device == null || device.vxlan() == null) {
            return stop(route, neighbor, null, List.of(), null, -1, -1, null, ForwardingPath.Missing.NONE, "direct");
        }
        Link.Vxlan vxlan = device.vxlan();
        MacAddress mac = neighbor.linkLayerAddress();
        FdbEntry entry = null;
        List<FdbEntry> flood = new ArrayList<>();
        for (FdbEntry e : fdb) {
            if (!device.name().equals(e.device())) {
                continue;
            }
            if (e.mac().equals(mac) && entry == null) {
                entry = e;
            } else if (e.mac().bits() == 0) {
                flood.add(e);
            }
        }
        if (entry != null) {
            flood.clear();
        } else if (!flood.isEmpty()) {
            entry = flood.get(0);
        }
        if (entry == null || entry.destination() == null) {
            return stop(route, neighbor, entry, flood, null, -1, -1, null, ForwardingPath.Missing.FDB_ENTRY,
                    "no fdb entry with a dst for " + mac + " on " + device.name());
        }
        Ipv4Address vtep = entry.destination();
        long vni = entry.vni() >= 0 ? entry.vni() : vxlan.vni();
        int port = entry.port() >= 0 ? entry.port() : vxlan.destinationPort();
        Flow underlayFlow = Flow.to(vtep).withSource(vxlan.local() == null ? 0 : vxlan.local().bits())
                .withOutputDevice(entry.via() != null ? entry.via() : vxlan.underlayDevice())
                .withTransport(17, 0, port);
        LookupResult underlay = fib.lookup(underlayFlow);
        if (!underlay.isSuccess()) {
            return stop(route, neighbor, entry, flood, vtep, vni, port, underlay, ForwardingPath.Missing.UNDERLAY_ROUTE,
                    "no underlay route to VTEP " + vtep + ": " + underlay.error().message());
        }
        if (device.name().equals(underlay.device())) {
            return stop(route, neighbor, entry, flood, vtep, vni, port, underlay, ForwardingPath.Missing.CIRCULAR_ROUTE,
                    "the route to VTEP " + vtep + " leaves through " + device.name() + " itself");
        }
        Link underlayDevice = link(underlay.device());
        if (underlayDevice != null && !underlayDevice.isOperational()) {
            return stop(route, neighbor, entry, flood, vtep, vni, port, underlay, ForwardingPath.Missing.DEVICE_DOWN,
                    "underlay device " + underlayDevice.name() + " is " + (underlayDevice.up() ? "without carrier"
                    : "down"));
        }
        Ipv4Address underlayHop = underlay.gateway() != null ? underlay.gateway() : vtep;
        return new ForwardingPath(route, neighbor, entry, flood, vtep, vni, port, underlay,
                neighbor(underlayHop, underlay.device()), ForwardingPath.Missing.NONE, "complete");
    }

    private static ForwardingPath stop(LookupResult route, Neighbor neighbor, FdbEntry entry, List<FdbEntry> flood,
            Ipv4Address vtep, long vni, int port, LookupResult underlay, ForwardingPath.Missing missing, String detail) {
        return new ForwardingPath(route, neighbor, entry, flood, vtep, vni, port, underlay, null, missing, detail);
    }
}
