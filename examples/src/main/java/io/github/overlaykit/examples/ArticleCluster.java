package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.iptables.KubeEndpoint;
import io.github.overlaykit.iptables.KubeProxyRenderer;
import io.github.overlaykit.iptables.KubeService;
import io.github.overlaykit.iptables.Ruleset;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.Fib;
import io.github.overlaykit.route.IpText;
import io.github.overlaykit.route.Link;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.NeighborState;
import io.github.overlaykit.route.RouteCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The two nodes of the article (../shared/seed/k8s-service-flannel-article.zh.md) as the SDK's types: the
 * addresses, MACs and the service come from the article; what it does not show (subnet masks, gateways,
 * the CNI bridge's MACs) is stated where it is chosen.
 */
final class ArticleCluster {
    static final Ipv4Address CLUSTER_IP = Ipv4Address.parse("10.103.5.88");
    static final int SERVICE_PORT = 9000;
    static final Ipv4Address POD = Ipv4Address.parse("10.244.1.8");
    static final int POD_PORT = 9000;
    static final Ipv4Prefix CLUSTER_CIDR = Ipv4Prefix.parse("10.244.0.0/16");
    static final int VNI = 1;
    static final int VXLAN_PORT = 8472;
    /** kube-proxy's default {@code --iptables-masquerade-bit} 14. */
    static final int MASQUERADE_MARK = 0x4000;

    /** The article's {@code iptables -S -t nat} shows this endpoint chain; ours is computed. */
    static final String ARTICLE_ENDPOINT_CHAIN = "KUBE-SEP-7ETKSBKARXRYVX3G";
    /** The article's tcpdump on the master's flannel.1 (after the timestamp): the SYN of this connection. */
    static final String ARTICLE_FLANNEL_SYN = "f6:f2:b0:fa:75:73 > da:a9:48:cb:15:3b, ethertype IPv4 (0x0800), length 74:"
            + " 10.244.0.0.8741 > 10.244.1.8.9000: Flags [S], seq 1220826812, win 29200, options [mss 1460,sackOK,"
            + "TS val 2079738924 ecr 0,nop,wscale 7], length 0";
    /** The article's tcpdump on the master's flannel.1: the SYN-ACK. */
    static final String ARTICLE_FLANNEL_SYN_ACK = "da:a9:48:cb:15:3b > f6:f2:b0:fa:75:73, ethertype IPv4 (0x0800),"
            + " length 74: 10.244.1.8.9000 > 10.244.0.0.8741: Flags [S.], seq 4079516162, ack 1220826813, win 27960,"
            + " options [mss 1410,sackOK,TS val 1027012415 ecr 2079738924,nop,wscale 7], length 0";
    /** The article's service chain; ours must come out equal. */
    static final String ARTICLE_SERVICE_CHAIN = "KUBE-SVC-ATUXI35NVHBYDGFQ";

    /**
     * One node: its devices, FIB, neighbours and FDB, and the facts the walk needs.
     *
     * @param name        master or worker
     * @param eth0        private address of eth0
     * @param eth0Subnet  the subnet eth0 is on (assumed: the article does not show it)
     * @param gateway     the cloud gateway on that subnet (assumed at .1)
     * @param publicIp    the address the cloud maps 1:1 to {@code eth0}
     * @param eth0Mac     eth0's MAC (the article's eth0 captures)
     * @param gatewayMac  the cloud gateway's MAC as eth0 sees it (the article's eth0 captures)
     * @param flannelIp   flannel.1's address
     * @param flannelMac  flannel.1's MAC
     * @param subnet      the node's pod subnet
     * @param fib         routes and rules
     * @param links       devices
     * @param neighbors   neighbour table
     * @param fdb         FDB of flannel.1
     * @param flannelSays the commands flanneld's VXLAN backend runs for the peer, as ip/bridge text
     */
    record Node(String name, Ipv4Address eth0, Ipv4Prefix eth0Subnet, Ipv4Address gateway, Ipv4Address publicIp, MacAddress eth0Mac, MacAddress gatewayMac,
                Ipv4Address flannelIp, MacAddress flannelMac, Ipv4Prefix subnet, Fib fib, List<Link> links,
                List<Neighbor> neighbors, List<FdbEntry> fdb, List<String> flannelSays) {

        Link link(String device) {
            return links.stream().filter(l -> l.name().equals(device)).findFirst().orElseThrow();
        }
    }

    final Node master;
    final Node worker;
    /** The CNI bridge plugin (before v0.8) derived MACs from the IPv4 address: 0a:58 + the four bytes. */
    final MacAddress cni0Mac = cniMac(Ipv4Address.parse("10.244.1.1"));
    final MacAddress podMac = cniMac(POD);
    final KubeService service = KubeService.clusterIp("xiuxian", "auth-java", "tcp-9000-9000-c8kgf", "tcp",
            CLUSTER_IP, SERVICE_PORT, List.of(new KubeEndpoint(POD, POD_PORT, false)));
    final String kubeProxyRestore = new KubeProxyRenderer(CLUSTER_CIDR, MASQUERADE_MARK, false).render(List.of(service));
    /** kube-proxy's rules and jumps (the same on both nodes) plus each node's {@code flanneld --ip-masq} rules. */
    final Ruleset masterRules = rules(Ipv4Prefix.parse("10.244.0.0/24"));
    final Ruleset workerRules = rules(Ipv4Prefix.parse("10.244.1.0/24"));

    ArticleCluster() {
        master = node("master", "172.17.16.14", "172.17.16.0/20", "172.17.16.1", "121.4.190.84", "52:54:00:f4:44:15",
                "fe:ee:b5:81:6a:26", "10.244.0.0", "f6:f2:b0:fa:75:73", false);
        worker = node("worker", "10.0.20.11", "10.0.20.0/22", "10.0.20.1", "106.55.227.160", "52:54:00:4f:72:ca",
                "fe:ee:b8:5a:5a:63", "10.244.1.0", "da:a9:48:cb:15:3b", true);
        peer(master, worker);
        peer(worker, master);
    }

    /**
     * The master's rules as on the article's node: kube-proxy without a cluster CIDR writes no
     * {@code KUBE-MARK-MASQ} rule for the cluster IP (the article's grep for 10.103.5.88 finds one line).
     */
    final Ruleset articleEraMasterRules = rules(Ipv4Prefix.parse("10.244.0.0/24"),
            kubeProxyRestore.lines().filter(l -> !(l.contains(" cluster IP\"") && l.endsWith("-j KUBE-MARK-MASQ")))
                    .collect(Collectors.joining("\n", "", "\n")));

    private Ruleset rules(Ipv4Prefix lease) {
        return rules(lease, kubeProxyRestore);
    }

    private static Ruleset rules(Ipv4Prefix lease, String kubeProxyRestore) {
        return Ruleset.parse(kubeProxyRestore, "kube-proxy")
                .restore(KubeProxyRenderer.jumpRules(), "kube-proxy jumps", true)
                .restore(flannelMasquerade(lease), "flanneld", true);
    }

    static MacAddress cniMac(Ipv4Address address) {
        return new MacAddress(0x0a58_0000_0000L | Integer.toUnsignedLong(address.bits()));
    }

    /**
     * Builds a node as the kernel holds it after boot, kubeadm and flannel's own address (the peer's
     * entries come from {@link #peer}). Subnet masks and gateways are not in the article: Tencent Cloud
     * subnets with the gateway at .1 are assumed.
     */
    private Node node(String name, String eth0, String eth0Subnet, String gateway, String publicIp, String eth0Mac,
                      String gatewayMac, String flannelIp, String flannelMac, boolean hasPod) {
        String routes = "default via " + gateway + " dev eth0 \n"
                + eth0Subnet + " dev eth0 proto kernel scope link src " + eth0 + " \n"
                + (hasPod ? "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n" : "")
                + "local " + eth0 + " dev eth0 table local proto kernel scope host src " + eth0 + " \n"
                + "local " + flannelIp + " dev flannel.1 table local proto kernel scope host src " + flannelIp + " \n"
                + (hasPod ? "local 10.244.1.1 dev cni0 table local proto kernel scope host src 10.244.1.1 \n" : "")
                + "local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 \n";
        List<Link> links = new ArrayList<>();
        links.add(new Link(1, "lo", true, true, 65536, MacAddress.ZERO, null));
        links.add(new Link(2, "eth0", true, true, 1500, MacAddress.parse(eth0Mac), null));
        // flannel: vxlan id 1 local <eth0> dev eth0 dstport 8472 nolearning, mtu 1500 - 50
        links.add(new Link(3, "flannel.1", true, true, 1450, MacAddress.parse(flannelMac),
                new Link.Vxlan(VNI, Ipv4Address.parse(eth0), VXLAN_PORT, "eth0", false)));
        if (hasPod) {
            links.add(new Link(4, "cni0", true, true, 1450, cni0Mac, null));
        }
        Fib fib = Fib.of(IpText.parseRoutes(routes, name + " routes"), null);
        fib.setLinks(links);
        List<Neighbor> neighbors = new ArrayList<>();
        neighbors.add(new Neighbor(Ipv4Address.parse(gateway), "eth0", MacAddress.parse(gatewayMac),
                Set.of(NeighborState.REACHABLE), Set.of(), -1));
        if (hasPod) {
            // learned by ARP when the pod first talked: not permanent
            neighbors.add(new Neighbor(POD, "cni0", podMac, Set.of(NeighborState.REACHABLE), Set.of(), -1));
        }
        Ipv4Address flannel = Ipv4Address.parse(flannelIp);
        return new Node(name, Ipv4Address.parse(eth0), Ipv4Prefix.parse(eth0Subnet), Ipv4Address.parse(gateway),
                Ipv4Address.parse(publicIp), MacAddress.parse(eth0Mac),
                MacAddress.parse(gatewayMac), flannel, MacAddress.parse(flannelMac),
                new Ipv4Prefix(flannel.bits(), 24), fib, links, neighbors, new ArrayList<>(), new ArrayList<>());
    }

    /**
     * What flanneld's VXLAN backend programs on {@code node} for {@code peer}'s lease: the onlink route to
     * the peer's subnet via its flannel.1 address, a permanent neighbour for that address with the peer's
     * VTEP MAC, and an FDB entry sending that MAC to the peer's PUBLIC address ({@code --public-ip}).
     */
    private static void peer(Node node, Node peer) {
        String route = "ip route add " + peer.subnet() + " via " + peer.flannelIp() + " dev flannel.1 onlink";
        node.fib().apply(RouteCommand.parse(route));
        node.neighbors().add(Neighbor.permanent(peer.flannelIp(), "flannel.1", peer.flannelMac()));
        node.fdb().add(FdbEntry.vxlan(peer.flannelMac(), "flannel.1", peer.publicIp()));
        node.flannelSays().add(route);
        node.flannelSays().add("ip neigh replace " + peer.flannelIp() + " lladdr " + peer.flannelMac()
                + " dev flannel.1 nud permanent");
        node.flannelSays().add("bridge fdb replace " + peer.flannelMac() + " dev flannel.1 dst " + peer.publicIp()
                + " self permanent");
    }

    /**
     * The nat rules {@code flanneld --ip-masq} (v0.14 to v0.19, the article's time) installs, with
     * {@code --random-fully} where iptables supports it: traffic from the host into the overlay leaves
     * with flannel.1's address, which is why the article's capture shows 10.244.0.0 as the source.
     */
    static String flannelMasquerade(Ipv4Prefix lease) {
        String n = CLUSTER_CIDR.toString();
        String comment = " -m comment --comment \"flanneld masq\"";
        return "*nat\n"
                + "-A POSTROUTING -s " + n + " -d " + n + comment + " -j RETURN\n"
                + "-A POSTROUTING -s " + n + " ! -d 224.0.0.0/4" + comment + " -j MASQUERADE --random-fully\n"
                + "-A POSTROUTING ! -s " + n + " -d " + lease + comment + " -j RETURN\n"
                + "-A POSTROUTING ! -s " + n + " -d " + n + comment + " -j MASQUERADE --random-fully\n"
                + "COMMIT\n";
    }
}
