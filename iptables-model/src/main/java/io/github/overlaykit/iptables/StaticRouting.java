package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A routing decision without a routing table: the given local addresses (plus {@code 127.0.0.0/8}) are
 * delivered locally, everything else leaves by one interface with one preferred source address.
 */
public final class StaticRouting implements Routing {
    private final Set<Integer> local = new HashSet<>();
    private final String outInterface;
    private final int preferredSource;

    /**
     * Creates the routing.
     *
     * @param localAddresses  this host's addresses; the first non-loopback one is the preferred source
     * @param outInterface    the interface non-local traffic leaves by, or null if unknown
     */
    public StaticRouting(List<Ipv4Address> localAddresses, String outInterface) {
        int preferred = 0;
        for (Ipv4Address a : localAddresses) {
            local.add(a.bits());
            if (preferred == 0 && !a.isLoopback()) {
                preferred = a.bits();
            }
        }
        this.outInterface = outInterface;
        this.preferredSource = preferred;
    }

    @Override
    public RouteDecision route(int source, int destination, String inInterface, int mark) {
        if (isLocal(destination)) {
            return new RouteDecision(RouteDecision.Kind.LOCAL, "lo", destination);
        }
        return new RouteDecision(RouteDecision.Kind.UNICAST, outInterface, preferredSource);
    }

    @Override
    public boolean isLocal(int address) {
        return (address >>> 24) == 127 || local.contains(address);
    }
}
