package io.github.overlaykit.iptables;

/**
 * The routing decisions the tracer needs between hooks, supplied by the caller (the {@code route} module
 * can back it with a real table; {@link StaticRouting} is the simple form).
 */
public interface Routing {

    /**
     * Routes a packet.
     *
     * @param source      source address bits
     * @param destination destination address bits (after DNAT when asked again)
     * @param inInterface the arrival interface, or null for a locally generated packet
     * @param mark        the packet mark (policy routing may use it)
     * @return the decision
     */
    RouteDecision route(int source, int destination, String inInterface, int mark);

    /**
     * Tells whether an address is one of this host's ({@code addrtype LOCAL}); the tracer treats
     * {@code 127.0.0.0/8} as local whatever this says.
     *
     * @param address address bits
     * @return true if local
     */
    boolean isLocal(int address);

    /**
     * A routing decision.
     *
     * @param kind            local delivery, forwarding/output, or no route
     * @param outInterface    the output interface ({@code lo} for local), null if unknown
     * @param preferredSource the source address the route prefers (used by MASQUERADE), 0 if unknown
     */
    record RouteDecision(Kind kind, String outInterface, int preferredSource) {
        /** What the route does with the packet. */
        public enum Kind {
            /** Delivered to this host (INPUT). */
            LOCAL,
            /** Sent out of an interface (FORWARD, or OUTPUT for local packets). */
            UNICAST,
            /** No route: the kernel answers ICMP network unreachable. */
            UNREACHABLE
        }
    }
}
