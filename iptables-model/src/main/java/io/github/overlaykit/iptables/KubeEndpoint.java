package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import java.util.Objects;

/**
 * One ready endpoint of a service port.
 *
 * @param address the pod address, e.g. {@code 10.244.1.8}
 * @param port    the target port, e.g. 9000
 * @param local   whether the pod runs on this node (matters for traffic policy {@code Local})
 */
public record KubeEndpoint(Ipv4Address address, int port, boolean local) {

    /**
     * Checks the values.
     *
     * @param address the pod address
     * @param port    the port
     * @param local   on this node
     */
    public KubeEndpoint {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }

    /**
     * Parses {@code IP:port} (not local).
     *
     * @param text e.g. {@code 10.244.1.8:9000}
     * @return the endpoint
     * @throws IllegalArgumentException if malformed
     */
    public static KubeEndpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("endpoint \"" + text + "\" is not IP:port");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("endpoint \"" + text + "\" has a bad port");
        }
        return new KubeEndpoint(Ipv4Address.parse(text.substring(0, colon)), port, false);
    }

    /**
     * Returns {@code IP:port}, the form kube-proxy hashes and writes.
     *
     * @return e.g. {@code 10.244.1.8:9000}
     */
    @Override
    public String toString() {
        return address + ":" + port;
    }
}
