package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One port of a Kubernetes service as kube-proxy sees it: cluster IP, optional node port, external and
 * load-balancer IPs, source ranges, external traffic policy, session affinity and the ready endpoints.
 *
 * @param namespace                the namespace
 * @param name                     the service name
 * @param portName                 the port name, possibly empty
 * @param protocol                 {@code tcp}, {@code udp} or {@code sctp}
 * @param clusterIp                the cluster IP
 * @param port                     the service port
 * @param nodePort                 the node port, 0 if none
 * @param externalIps              external IPs
 * @param loadBalancerIps          load-balancer ingress IPs
 * @param loadBalancerSourceRanges allowed client ranges for the load balancer (empty: all)
 * @param externalPolicyLocal      {@code externalTrafficPolicy: Local}
 * @param healthCheckNodePort      the health-check node port of a Local service, 0 if none
 * @param affinitySeconds          {@code sessionAffinity: ClientIP} timeout, 0 for none
 * @param endpoints                the ready endpoints
 */
public record KubeService(String namespace, String name, String portName, String protocol, Ipv4Address clusterIp,
                          int port, int nodePort, List<Ipv4Address> externalIps, List<Ipv4Address> loadBalancerIps,
                          List<Ipv4Prefix> loadBalancerSourceRanges, boolean externalPolicyLocal,
                          int healthCheckNodePort, int affinitySeconds, List<KubeEndpoint> endpoints) {

    /**
     * Checks and copies.
     *
     * @param namespace                the namespace
     * @param name                     the name
     * @param portName                 the port name
     * @param protocol                 the protocol
     * @param clusterIp                the cluster IP
     * @param port                     the port
     * @param nodePort                 the node port or 0
     * @param externalIps              external IPs
     * @param loadBalancerIps          LB IPs
     * @param loadBalancerSourceRanges LB source ranges
     * @param externalPolicyLocal      Local external policy
     * @param healthCheckNodePort      health-check node port or 0
     * @param affinitySeconds          affinity timeout or 0
     * @param endpoints                endpoints
     */
    public KubeService {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(portName, "portName");
        Objects.requireNonNull(clusterIp, "clusterIp");
        protocol = protocol.toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw new IllegalArgumentException("protocol " + protocol + " is not tcp, udp or sctp");
        }
        externalIps = List.copyOf(externalIps);
        loadBalancerIps = List.copyOf(loadBalancerIps);
        loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
        endpoints = List.copyOf(endpoints);
    }

    /**
     * Makes a ClusterIP service port, like the article's {@code xiuxian/auth-java}.
     *
     * @param namespace the namespace
     * @param name      the service name
     * @param portName  the port name
     * @param protocol  the protocol
     * @param clusterIp the cluster IP
     * @param port      the port
     * @param endpoints the endpoints
     * @return the service
     */
    public static KubeService clusterIp(String namespace, String name, String portName, String protocol,
                                        Ipv4Address clusterIp, int port, List<KubeEndpoint> endpoints) {
        return new KubeService(namespace, name, portName, protocol, clusterIp, port, 0, List.of(), List.of(),
            List.of(), false, 0, 0, endpoints);
    }

    /**
     * Returns the service port name ({@code ns/name:port}).
     *
     * @return the name kube-proxy hashes and puts in comments
     */
    public String servicePortName() {
        return KubeProxyNames.servicePortName(namespace, name, portName);
    }

    /**
     * Returns a copy with a node port.
     *
     * @param newNodePort the node port
     * @return the copy
     */
    public KubeService withNodePort(int newNodePort) {
        return new KubeService(namespace, name, portName, protocol, clusterIp, port, newNodePort, externalIps,
            loadBalancerIps, loadBalancerSourceRanges, externalPolicyLocal, healthCheckNodePort, affinitySeconds,
            endpoints);
    }

    /**
     * Returns a copy with external IPs.
     *
     * @param ips the external IPs
     * @return the copy
     */
    public KubeService withExternalIps(List<Ipv4Address> ips) {
        return new KubeService(namespace, name, portName, protocol, clusterIp, port, nodePort, ips,
            loadBalancerIps, loadBalancerSourceRanges, externalPolicyLocal, healthCheckNodePort, affinitySeconds,
            endpoints);
    }

    /**
     * Returns a copy with load-balancer IPs and source ranges.
     *
     * @param ips    the ingress IPs
     * @param ranges the allowed source ranges (empty for all)
     * @return the copy
     */
    public KubeService withLoadBalancer(List<Ipv4Address> ips, List<Ipv4Prefix> ranges) {
        return new KubeService(namespace, name, portName, protocol, clusterIp, port, nodePort, externalIps, ips,
            ranges, externalPolicyLocal, healthCheckNodePort, affinitySeconds, endpoints);
    }

    /**
     * Returns a copy with {@code externalTrafficPolicy: Local} and its health-check node port.
     *
     * @param healthCheckPort the health-check node port
     * @return the copy
     */
    public KubeService withExternalPolicyLocal(int healthCheckPort) {
        return new KubeService(namespace, name, portName, protocol, clusterIp, port, nodePort, externalIps,
            loadBalancerIps, loadBalancerSourceRanges, true, healthCheckPort, affinitySeconds, endpoints);
    }

    /**
     * Returns a copy with {@code sessionAffinity: ClientIP}.
     *
     * @param seconds the timeout
     * @return the copy
     */
    public KubeService withAffinity(int seconds) {
        return new KubeService(namespace, name, portName, protocol, clusterIp, port, nodePort, externalIps,
            loadBalancerIps, loadBalancerSourceRanges, externalPolicyLocal, healthCheckNodePort, seconds, endpoints);
    }

    /**
     * Tells whether traffic from outside can reach it (node port, external IP or load balancer).
     *
     * @return true if there are external destinations
     */
    public boolean hasExternal() {
        return nodePort != 0 || !externalIps.isEmpty() || !loadBalancerIps.isEmpty();
    }
}
