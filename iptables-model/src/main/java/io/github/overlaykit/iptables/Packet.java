package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;

/**
 * The first packet of a connection as the tracer sees it: addresses, protocol, ports (or ICMP type and
 * code), TCP flags, interfaces, mark and conntrack state. Immutable; the {@code with…} methods copy.
 *
 * @param source          source address bits
 * @param destination     destination address bits
 * @param protocol        IP protocol number (6 tcp, 17 udp, 1 icmp)
 * @param sourcePort      source port (tcp/udp), or the ICMP type for icmp
 * @param destinationPort destination port (tcp/udp), or the ICMP code for icmp
 * @param tcpFlags        TCP flags (FIN=1 SYN=2 RST=4 PSH=8 ACK=16 URG=32); a SYN by default
 * @param inInterface     the interface it arrived on, or null when locally generated
 * @param outInterface    the interface it leaves by, or null to let the routing decide
 * @param mark            the packet mark
 * @param conntrackState  one of the {@link Match#CONNTRACK_STATES} bits; {@link Match#STATE_NEW} for a first packet
 */
public record Packet(int source, int destination, int protocol, int sourcePort, int destinationPort, int tcpFlags,
                     String inInterface, String outInterface, int mark, int conntrackState) {

    /** TCP SYN flag bits. */
    public static final int SYN = 0x02;

    /**
     * Makes a TCP SYN (a new connection) from {@code source:sourcePort} to {@code destination:destinationPort}.
     *
     * @param source          the source address
     * @param sourcePort      the source port
     * @param destination     the destination address
     * @param destinationPort the destination port
     * @return the packet, locally generated until {@link #withInInterface} says otherwise
     */
    public static Packet tcp(Ipv4Address source, int sourcePort, Ipv4Address destination, int destinationPort) {
        return new Packet(source.bits(), destination.bits(), 6, sourcePort, destinationPort, SYN, null, null, 0,
            Match.STATE_NEW);
    }

    /**
     * Makes a packet of any protocol.
     *
     * @param protocol        6, 17, 1, …
     * @param source          the source address
     * @param sourcePort      source port, or ICMP type
     * @param destination     the destination address
     * @param destinationPort destination port, or ICMP code
     * @return the packet (new connection)
     */
    public static Packet of(int protocol, Ipv4Address source, int sourcePort, Ipv4Address destination,
                            int destinationPort) {
        return new Packet(source.bits(), destination.bits(), protocol, sourcePort, destinationPort,
            protocol == 6 ? SYN : 0, null, null, 0, Match.STATE_NEW);
    }

    /**
     * Returns a copy that arrived on an interface (the PREROUTING path).
     *
     * @param name the interface
     * @return the copy
     */
    public Packet withInInterface(String name) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, tcpFlags, name, outInterface,
            mark, conntrackState);
    }

    /**
     * Returns a copy with a fixed output interface (overrides the routing's choice before NAT).
     *
     * @param name the interface
     * @return the copy
     */
    public Packet withOutInterface(String name) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, tcpFlags, inInterface, name,
            mark, conntrackState);
    }

    /**
     * Returns a copy with a mark.
     *
     * @param newMark the mark
     * @return the copy
     */
    public Packet withMark(int newMark) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, tcpFlags, inInterface,
            outInterface, newMark, conntrackState);
    }

    /**
     * Returns a copy with other TCP flags.
     *
     * @param flags the flags
     * @return the copy
     */
    public Packet withTcpFlags(int flags) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, flags, inInterface,
            outInterface, mark, conntrackState);
    }

    /**
     * Returns a copy with another conntrack state (NAT is consulted only for {@code NEW}).
     *
     * @param stateBit one of the {@link Match#CONNTRACK_STATES} bits
     * @return the copy
     */
    public Packet withConntrackState(int stateBit) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, tcpFlags, inInterface,
            outInterface, mark, stateBit);
    }
}
