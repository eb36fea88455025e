package io.github.overlaykit.iptables;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The chain names kube-proxy's iptables mode gives a service port and its endpoints
 * ({@code pkg/proxy/iptables/proxier.go}): a prefix and the first 16 characters of the RFC 4648 base32
 * of SHA-256 over {@code servicePortName + lowercase(protocol)} (plus {@code IP:port} for endpoints).
 *
 * <pre>{@code
 * String spn = KubeProxyNames.servicePortName("xiuxian", "auth-java", "tcp-9000-9000-c8kgf");
 * KubeProxyNames.serviceChain(spn, "TCP");                       // KUBE-SVC-ATUXI35NVHBYDGFQ
 * KubeProxyNames.endpointChain(spn, "TCP", "10.244.1.8:9000");   // KUBE-SEP-…
 * }</pre>
 */
public final class KubeProxyNames {
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private KubeProxyNames() {
    }

    /**
     * Returns the service port name as current kube-proxy forms it: {@code ns/name:port}, or
     * {@code ns/name} when the port has no name.
     *
     * @param namespace the namespace
     * @param name      the service name
     * @param portName  the port name, possibly empty
     * @return the service port name
     */
    public static String servicePortName(String namespace, String name, String portName) {
        return namespace + "/" + name + (portName.isEmpty() ? "" : ":" + portName);
    }

    /**
     * Returns the service port name as kube-proxy before {@code fmtPortName} formed it: always with the
     * colon, so an unnamed port gives {@code ns/name:} (and different hashes).
     *
     * @param namespace the namespace
     * @param name      the service name
     * @param portName  the port name, possibly empty
     * @return the legacy service port name
     */
    public static String legacyServicePortName(String namespace, String name, String portName) {
        return namespace + "/" + name + ":" + portName;
    }

    /**
     * Returns the 16-character hash kube-proxy appends to a chain prefix.
     *
     * @param input the hashed text
     * @return base32(sha256(input))[0..16)
     */
    public static String hash(String input) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        // 16 base32 characters are 80 bits: the first 10 bytes, 5 bits at a time, most significant first.
        StringBuilder out = new StringBuilder(16);
        long bits = 0;
        int available = 0;
        for (int i = 0; i < 10; i++) {
            bits = (bits << 8) | (digest[i] & 0xFF);
            available += 8;
            while (available >= 5) {
                available -= 5;
                out.append(BASE32[(int) (bits >>> available) & 31]);
            }
        }
        return out.toString();
    }

    private static String portProtoHash(String servicePortName, String protocol) {
        return hash(servicePortName + protocol.toLowerCase(Locale.ROOT));
    }

    /**
     * Returns the {@code KUBE-SVC-} chain (cluster traffic policy endpoint dispatch).
     *
     * @param servicePortName from {@link #servicePortName}
     * @param protocol        {@code tcp}, {@code udp} or {@code sctp} (any case)
     * @return e.g. {@code KUBE-SVC-ATUXI35NVHBYDGFQ}
     */
    public static String serviceChain(String servicePortName, String protocol) {
        return "KUBE-SVC-" + portProtoHash(servicePortName, protocol);
    }

    /**
     * Returns the {@code KUBE-SVL-} chain (local traffic policy endpoint dispatch).
     *
     * @param servicePortName the service port name
     * @param protocol        the protocol
     * @return the chain name
     */
    public static String localServiceChain(String servicePortName, String protocol) {
        return "KUBE-SVL-" + portProtoHash(servicePortName, protocol);
    }

    /**
     * Returns the {@code KUBE-EXT-} chain (external destinations: NodePort, external IP, load balancer).
     *
     * @param servicePortName the service port name
     * @param protocol        the protocol
     * @return the chain name
     */
    public static String externalChain(String servicePortName, String protocol) {
        return "KUBE-EXT-" + portProtoHash(servicePortName, protocol);
    }

    /**
     * Returns the {@code KUBE-FW-} chain (load balancer source ranges).
     *
     * @param servicePortName the service port name
     * @param protocol        the protocol
     * @return the chain name
     */
    public static String firewallChain(String servicePortName, String protocol) {
        return "KUBE-FW-" + portProtoHash(servicePortName, protocol);
    }

    /**
     * Returns the {@code KUBE-SEP-} chain of one endpoint.
     *
     * @param servicePortName the service port name
     * @param protocol        the protocol
     * @param endpoint        {@code IP:port}
     * @return the chain name
     */
    public static String endpointChain(String servicePortName, String protocol, String endpoint) {
        return "KUBE-SEP-" + hash(servicePortName + protocol.toLowerCase(Locale.ROOT) + endpoint);
    }
}
