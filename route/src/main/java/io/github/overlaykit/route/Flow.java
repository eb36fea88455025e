package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;

/**
 * What a locally generated packet looks like to a route lookup ({@code struct flowi4}): the keys of
 * {@code ip route get ADDR [from SRC] [oif DEV] [tos T] [mark M] [uid U] [ipproto P sport S dport D]}.
 *
 * @param destination     destination address bits
 * @param source          source address bits, 0 when not given
 * @param tos             TOS byte, 0 when not given
 * @param outputDevice    {@code oif}, or null
 * @param mark            firewall mark
 * @param uid             socket uid
 * @param ipProto         IP protocol, 0 when not given
 * @param sourcePort      source port, 0 when not given
 * @param destinationPort destination port, 0 when not given
 */
public record Flow(int destination, int source, int tos, String outputDevice, long mark, long uid, int ipProto,
        int sourcePort, int destinationPort) {

    /**
     * A flow to {@code destination} with nothing else set (uid 0).
     *
     * @param destination the destination bits
     * @return the flow
     */
    public static Flow to(int destination) {
        return new Flow(destination, 0, 0, null, 0, 0, 0, 0, 0);
    }

    /**
     * A flow to {@code destination} with nothing else set (uid 0).
     *
     * @param destination the destination
     * @return the flow
     */
    public static Flow to(Ipv4Address destination) {
        return to(destination.bits());
    }

    /**
     * Returns this flow from another source.
     *
     * @param value source bits
     * @return a copy
     */
    public Flow withSource(int value) {
        return new Flow(destination, value, tos, outputDevice, mark, uid, ipProto, sourcePort, destinationPort);
    }

    /**
     * Returns this flow with another TOS.
     *
     * @param value TOS byte
     * @return a copy
     */
    public Flow withTos(int value) {
        return new Flow(destination, source, value, outputDevice, mark, uid, ipProto, sourcePort, destinationPort);
    }

    /**
     * Returns this flow bound to an output device.
     *
     * @param value device name or null
     * @return a copy
     */
    public Flow withOutputDevice(String value) {
        return new Flow(destination, source, tos, value, mark, uid, ipProto, sourcePort, destinationPort);
    }

    /**
     * Returns this flow with another mark.
     *
     * @param value the mark
     * @return a copy
     */
    public Flow withMark(long value) {
        return new Flow(destination, source, tos, outputDevice, value, uid, ipProto, sourcePort, destinationPort);
    }

    /**
     * Returns this flow with transport keys.
     *
     * @param proto           IP protocol
     * @param sourcePort0     source port
     * @param destinationPort0 destination port
     * @return a copy
     */
    public Flow withTransport(int proto, int sourcePort0, int destinationPort0) {
        return new Flow(destination, source, tos, outputDevice, mark, uid, proto, sourcePort0, destinationPort0);
    }
}
