package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import java.util.Arrays;
import java.util.List;

/**
 * A routing decision without a routing table: the given local addresses (plus {@code 127.0.0.0/8}) are
 * delivered locally, everything else leaves by one interface with one preferred source address (the first
 * non-loopback local address). Answers without allocating.
 */
public final class StaticRouting implements Routing {
    private final int[] local;
    private final RouteDecision localDecision;
    private final RouteDecision outDecision;

    /**
     * Creates the routing.
     *
     * @param localAddresses this host's addresses; the first non-loopback one is the preferred source
     * @param outInterface   the interface non-local traffic leaves by, or null if unknown
     */
    public StaticRouting(List<Ipv4Address> localAddresses, String outInterface) {
        int preferred = 0;
        local = new int[localAddresses.size()];
        for (int i = 0; i < local.length; i++) {
            Ipv4Address a = localAddresses.get(i);
            local[i] = a.bits();
            if (preferred == 0 && !a.isLoopback()) {
                preferred = a.bits();
            }
        }
        Arrays.sort(local);
        localDecision = new RouteDecision(RouteDecision.Kind.LOCAL, "lo", preferred);
        outDecision = new RouteDecision(RouteDecision.Kind.UNICAST, outInterface, preferred);
    }

    @Override
    public RouteDecision route(int source, int destination, String inInterface, int mark) {
        return isLocal(destination) ? localDecision : outDecision;
    }

    @Override
    public boolean isLocal(int address) {
        return (address >>> 24) == 127 || Arrays.binarySearch(local, address) >= 0;
    }
}
