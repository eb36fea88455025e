package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.netlink.LinkRequest;
import io.github.overlaykit.netlink.NetNamespace;
import io.github.overlaykit.netlink.RtnetlinkClient;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.InterfaceAddress;
import io.github.overlaykit.route.Link;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.Route;
import io.github.overlaykit.route.RouteCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The article's cluster made real in four network namespaces, with the SDK alone: {@link NetNamespace#create}
 * for the namespaces, {@link RtnetlinkClient} for every link, address, route, neighbour and FDB entry, and
 * the iptables model's rules fed to {@code iptables-restore} on stdin.
 *
 * <pre>
 *   PREFIX-pod                 PREFIX-worker                     PREFIX-cloud                 PREFIX-master
 *  eth0 10.244.1.8 ── veth ── cni0 10.244.1.1                cloud-w 10.0.20.1/22          eth0 172.17.16.14/20
 *                             flannel.1 10.244.1.0/32        cloud-m 172.17.16.1/20        flannel.1 10.244.0.0/32
 *                             eth0 10.0.20.11/22 ──── veth ── cloud-w   cloud-m ──── veth ── eth0
 *                                                  1:1 NAT: 198.51.100.160 = 10.0.20.11, 192.0.2.84 = 172.17.16.14
 * </pre>
 *
 * The cloud namespace plays the provider's network: it maps each node's public address 1:1 to its private
 * one, as the article's Tencent Cloud does, so flannel's FDB entries point at public addresses
 * (documentation ranges here) and the VXLAN packets are NATed on the way, as in the article.
 * {@link #close()} deletes exactly the namespaces this object created, also after a failed build; the
 * devices and rules inside go with them.
 */
final class LiveCluster implements AutoCloseable {
    /** The master's public address (the article's 121.4.190.84, here from TEST-NET-1). */
    static final Ipv4Address MASTER_PUBLIC = Ipv4Address.parse("192.0.2.84");
    /** The worker's public address (the article's 106.55.227.160, here from TEST-NET-2). */
    static final Ipv4Address WORKER_PUBLIC = Ipv4Address.parse("198.51.100.160");

    final String master;
    final String worker;
    final String pod;
    final String cloud;
    private final ArticleCluster article = new ArticleCluster();
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<String> log;
    private boolean closed;

    /**
     * Names the four namespaces {@code PREFIX-master}, {@code -worker}, {@code -pod}, {@code -cloud}.
     *
     * @param prefix e.g. {@code ok-demo-3fa2c1}
     * @param log    receives one line per change made, as ip/bridge/iptables command text
     */
    LiveCluster(String prefix, Consumer<String> log) {
        this.master = prefix + "-master";
        this.worker = prefix + "-worker";
        this.pod = prefix + "-pod";
        this.cloud = prefix + "-cloud";
        this.log = log;
    }

    ArticleCluster article() {
        return article;
    }

    /** The namespaces made so far, in order. */
    List<String> createdNamespaces() {
        synchronized (created) {
            return List.copyOf(created);
        }
    }

    /**
     * Builds everything; on failure what was made stays recorded for {@link #close()}.
     *
     * @throws IOException if {@code iptables-restore} or a sysctl write fails
     */
    void build() throws IOException {
        for (String name : List.of(cloud, master, worker, pod)) {
            createNamespace(name);
            log.accept("ip netns add " + name);
        }
        ArticleCluster.Node m = article.master;
        ArticleCluster.Node w = article.worker;
        try (RtnetlinkClient cloudNl = RtnetlinkClient.open(ns(cloud));
             RtnetlinkClient masterNl = RtnetlinkClient.open(ns(master));
             RtnetlinkClient workerNl = RtnetlinkClient.open(ns(worker));
             RtnetlinkClient podNl = RtnetlinkClient.open(ns(pod))) {
            for (RtnetlinkClient nl : List.of(cloudNl, masterNl, workerNl, podNl)) {
                nl.setLinkUp("lo", true);
            }
            for (String name : List.of(cloud, master, worker, pod)) {
                sysctl(name, "net/ipv6/conf/all/disable_ipv6", "1");  // no IPv6 chatter in the captures
                sysctl(name, "net/ipv6/conf/default/disable_ipv6", "1");
            }
            for (String name : List.of(cloud, master, worker)) {
                sysctl(name, "net/ipv4/ip_forward", "1");
            }
            // the provider's network: each node's eth0 is a veth whose other end is in the cloud
            underlay(masterNl, cloudNl, "cloud-m", m);
            underlay(workerNl, cloudNl, "cloud-w", w);
            iptablesRestore(cloud, "*nat\n" + cloudNat(m, MASTER_PUBLIC) + cloudNat(w, WORKER_PUBLIC) + "COMMIT\n",
                    "the provider's 1:1 NAT");

            flannel(masterNl, m, w, WORKER_PUBLIC);
            flannel(workerNl, w, m, MASTER_PUBLIC);

            // the worker's CNI bridge and the pod behind a veth
            MacAddress cni0 = article.cni0Mac;
            workerNl.addLink(LinkRequest.bridge("cni0").address(cni0).mtu(1450).up(true));
            log.accept(worker + ": ip link add cni0 address " + cni0 + " mtu 1450 type bridge");
            address(workerNl, worker, "cni0", "10.244.1.1/24");
            podNl.addLink(LinkRequest.veth("eth0", "veth8").address(article.podMac).mtu(1450));
            podNl.moveLink("veth8", ns(worker));
            workerNl.setLinkMaster("veth8", "cni0");
            workerNl.setLinkMtu("veth8", 1450);
            workerNl.setLinkUp("veth8", true);
            podNl.setLinkUp("eth0", true);
            log.accept(pod + ": ip link add eth0 address " + article.podMac + " type veth peer veth8 netns " + worker
                    + " master cni0");
            address(podNl, pod, "eth0", ArticleCluster.POD + "/24");
            route(podNl, pod, "default via 10.244.1.1 dev eth0");

            iptablesRestore(master, article.masterRules.toRestore(), "kube-proxy + flanneld");
            iptablesRestore(worker, article.workerRules.toRestore(), "kube-proxy + flanneld");
        }
    }

    // One lock with deleteCreated: a cleanup that has begun (Ctrl-C) cannot miss a namespace made after it.
    private synchronized void createNamespace(String name) {
        if (closed) {
            throw new IllegalStateException("the cluster " + name.substring(0, name.lastIndexOf('-'))
                    + " is being removed");
        }
        NetNamespace.create(name);
        created.add(name);
    }

    private void underlay(RtnetlinkClient node, RtnetlinkClient cloudNl, String cloudSide, ArticleCluster.Node n) {
        String name = n == article.master ? master : worker;
        node.addLink(LinkRequest.veth("eth0", cloudSide).address(n.eth0Mac()));
        node.moveLink(cloudSide, ns(cloud));
        cloudNl.setLinkAddress(cloudSide, n.gatewayMac());
        node.setLinkUp("eth0", true);
        cloudNl.setLinkUp(cloudSide, true);
        log.accept(name + ": ip link add eth0 address " + n.eth0Mac() + " type veth peer " + cloudSide + " netns "
                + cloud + " address " + n.gatewayMac());
        int length = n.eth0Subnet().length();
        address(node, name, "eth0", n.eth0() + "/" + length);
        address(cloudNl, cloud, cloudSide, n.gateway() + "/" + length);  // the cloud is the gateway
        route(node, name, "default via " + n.gateway() + " dev eth0");
    }

    /** What flanneld does on {@code node} at start and for {@code peer}'s lease (see ArticleCluster.peer). */
    private void flannel(RtnetlinkClient nl, ArticleCluster.Node node, ArticleCluster.Node peer,
                         Ipv4Address peerPublic) {
        String name = node == article.master ? master : worker;
        Link.Vxlan vxlan = node.link("flannel.1").vxlan();
        nl.addLink(LinkRequest.vxlan("flannel.1", vxlan).address(node.flannelMac()).mtu(1450).up(true));
        log.accept(name + ": ip link add flannel.1 address " + node.flannelMac() + " mtu 1450 type vxlan id "
                + vxlan.vni() + " local " + vxlan.local() + " dev " + vxlan.underlayDevice() + " dstport "
                + vxlan.destinationPort() + " nolearning");
        address(nl, name, "flannel.1", node.flannelIp() + "/32");
        route(nl, name, peer.subnet() + " via " + peer.flannelIp() + " dev flannel.1 onlink");
        nl.replaceNeighbor(Neighbor.permanent(peer.flannelIp(), "flannel.1", peer.flannelMac()));
        log.accept(name + ": ip neigh replace " + peer.flannelIp() + " lladdr " + peer.flannelMac()
                + " dev flannel.1 nud permanent");
        nl.replaceFdb(FdbEntry.vxlan(peer.flannelMac(), "flannel.1", peerPublic));
        log.accept(name + ": bridge fdb replace " + peer.flannelMac() + " dev flannel.1 dst " + peerPublic
                + " self permanent");
    }

    private void address(RtnetlinkClient nl, String name, String device, String cidr) {
        int slash = cidr.indexOf('/');
        nl.addAddress(new InterfaceAddress(device, Ipv4Address.parse(cidr.substring(0, slash)),
                Integer.parseInt(cidr.substring(slash + 1)), 0, false));
        log.accept(name + ": ip addr add " + cidr + " dev " + device);
    }

    private void route(RtnetlinkClient nl, String name, String route) {
        Route parsed = RouteCommand.parse("ip route add " + route).route();
        nl.addRoute(parsed);
        log.accept(name + ": ip route add " + route);
    }

    /** The provider's 1:1 NAT of one node: public address in, private address out. */
    private static String cloudNat(ArticleCluster.Node node, Ipv4Address publicIp) {
        return "-A PREROUTING -d " + publicIp + "/32 -j DNAT --to-destination " + node.eth0() + "\n"
                + "-A POSTROUTING -s " + node.eth0() + "/32 -j SNAT --to-source " + publicIp + "\n";
    }

    // iptables-restore reads the rules on stdin, as kube-proxy feeds it: no shell, no temporary file.
    private void iptablesRestore(String namespace, String rules, String what) throws IOException {
        Processes.Result result = Processes.run(Processes.inNamespace(namespace, "iptables-restore", "--noflush"), rules);
        if (result.exitCode() != 0) {
            throw new IOException("iptables-restore in " + namespace + " failed (" + result.exitCode() + "): "
                    + result.stderr().strip());
        }
        log.accept(namespace + ": iptables-restore --noflush < " + what + " rules ("
                + rules.lines().filter(l -> l.startsWith("-A ")).count() + " rules)");
    }

    // /proc/sys/net belongs to the namespace of the thread that opens it.
    private static void sysctl(String namespace, String key, String value) {
        ns(namespace).run(() -> {
            try {
                Files.writeString(Path.of("/proc/sys", key), value);
            } catch (IOException e) {
                throw new UncheckedIOException("sysctl " + key + " in " + namespace, e);
            }
        });
    }

    static NetNamespace ns(String name) {
        return NetNamespace.named(name);
    }

    /**
     * Deletes, by exact name, every namespace this object created; safe to call twice and from a
     * shutdown hook.
     *
     * @return the names deleted, and for each failure its message
     */
    synchronized Map<String, String> deleteCreated() {
        Map<String, String> outcome = new LinkedHashMap<>();
        if (closed) {
            return outcome;
        }
        closed = true;
        List<String> names = createdNamespaces();
        for (int i = names.size() - 1; i >= 0; i--) {
            String name = names.get(i);
            try {
                NetNamespace.named(name).delete();
                outcome.put(name, "deleted");
            } catch (RuntimeException e) {
                outcome.put(name, e.getMessage());
            }
        }
        return outcome;
    }

    @Override
    public void close() {
        deleteCreated();
    }
}
