package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.iptables.Routing;
import io.github.overlaykit.route.Fib;
import io.github.overlaykit.route.Flow;
import io.github.overlaykit.route.LookupResult;
import io.github.overlaykit.route.RouteType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The iptables tracer's routing decisions answered by the route module's {@link Fib}; addresses the
 * caller names as local (e.g. {@code iptables trace --local}) count as local besides the table's own.
 */
final class FibRouting implements Routing {
    private final Fib fib;
    private final Set<Integer> extraLocal;

    FibRouting(Fib fib) {
        this(fib, List.of());
    }

    FibRouting(Fib fib, List<Ipv4Address> extraLocal) {
        this.fib = fib;
        this.extraLocal = extraLocal.stream().map(Ipv4Address::bits).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public RouteDecision route(int source, int destination, String inInterface, int mark) {
        LookupResult r = fib.lookup(Flow.to(destination).withMark(Integer.toUnsignedLong(mark)));
        if (!r.isSuccess()) {
            return new RouteDecision(RouteDecision.Kind.UNREACHABLE, null, 0);
        }
        int preferred = r.source() == null ? 0 : r.source().bits();
        if (r.type() == RouteType.LOCAL) {
            return new RouteDecision(RouteDecision.Kind.LOCAL, "lo", preferred);
        }
        return new RouteDecision(RouteDecision.Kind.UNICAST, r.device(), preferred);
    }

    @Override
    public boolean isLocal(int address) {
        if (extraLocal.contains(address)) {
            return true;
        }
        LookupResult r = fib.lookup(address);
        return r.isSuccess() && r.type() == RouteType.LOCAL;
    }
}
