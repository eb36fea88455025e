package io.github.overlaykit.examples;

import io.github.overlaykit.codec.EtherType;
import io.github.overlaykit.codec.EthernetFrame;
import io.github.overlaykit.codec.IpProtocol;
import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Packet;
import io.github.overlaykit.codec.LinkType;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.codec.NatRewriter;
import io.github.overlaykit.codec.PacketParser;
import io.github.overlaykit.codec.TcpOptionCursor;
import io.github.overlaykit.codec.TcpPacket;
import io.github.overlaykit.codec.TcpdumpPrinter;
import io.github.overlaykit.codec.VxlanDecapsulator;
import io.github.overlaykit.codec.VxlanEncapsulator;
import io.github.overlaykit.iptables.Hook;
import io.github.overlaykit.iptables.KubeProxyNames;
import io.github.overlaykit.iptables.Packet;
import io.github.overlaykit.iptables.PacketTracer;
import io.github.overlaykit.iptables.TraceResult;
import io.github.overlaykit.iptables.TraceStep;
import io.github.overlaykit.iptables.Tuple;
import io.github.overlaykit.route.Fib;
import io.github.overlaykit.route.ForwardingPath;
import io.github.overlaykit.route.IpText;
import io.github.overlaykit.route.Link;
import io.github.overlaykit.route.LookupResult;
import io.github.overlaykit.route.PathResolver;
import io.github.overlaykit.route.RouteTable;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The article's request and reply walked hop by hop with the SDK: each {@link Hop} says what was decided
 * and why, and each {@link Frame} is real bytes as tcpdump on that interface would print them.
 */
final class SeedWalk {
    /** The article's flannel.1 capture on the master (its line 208/209); the date is not in the article. */
    static final long SYN_SECONDS = LocalDateTime.of(2022, 7, 8, 10, 36, 22).toEpochSecond(ZoneOffset.UTC);
    static final int SYN_MICROS = 935837;
    static final long SYN_ACK_SECONDS = SYN_SECONDS;
    static final int SYN_ACK_MICROS = 968258;
    /** The article's SYN (tcpdump on the master's flannel.1). */
    static final int CLIENT_PORT = 8741;
    static final long SYN_SEQUENCE = 1220826812L;
    static final int SYN_WINDOW = 29200;
    static final long SYN_TS_VAL = 2079738924L;
    /** The article's SYN-ACK from the pod. */
    static final long SYN_ACK_SEQUENCE = 4079516162L;
    static final int SYN_ACK_WINDOW = 27960;
    static final long SYN_ACK_TS_VAL = 1027012415L;
    static final int WINDOW_SCALE = 7;
    static final int ETHERNET_HEADER = EthernetFrame.HEADER_LENGTH;
    static final int SYN_LENGTH = ETHERNET_HEADER + Ipv4Packet.MIN_HEADER_LENGTH + 40;

    /**
     * One frame as a tcpdump on {@code device} of {@code node} prints it.
     *
     * @param node     the node
     * @param device   the interface, or "socket" for a packet no interface shows
     * @param seconds  capture time
     * @param micros   capture time
     * @param linkType Ethernet, or raw IPv4 for socket-level packets
     * @param bytes    the frame
     * @param text     the printed lines (timestamp first; a VXLAN frame has its inner frame on a second line)
     */
    record Frame(String node, String device, long seconds, int micros, int linkType, byte[] bytes, List<String> text) {
    }

    /**
     * One step of the walk.
     *
     * @param number counted from 1
     * @param node   where it happens
     * @param title  what happens
     * @param lines  what was decided and why
     * @param frames the frames shown in this step
     */
    record Hop(int number, String node, String title, List<String> lines, List<Frame> frames) {
    }

    final ArticleCluster cluster = new ArticleCluster();
    final List<Hop> hops = new ArrayList<>();
    final Map<String, Object> facts = new LinkedHashMap<>();
    private final Map<String, TcpdumpPrinter> printers = new HashMap<>();
    private final boolean otv;
    private List<String> lines;
    private List<Frame> frames;

    /**
     * Walks the article.
     *
     * @param otvOnPort8472 print UDP 8472 as tcpdump 4.x's OTV (as the article shows it) instead of VXLAN
     */
    SeedWalk(boolean otvOnPort8472) {
        this.otv = otvOnPort8472;
        walk();
    }

    private void hop(String node, String title) {
        lines = new ArrayList<>();
        frames = new ArrayList<>();
        hops.add(new Hop(hops.size() + 1, node, title, lines, frames));
    }

    private void say(String text) {
        // only line feeds are trimmed: trace lines keep the kernel's trailing space
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        lines.addAll(Arrays.asList(text.substring(0, end).split("\n", -1)));
    }

    /** The request from curl on the master to the pod, then the reply, then the article's questions. */
    private void walk() {
        ArticleCluster.Node master = cluster.master;
        ArticleCluster.Node worker = cluster.worker;
        String spn = cluster.service.servicePortName();
        String serviceChain = KubeProxyNames.serviceChain(spn, "tcp");
        String endpointChain = KubeProxyNames.endpointChain(spn, "tcp", ArticleCluster.POD + ":" + ArticleCluster.POD_PORT);
        facts.put("servicePortName", spn);
        facts.put("serviceChain", serviceChain);
        facts.put("serviceChainMatchesArticle", serviceChain.equals(ArticleCluster.ARTICLE_SERVICE_CHAIN));
        facts.put("endpointChain", endpointChain);
        facts.put("articleEndpointChain", ArticleCluster.ARTICLE_ENDPOINT_CHAIN);
        facts.put("endpointChainMatchesArticle", endpointChain.equals(ArticleCluster.ARTICLE_ENDPOINT_CHAIN));

        describeNode(master);
        describeNode(worker);
        hop("both", "kube-proxy's nat rules for " + spn + " (rendered by the iptables model; iptables -S -t nat | grep)");
        for (String rule : cluster.masterRules.toSave().split("\n")) {
            if (rule.startsWith("-A ") && (rule.contains(serviceChain) || rule.contains(endpointChain))) {
                say(rule);
            }
        }
        say("service chain  " + serviceChain + " = base32(sha256(\"" + spn + "tcp\"))[0:16]"
                + (serviceChain.equals(ArticleCluster.ARTICLE_SERVICE_CHAIN) ? ", as in the article" : ", NOT the article's"));
        say("endpoint chain " + endpointChain + " = base32(sha256(\"" + spn + "tcp" + ArticleCluster.POD + ":"
                + ArticleCluster.POD_PORT + "\"))[0:16]" + (endpointChain.equals(ArticleCluster.ARTICLE_ENDPOINT_CHAIN)
                ? ", as in the article" : "; the article shows " + ArticleCluster.ARTICLE_ENDPOINT_CHAIN));
        say("the model renders current kube-proxy with --cluster-cidr " + ArticleCluster.CLUSTER_CIDR + ": the"
                + " article's v1.23 node shows the KUBE-SVC jump without the \" -> endpoint\" comment and no"
                + " KUBE-MARK-MASQ rule for the cluster IP (its grep for 10.103.5.88 finds one line)");

        // ---- request: curl on the master to the cluster IP
        hop("master", "curl http://10.103.5.88:9000 opens a TCP connection");
        LookupResult toService = master.fib().lookup(ArticleCluster.CLUSTER_IP.bits());
        say("ip route get 10.103.5.88: " + oneLine(toService.getText()));
        Ipv4Address clientAddress = toService.source();
        say("the socket's source is the route's: " + clientAddress + " port " + CLIENT_PORT
                + " (the article's port; the kernel picks it)");
        ByteBuffer request = ByteBuffer.allocate(VxlanEncapsulator.HEADROOM + SYN_LENGTH);
        int inner = VxlanEncapsulator.HEADROOM;
        writeTcp(request, inner, clientAddress.bits(), CLIENT_PORT, ArticleCluster.CLUSTER_IP.bits(),
                ArticleCluster.SERVICE_PORT, SYN_SEQUENCE, 0, TcpPacket.SYN, SYN_WINDOW,
                master.link("eth0").mtu() - 40, SYN_TS_VAL, 0);
        say("the SYN as the socket hands it to IP (no interface shows it, NAT comes next):");
        socketFrame(master, request, inner, SYN_SECONDS, SYN_MICROS);

        hop("master", "iptables: nat OUTPUT DNATs locally generated traffic before it is routed");
        PacketTracer masterTracer = new PacketTracer(cluster.masterRules, new FibRouting(master.fib()));
        TraceResult trace = masterTracer.traceFirst(
                Packet.tcp(clientAddress, CLIENT_PORT, ArticleCluster.CLUSTER_IP, ArticleCluster.SERVICE_PORT), Hook.OUTPUT);
        trace.lines().forEach(this::say);
        trace.notes().forEach(n -> say("note: " + n));
        Tuple nat = trace.translated();
        say("DNAT by " + endpointChain + ": " + ArticleCluster.CLUSTER_IP + ":" + ArticleCluster.SERVICE_PORT + " -> "
                + Ipv4Address.toString(nat.destination()) + ":" + nat.destinationPort()
                + "; rerouted after DNAT to " + new FibRouting(master.fib()).route(0, nat.destination(), null, 0).outInterface());
        say("source " + Ipv4Address.toString(nat.source()) + ":" + nat.sourcePort() + ", flannel.1's address as in the"
                + " article's capture: KUBE-MARK-MASQ marked the packet (" + clientAddress + " is outside the cluster CIDR "
                + ArticleCluster.CLUSTER_CIDR + "), then " + masquerade(trace));
        TraceResult articleEra = new PacketTracer(cluster.articleEraMasterRules, new FibRouting(master.fib())).traceFirst(
                Packet.tcp(clientAddress, CLIENT_PORT, ArticleCluster.CLUSTER_IP, ArticleCluster.SERVICE_PORT), Hook.OUTPUT);
        say("with the article's kube-proxy (no KUBE-MARK-MASQ rule) the tracer gives " + articleEra.translated()
                + " from " + masquerade(articleEra));
        facts.put("trace", trace.lines());
        facts.put("natTuple", nat.toString());
        NatRewriter.dnat(request, inner + ETHERNET_HEADER, nat.destination(), nat.destinationPort());
        NatRewriter.snat(request, inner + ETHERNET_HEADER, nat.source(), nat.sourcePort());

        hop("master", "route 10.244.1.8: route -> neighbour -> FDB -> VTEP -> underlay");
        ForwardingPath path = new PathResolver(master.fib(), master.links(), master.neighbors(), master.fdb())
                .resolve(new Ipv4Address(nat.destination()));
        say(path.toString());
        say("the route is flanneld's; the neighbour gives the peer VTEP's MAC, the FDB sends that MAC to the peer's"
                + " PUBLIC address, which the cloud maps 1:1 to its private eth0");
        facts.put("masterPath", List.of(path.toString().split("\n")));
        new EthernetFrame().wrap(request, inner).source(master.flannelMac().bits())
                .destination(path.neighbor().linkLayerAddress().bits());
        frame(master, path.route().device(), request, inner, SYN_LENGTH, SYN_SECONDS, SYN_MICROS);
        compareWithArticle(ArticleCluster.ARTICLE_FLANNEL_SYN);

        hop("master", "flannel.1 (the kernel's vxlan device) encapsulates: VXLAN in UDP " + path.destinationPort()
                + " out of eth0");
        int outer = encapsulate(master, path, request, inner);
        say("outer " + master.eth0Mac() + " > " + path.underlayNeighbor().linkLayerAddress() + " (gateway), "
                + path.underlay().source() + " > " + path.vtep() + " udp " + path.destinationPort() + ", vni " + path.vni()
                + "; source port hashed from the inner flow (Linux keys the hash with a boot-time secret,"
                + " so the article's 51945 differs)");
        frame(master, path.underlay().device(), request, outer, SYN_LENGTH + VxlanEncapsulator.HEADROOM,
                SYN_SECONDS, SYN_MICROS);

        cloudNat(master, worker, request, outer, SYN_SECONDS, SYN_MICROS);
        LookupResult vtepLocal = receiveAndDecapsulate(worker, request, outer, SYN_SECONDS, SYN_MICROS);
        facts.put("workerVtepLookup", oneLine(vtepLocal.getText()));

        hop("worker", "iptables: PREROUTING on flannel.1 (no DNAT here: the master already translated)");
        PacketTracer workerTracer = new PacketTracer(cluster.workerRules, new FibRouting(worker.fib()));
        TraceResult workerTrace = workerTracer.traceFirst(Packet.tcp(new Ipv4Address(nat.source()), nat.sourcePort(),
                new Ipv4Address(nat.destination()), nat.destinationPort()).withInInterface("flannel.1"), Hook.PREROUTING);
        workerTrace.lines().forEach(this::say);
        workerTrace.notes().forEach(n -> say("note: " + n));
        facts.put("workerTrace", workerTrace.lines());

        hop("worker", "route to the pod: cni0");
        ForwardingPath toPod = new PathResolver(worker.fib(), worker.links(), worker.neighbors(), worker.fdb())
                .resolve(new Ipv4Address(nat.destination()));
        say(toPod.toString());
        forward(request, inner, cluster.cni0Mac.bits(), toPod.neighbor().linkLayerAddress().bits());
        say("forwarded: TTL 64 -> 63; cni0 " + cluster.cni0Mac + " > pod " + toPod.neighbor().linkLayerAddress()
                + " (the CNI bridge plugin's 0a:58:<IPv4> MACs; the article does not show them)");
        frame(worker, toPod.route().device(), request, inner, SYN_LENGTH, SYN_SECONDS, SYN_MICROS);

        reply(trace);
        answers(nat, path);
    }

    /** The pod's SYN-ACK back to curl: the same chain in reverse, then conntrack's reverse NAT on the master. */
    private void reply(TraceResult trace) {
        ArticleCluster.Node master = cluster.master;
        ArticleCluster.Node worker = cluster.worker;
        int inner = VxlanEncapsulator.HEADROOM;
        hop("pod", "the pod answers with a SYN-ACK (the article's values)");
        Fib pod = Fib.of(IpText.parseRoutes("default via 10.244.1.1 dev eth0 \n"
                + "10.244.0.0/16 via 10.244.1.1 dev eth0 \n"
                + "10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.8 \n"
                + "local 10.244.1.8 dev eth0 table local proto kernel scope host src 10.244.1.8 \n", "pod routes"), null);
        Tuple reply = trace.reply();
        say("in the pod: ip route get " + Ipv4Address.toString(reply.destination()) + ": "
                + oneLine(pod.lookup(reply.destination()).getText()));
        ByteBuffer response = ByteBuffer.allocate(VxlanEncapsulator.HEADROOM + SYN_LENGTH);
        writeTcp(response, inner, reply.source(), reply.sourcePort(), reply.destination(), reply.destinationPort(),
                SYN_ACK_SEQUENCE, SYN_SEQUENCE + 1, TcpPacket.SYN | TcpPacket.ACK, SYN_ACK_WINDOW,
                worker.link("cni0").mtu() - 40, SYN_ACK_TS_VAL, SYN_TS_VAL);
        new EthernetFrame().wrap(response, inner).source(cluster.podMac.bits()).destination(cluster.cni0Mac.bits());
        say("ack = SYN seq + 1, TS ecr = the SYN's TS val, mss = pod MTU 1450 - 40");
        frame(worker, "cni0", response, inner, SYN_LENGTH, SYN_ACK_SECONDS, SYN_ACK_MICROS);

        hop("worker", "route back to 10.244.0.0: route -> neighbour -> FDB -> VTEP -> underlay");
        ForwardingPath back = new PathResolver(worker.fib(), worker.links(), worker.neighbors(), worker.fdb())
                .resolve(new Ipv4Address(reply.destination()));
        say(back.toString());
        say("conntrack on the worker: the reply of the entry the SYN made, without NAT (nothing to undo here)");
        facts.put("workerPath", List.of(back.toString().split("\n")));
        forward(response, inner, worker.flannelMac().bits(), back.neighbor().linkLayerAddress().bits());
        frame(worker, back.route().device(), response, inner, SYN_LENGTH, SYN_ACK_SECONDS, SYN_ACK_MICROS);

        hop("worker", "flannel.1 encapsulates towards the master's public address");
        int replyOuter = encapsulate(worker, back, response, inner);
        frame(worker, back.underlay().device(), response, replyOuter, SYN_LENGTH + VxlanEncapsulator.HEADROOM,
                SYN_ACK_SECONDS, SYN_ACK_MICROS);

        cloudNat(worker, master, response, replyOuter, SYN_ACK_SECONDS, SYN_ACK_MICROS);
        receiveAndDecapsulate(master, response, replyOuter, SYN_ACK_SECONDS, SYN_ACK_MICROS);
        compareWithArticle(ArticleCluster.ARTICLE_FLANNEL_SYN_ACK);

        hop("master", "conntrack undoes the NAT on the reply (the tracer's reply direction) and curl gets it");
        say("reply: " + trace.reply() + " => " + trace.original().reversed());
        Tuple original = trace.original();
        NatRewriter.snat(response, inner + ETHERNET_HEADER, original.destination(), original.destinationPort());
        NatRewriter.dnat(response, inner + ETHERNET_HEADER, original.source(), original.sourcePort());
        say("ip route get " + Ipv4Address.toString(original.source()) + ": "
                + oneLine(master.fib().lookup(original.source()).getText()) + " -> curl's socket");
        say("the SYN-ACK as the socket sees it (no interface shows it):");
        socketFrame(master, response, inner, SYN_ACK_SECONDS, SYN_ACK_MICROS);

    }

    /** Names the rule that masqueraded, as {@code table CHAIN: -A …}. */
    private static String masquerade(TraceResult trace) {
        for (TraceStep step : trace.steps()) {
            if (step.rule() != null && step.rule().toSave().contains("-j MASQUERADE")) {
                return "MASQUERADE in " + step.table() + " " + step.chain() + " (" + step.rule().toSave() + ")";
            }
        }
        return "no MASQUERADE";
    }

    /** Says whether the last frame printed is, after its timestamp, the article's capture line. */
    private void compareWithArticle(String articleLine) {
        Frame last = frames.get(frames.size() - 1);
        String printed = last.text().get(0).substring(last.text().get(0).indexOf(' ') + 1);
        say(printed.equals(articleLine) ? "= the article's tcpdump line for this packet, character for character"
                : "the article's tcpdump line differs: " + articleLine);
    }

    private void describeNode(ArticleCluster.Node node) {
        hop(node.name(), "the node as the SDK holds it (eth0 " + node.eth0() + ", public " + node.publicIp() + ")");
        for (Link l : node.links()) {
            say("link " + l.index() + ": " + l.name() + " mtu " + l.mtu() + " " + l.address()
                    + (l.vxlan() == null ? "" : " vxlan id " + l.vxlan().vni() + " local " + l.vxlan().local() + " dev "
                    + l.vxlan().underlayDevice() + " dstport " + l.vxlan().destinationPort()
                    + (l.vxlan().learning() ? "" : " nolearning")));
        }
        say("ip route:");
        say(IpText.formatRoutes(node.fib().routes(RouteTable.MAIN)));
        say("flanneld (VXLAN backend) for the peer's lease ran:");
        node.flannelSays().forEach(this::say);
        say("ip neigh:");
        say(IpText.formatNeighbors(node.neighbors()));
        say("bridge fdb:");
        say(IpText.formatFdbEntries(node.fdb()));
    }

    private int encapsulate(ArticleCluster.Node node, ForwardingPath path, ByteBuffer buffer, int inner) {
        return new VxlanEncapsulator()
                .sourceMac(node.eth0Mac().bits())
                .destinationMac(path.underlayNeighbor().linkLayerAddress().bits())
                .sourceAddress(path.underlay().source().bits())
                .destinationAddress(path.vtep().bits())
                .vni((int) path.vni())
                .destinationPort(path.destinationPort())
                .encapsulate(buffer, inner, SYN_LENGTH);
    }

    /** The cloud's 1:1 NAT between the nodes: each private address leaves as its public one and back. */
    private void cloudNat(ArticleCluster.Node from, ArticleCluster.Node to, ByteBuffer buffer, int outer, long seconds,
                          int micros) {
        hop("cloud", "1:1 NAT: " + from.eth0() + " leaves as " + from.publicIp() + ", " + to.publicIp()
                + " arrives at " + to.eth0());
        int ip = outer + ETHERNET_HEADER;
        NatRewriter.rewriteSourceAddress(buffer, ip, from.publicIp().bits());
        NatRewriter.rewriteDestinationAddress(buffer, ip, to.eth0().bits());
        new EthernetFrame().wrap(buffer, outer).source(to.gatewayMac().bits()).destination(to.eth0Mac().bits());
        say("the UDP checksum is 0 (Linux vxlan default), so only the IPv4 header checksum changes");
        say("UDP " + ArticleCluster.VXLAN_PORT + " from " + from.publicIp() + " to " + to.publicIp()
                + " must be allowed by the cloud's security group: every pod packet between the nodes is one of these");
        frame(to, "eth0", buffer, outer, SYN_LENGTH + VxlanEncapsulator.HEADROOM, seconds, micros);
    }

    private LookupResult receiveAndDecapsulate(ArticleCluster.Node node, ByteBuffer buffer, int outer, long seconds,
                                               int micros) {
        hop(node.name(), "the kernel's vxlan device flannel.1 decapsulates (not flanneld)");
        PacketParser parser = new PacketParser().parseOrThrow(buffer, outer, SYN_LENGTH + VxlanEncapsulator.HEADROOM);
        int destination = parser.ipv4().destinationAddress();
        int port = parser.udp().destinationPort();
        LookupResult local = node.fib().lookup(destination);
        say("ip route get " + Ipv4Address.toString(destination) + ": " + oneLine(local.getText()));
        Link flannel = node.link("flannel.1");
        VxlanDecapsulator decapsulator = new VxlanDecapsulator();
        int status = decapsulator.decapsulate(buffer, outer, SYN_LENGTH + VxlanEncapsulator.HEADROOM);
        if (status != PacketParser.OK) {
            throw new IllegalStateException("decapsulation failed: " + PacketParser.statusName(status));
        }
        say("udp dport " + port + " = flannel.1's dstport " + flannel.vxlan().destinationPort()
                + ": the vxlan device's kernel socket (netstat shows 0.0.0.0:8472 with no PID: no process owns it)");
        say("vni " + decapsulator.vni() + " = flannel.1's id " + flannel.vxlan().vni() + "; inner destination MAC "
                + new MacAddress(parser.innerEthernet().destination())
                + (parser.innerEthernet().destination() == flannel.address().bits() ? " = flannel.1's own: for this host"
                : " is not flannel.1's"));
        say("the inner frame (" + decapsulator.innerLength() + " bytes) enters the stack as if received on flannel.1");
        frame(node, "flannel.1", buffer, decapsulator.innerOffset(), decapsulator.innerLength(), seconds, micros);
        return local;
    }

    private void answers(Tuple nat, ForwardingPath path) {
        hop("answers", "the article's open questions");
        List<String> text = List.of(
                "Why can the master, which runs no pod, reach the cluster IP? kube-proxy writes the same rules on every"
                        + " node, and nat OUTPUT DNATs locally generated traffic before it is routed: the master's own"
                        + " SYN becomes " + Ipv4Address.toString(nat.destination()) + ":" + nat.destinationPort()
                        + ", which flanneld's route sends into flannel.1.",
                "Why must UDP 8472 be open? flannel.1 is a vxlan device with dstport 8472: every pod packet between the"
                        + " nodes travels as UDP to " + path.vtep() + ":" + path.destinationPort() + " (the peer's public"
                        + " address, NATed 1:1 by the cloud), in both directions. (The article says 8741 once: that is"
                        + " curl's source port, not a port to open.)",
                "Where does the decapsulation happen? In the receiving kernel: the UDP socket on 8472 belongs to the"
                        + " vxlan device flannel.1 itself, which strips the outer headers and delivers the inner frame"
                        + " as received on flannel.1. flanneld only programs routes, neighbours and FDB entries; no"
                        + " packet passes through it.");
        text.forEach(this::say);
        facts.put("answers", text);
    }

    // ---------------------------------------------------------------- bytes

    /**
     * Writes an Ethernet/IPv4/TCP SYN or SYN-ACK with the options Linux sends (mss, sackOK, timestamps,
     * nop, wscale), DF set and TTL 64; the MACs are filled once the route is known.
     */
    static void writeTcp(ByteBuffer buffer, int offset, int source, int sourcePort, int destination,
                         int destinationPort, long sequence, long acknowledgment, int flags, int window, int mss,
                         long tsVal, long tsEcr) {
        new EthernetFrame().wrap(buffer, offset).etherType(EtherType.IPV4);
        int ip = offset + ETHERNET_HEADER;
        int tcpLength = 40;
        new Ipv4Packet().wrap(buffer, ip).version(4).ihl(5).totalLength(Ipv4Packet.MIN_HEADER_LENGTH + tcpLength)
                .dontFragment(true).ttl(64).protocol(IpProtocol.TCP).sourceAddress(source)
                .destinationAddress(destination).fillChecksum();
        int t = ip + Ipv4Packet.MIN_HEADER_LENGTH;
        TcpPacket tcp = new TcpPacket().wrap(buffer, t).sourcePort(sourcePort).destinationPort(destinationPort)
                .sequenceNumber(sequence).acknowledgmentNumber(acknowledgment).dataOffset(tcpLength / 4).flags(flags)
                .window(window);
        int o = t + TcpPacket.MIN_HEADER_LENGTH;
        buffer.put(o, (byte) TcpOptionCursor.MSS).put(o + 1, (byte) 4).putShort(o + 2, (short) mss);
        buffer.put(o + 4, (byte) TcpOptionCursor.SACK_PERMITTED).put(o + 5, (byte) 2);
        buffer.put(o + 6, (byte) TcpOptionCursor.TIMESTAMPS).put(o + 7, (byte) 10)
                .putInt(o + 8, (int) tsVal).putInt(o + 12, (int) tsEcr);
        buffer.put(o + 16, (byte) TcpOptionCursor.NOP);
        buffer.put(o + 17, (byte) TcpOptionCursor.WINDOW_SCALE).put(o + 18, (byte) 3).put(o + 19, (byte) WINDOW_SCALE);
        tcp.fillChecksum(source, destination, tcpLength);
    }

    /** A router's forwarding: TTL down by one (checksum refilled) and the next hop's MACs. */
    private static void forward(ByteBuffer buffer, int offset, long sourceMac, long destinationMac) {
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer, offset + ETHERNET_HEADER);
        ip.ttl(ip.ttl() - 1).fillChecksum();
        new EthernetFrame().wrap(buffer, offset).source(sourceMac).destination(destinationMac);
    }

    private void socketFrame(ArticleCluster.Node node, ByteBuffer buffer, int offset, long seconds, int micros) {
        int ip = offset + ETHERNET_HEADER;
        int length = new Ipv4Packet().wrap(buffer, ip).totalLength();
        addFrame(node, "socket", LinkType.RAW, buffer, ip, length, seconds, micros);
    }

    private void frame(ArticleCluster.Node node, String device, ByteBuffer buffer, int offset, int length, long seconds,
                       int micros) {
        addFrame(node, device, LinkType.ETHERNET, buffer, offset, length, seconds, micros);
    }

    private void addFrame(ArticleCluster.Node node, String device, int linkType, ByteBuffer buffer, int offset,
                          int length, long seconds, int micros) {
        TcpdumpPrinter printer = printers.computeIfAbsent(node.name() + " " + device,
                k -> new TcpdumpPrinter(true, 0).otvOnPort8472(otv));
        StringBuilder text = new StringBuilder();
        appendTime(seconds, micros, text).append(' ');
        printer.appendFrame(linkType, buffer, offset, length, length, text);
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        List<String> printed = List.of(text.toString().split("\n"));
        frames.add(new Frame(node.name(), device, seconds, micros, linkType, bytes, printed));
        if (linkType == LinkType.ETHERNET) {
            say("tcpdump -i " + device + " -e -nn on the " + node.name() + ":");
        }
        printed.forEach(l -> say("  " + l));
    }

    /** tcpdump's default timestamp: time of day, microseconds (UTC: the article's clock, date not shown). */
    static StringBuilder appendTime(long seconds, int micros, StringBuilder out) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        return out.append(String.format("%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(), micros));
    }

    private static String oneLine(String ipText) {
        return ipText.replace(" \n    cache ", " | cache ").replace("\n", " ").strip();
    }

    /** All frames in walk order. */
    List<Frame> frames() {
        List<Frame> all = new ArrayList<>();
        hops.forEach(h -> all.addAll(h.frames()));
        return all;
    }
}
