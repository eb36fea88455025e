package io.github.overlaykit.examples;

import io.github.overlaykit.iptables.Routing;
import io.github.overlaykit.route.Fib;
import io.github.overlaykit.route.Flow;
import io.github.overlaykit.route.LookupResult;
import io.github.overlaykit.route.RouteType;

/** The iptables tracer's routing decisions answered by the route module's {@link Fib}. */
final class FibRouting implements Routing {
    private final Fib fib;

    FibRouting(Fib fib) {
        this.fib = fib;
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
        LookupResult r = fib.lookup(address);
        return r.isSuccess() && r.type() == RouteType.LOCAL;
    }
}
