package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;

/**
 * A connection tuple: protocol, source and destination address and port.
 *
 * @param protocol        IP protocol number
 * @param source          source address bits
 * @param sourcePort      source port
 * @param destination     destination address bits
 * @param destinationPort destination port
 */
public record Tuple(int protocol, int source, int sourcePort, int destination, int destinationPort) {

    /**
     * Returns the tuple of the other direction.
     *
     * @return source and destination swapped
     */
    public Tuple reversed() {
        return new Tuple(protocol, destination, destinationPort, source, sourcePort);
    }

    /**
     * Returns {@code SRC:SPORT -> DST:DPORT}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return Ipv4Address.toString(source) + ":" + sourcePort + " -> " + Ipv4Address.toString(destination) + ":"
            + destinationPort;
    }
}
