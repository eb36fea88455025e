package io.github.overlaykit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.CaptureReader;
import io.github.overlaykit.codec.CaptureRecord;
import io.github.overlaykit.codec.EtherType;
import io.github.overlaykit.codec.EthernetFrame;
import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Packet;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.codec.LinkType;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.codec.NatRewriter;
import io.github.overlaykit.codec.PacketParser;
import io.github.overlaykit.codec.TcpPacket;
import io.github.overlaykit.codec.TcpdumpPrinter;
import io.github.overlaykit.codec.VxlanDecapsulator;
import io.github.overlaykit.codec.VxlanEncapsulator;
import io.github.overlaykit.iptables.Hook;
import io.github.overlaykit.iptables.KubeEndpoint;
import io.github.overlaykit.iptables.KubeProxyRenderer;
import io.github.overlaykit.iptables.KubeService;
import io.github.overlaykit.iptables.Packet;
import io.github.overlaykit.iptables.PacketTracer;
import io.github.overlaykit.iptables.Ruleset;
import io.github.overlaykit.iptables.StaticRouting;
import io.github.overlaykit.iptables.TraceResult;
import io.github.overlaykit.route.Fib;
import io.github.overlaykit.route.ForwardingPath;
import io.github.overlaykit.route.IpText;
import io.github.overlaykit.route.PathResolver;
import io.github.overlaykit.route.RouteTable;
import io.github.overlaykit.testing.NetworkNamespace;
import io.github.overlaykit.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code overlaykit seed} against a golden the test builds from the SDK's components on its own (state read
 * from iproute2 text, the SYN written byte by byte, the tracer over the rendered rules), against the article's
 * own lines, against tcpdump reading its pcap, and its JSON against its text.
 */
class SeedCommandTest {
    static final String FLANNEL_SYN = "f6:f2:b0:fa:75:73 > da:a9:48:cb:15:3b, ethertype IPv4 (0x0800), length 74: "
            + "10.244.0.0.8741 > 10.244.1.8.9000: Flags [S], seq 1220826812, win 29200, options [mss 1460,sackOK,"
            + "TS val 2079738924 ecr 0,nop,wscale 7], length 0";


    static Run run(String... args) {
        return Run.of(args);
    }

    /** The lines of hop {@code number} ("[n] node: title" and its indented lines, indentation removed). */
    static List<String> hop(String output, int number) {
        List<String> lines = new ArrayList<>();
        boolean inside = false;
        for (String line : output.split("\n")) {
            if (line.startsWith("[")) {
                inside = line.startsWith("[" + number + "] ");
                continue;
            }
            if (inside && line.startsWith("    ")) {
                lines.add(line.substring(4));
            }
        }
        return lines;
    }

    /** The printed frame lines (indented six spaces) in output order. */
    static List<String> frameLines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("      ")) {
                lines.add(line.substring(6));
            }
        }
        return lines;
    }

    static void assertContainsRun(List<String> haystack, List<String> needle) {
        for (int i = 0; i + needle.size() <= haystack.size(); i++) {
            if (haystack.subList(i, i + needle.size()).equals(needle)) {
                return;
            }
        }
        assertEquals(String.join("\n", needle), String.join("\n", haystack), "lines not found in order");
    }

    static final String MASTER_ROUTES = "default via 172.17.16.1 dev eth0 \n"
            + "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink \n"
            + "172.17.16.0/20 dev eth0 proto kernel scope link src 172.17.16.14 \n"
            + "local 10.244.0.0 dev flannel.1 table local proto kernel scope host src 10.244.0.0 \n"
            + "local 172.17.16.14 dev eth0 table local proto kernel scope host src 172.17.16.14 \n";
    static final String MASTER_LINKS = "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP\n"
            + "    link/ether 52:54:00:f4:44:15 brd ff:ff:ff:ff:ff:ff\n"
            + "3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN\n"
            + "    link/ether f6:f2:b0:fa:75:73 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
            + "    vxlan id 1 local 172.17.16.14 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300\n";
    static final String MASTER_NEIGHBORS = "172.17.16.1 dev eth0 lladdr fe:ee:b5:81:6a:26 REACHABLE \n"
            + "10.244.1.0 dev flannel.1 lladdr da:a9:48:cb:15:3b PERMANENT \n";
    static final String MASTER_FDB = "da:a9:48:cb:15:3b dev flannel.1 dst 106.55.227.160 self permanent\n";

    /** The SYN as tcpdump on flannel.1 saw it, written field by field (options as Linux lays them out). */
    static ByteBuffer articleSyn() {
        ByteBuffer b = ByteBuffer.allocate(VxlanEncapsulator.HEADROOM + 74);
        int e = VxlanEncapsulator.HEADROOM;
        new EthernetFrame().wrap(b, e).destination(MacAddress.parseLong("da:a9:48:cb:15:3b"))
                .source(MacAddress.parseLong("f6:f2:b0:fa:75:73")).etherType(EtherType.IPV4);
        int src = Ipv4Address.parse("10.244.0.0").bits();
        int dst = Ipv4Address.parse("10.244.1.8").bits();
        new Ipv4Packet().wrap(b, e + 14).version(4).ihl(5).totalLength(60).dontFragment(true).ttl(64).protocol(6)
                .sourceAddress(src).destinationAddress(dst).fillChecksum();
        TcpPacket tcp = new TcpPacket().wrap(b, e + 34).sourcePort(8741).destinationPort(9000)
                .sequenceNumber(1220826812L).dataOffset(10).flags(TcpPacket.SYN).window(29200);
        byte[] options = {2, 4, 0x05, (byte) 0xb4, 4, 2, 8, 10, 0x7b, (byte) 0xf6, 0x4c, 0x2c, 0, 0, 0, 0, 1, 3, 3, 7};
        b.put(e + 54, options);
        tcp.fillChecksum(src, dst, 40);
        return b;
    }

    static String print(TcpdumpPrinter printer, ByteBuffer b, int offset, int length) {
        return printer.appendFrame(LinkType.ETHERNET, b, offset, length, length, new StringBuilder()).toString();
    }

    @Test
    void textIsTheGoldenBuiltFromTheSdk() {
        Run r = run("seed");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();

        // [5] the master's iptables trace: what the tracer prints for the rendered ruleset
        KubeService svc = KubeService.clusterIp("xiuxian", "auth-java", "tcp-9000-9000-c8kgf", "tcp",
                Ipv4Address.parse("10.103.5.88"), 9000, List.of(KubeEndpoint.parse("10.244.1.8:9000")));
        Ruleset rules = Ruleset.parse(new KubeProxyRenderer(Ipv4Prefix.parse("10.244.0.0/16"), 0x4000, false)
                .render(List.of(svc))).restore(KubeProxyRenderer.jumpRules(), "jumps", true)
                .restore(ArticleCluster.flannelMasquerade(Ipv4Prefix.parse("10.244.0.0/24")), "flanneld", true);
        // the reroute after DNAT leaves by flannel.1 whose address is 10.244.0.0 (first local non-loopback)
        TraceResult trace = new PacketTracer(rules, new StaticRouting(
                List.of(Ipv4Address.parse("10.244.0.0"), Ipv4Address.parse("172.17.16.14")), "flannel.1"))
                .traceFirst(Packet.tcp(Ipv4Address.parse("172.17.16.14"), 8741, Ipv4Address.parse("10.103.5.88"), 9000),
                        Hook.OUTPUT);
        assertEquals("10.244.0.0:8741 -> 10.244.1.8:9000", trace.translated().toString());
        assertContainsRun(hop(out, 5), trace.lines());

        // [1] the master's state as ip and bridge print it, from the same state given as iproute2 text
        Fib masterFib = Fib.of(IpText.parseRoutes(MASTER_ROUTES, "routes"), null);
        List<String> master = new ArrayList<>(List.of("ip route:"));
        master.addAll(List.of(IpText.formatRoutes(masterFib.routes(RouteTable.MAIN)).split("\n")));
        assertContainsRun(hop(out, 1), master);
        List<String> tables = new ArrayList<>(List.of("ip neigh:"));
        tables.addAll(List.of(IpText.formatNeighbors(IpText.parseNeighbors(MASTER_NEIGHBORS, "neigh")).split("\n")));
        tables.add("bridge fdb:");
        tables.addAll(List.of(IpText.formatFdbEntries(IpText.parseFdbEntries(MASTER_FDB, "fdb")).split("\n")));
        assertContainsRun(hop(out, 1), tables);

        // [6] route -> neighbour -> FDB -> VTEP -> underlay, from the master's state as iproute2 text
        PathResolver resolver = new PathResolver(masterFib,
                IpText.parseLinks(MASTER_LINKS, "links"), IpText.parseNeighbors(MASTER_NEIGHBORS, "neigh"),
                IpText.parseFdbEntries(MASTER_FDB, "fdb"));
        ForwardingPath path = resolver.resolve(Ipv4Address.parse("10.244.1.8"));
        assertTrue(path.isComplete(), path::toString);
        List<String> golden = new ArrayList<>(List.of(path.toString().split("\n")));
        assertContainsRun(hop(out, 6), golden);

        // [6] flannel.1 and [7] eth0: the printer's rendering of the SYN written here, then encapsulated
        ByteBuffer syn = articleSyn();
        String flannelLine = print(new TcpdumpPrinter(true, 0), syn, VxlanEncapsulator.HEADROOM, 74);
        assertEquals(FLANNEL_SYN, flannelLine);
        assertContainsRun(hop(out, 6), List.of("tcpdump -i flannel.1 -e -nn on the master:",
                "  10:36:22.935837 " + flannelLine));
        int outer = new VxlanEncapsulator().sourceMac(MacAddress.parseLong("52:54:00:f4:44:15"))
                .destinationMac(path.underlayNeighbor().linkLayerAddress().bits())
                .sourceAddress(path.underlay().source().bits()).destinationAddress(path.vtep().bits())
                .vni((int) path.vni()).destinationPort(path.destinationPort())
                .encapsulate(syn, VxlanEncapsulator.HEADROOM, 74);
        String[] eth0 = print(new TcpdumpPrinter(true, 0), syn, outer, 124).split("\n");
        assertContainsRun(hop(out, 7), List.of("tcpdump -i eth0 -e -nn on the master:", "  10:36:22.935837 " + eth0[0],
                "  " + eth0[1]));
        assertTrue(eth0[0].startsWith("52:54:00:f4:44:15 > fe:ee:b5:81:6a:26, ethertype IPv4 (0x0800), length 124: "
                + "172.17.16.14."), eth0[0]);
        assertTrue(eth0[0].endsWith(" > 106.55.227.160.8472: VXLAN, flags [I] (0x08), vni 1"), eth0[0]);
        assertEquals(FLANNEL_SYN, eth0[1]);

        // [8] the cloud's 1:1 NAT on the outer header, then [9] the worker's decapsulation
        NatRewriter.rewriteSourceAddress(syn, outer + 14, Ipv4Address.parse("121.4.190.84").bits());
        NatRewriter.rewriteDestinationAddress(syn, outer + 14, Ipv4Address.parse("10.0.20.11").bits());
        new EthernetFrame().wrap(syn, outer).source(MacAddress.parseLong("fe:ee:b8:5a:5a:63"))
                .destination(MacAddress.parseLong("52:54:00:4f:72:ca"));
        assertTrue(new Ipv4Packet().wrap(syn, outer + 14).verifyChecksum());
        String[] arriving = print(new TcpdumpPrinter(true, 0), syn, outer, 124).split("\n");
        assertContainsRun(hop(out, 8), List.of("tcpdump -i eth0 -e -nn on the worker:",
                "  10:36:22.935837 " + arriving[0], "  " + arriving[1]));
        VxlanDecapsulator decapsulator = new VxlanDecapsulator();
        assertEquals(PacketParser.OK, decapsulator.decapsulate(syn, outer, 124));
        assertEquals(1, decapsulator.vni());
        assertEquals(FLANNEL_SYN, print(new TcpdumpPrinter(true, 0), syn, decapsulator.innerOffset(),
                decapsulator.innerLength()));

        // [17] the reply un-NATed as conntrack does: the tracer's reply direction
        assertTrue(hop(out, 17).contains("reply: 10.244.1.8:9000 -> 10.244.0.0:8741 => 10.103.5.88:9000 -> 172.17.16.14:8741"),
                () -> String.join("\n", hop(out, 17)));
        assertEquals(trace.original().reversed().toString(), "10.103.5.88:9000 -> 172.17.16.14:8741");

        // the same inner SYN is what the worker's flannel.1 shows after decapsulation
        assertContainsRun(hop(out, 9), List.of("tcpdump -i flannel.1 -e -nn on the worker:",
                "  10:36:22.935837 " + FLANNEL_SYN));
        assertEquals(18, out.split("\n\\[").length - 1, "18 hops");
    }

    @Test
    void theArticlesOwnLinesAppearVerbatim() throws IOException {
        String article = Files.readString(SharedData.path("seed/k8s-service-flannel-article.zh.md"));
        String out = run("seed").out();
        List<String> printed = frameLines(out);
        // the capture lines of this connection on the master's flannel.1: the SYN and the SYN-ACK
        int checked = 0;
        for (String line : article.split("\n")) {
            if ((line.startsWith("10:36:22.935837 ") || line.startsWith("10:36:22.968258 "))) {
                assertTrue(printed.contains(line), "article line not printed: " + line);
                checked++;
            }
        }
        assertEquals(2, checked);
        for (String rule : List.of(
                "-A KUBE-SERVICES -d 10.103.5.88/32 -p tcp -m comment --comment \"xiuxian/auth-java:tcp-9000-9000-c8kgf "
                        + "cluster IP\" -m tcp --dport 9000 -j KUBE-SVC-ATUXI35NVHBYDGFQ",
                "-A KUBE-SEP-7ETKSBKARXRYVX3G -p tcp -m comment --comment \"xiuxian/auth-java:tcp-9000-9000-c8kgf\" "
                        + "-m tcp -j DNAT --to-destination 10.244.1.8:9000")) {
            assertTrue(article.contains(rule), rule);
            assertTrue(hop(out, 3).contains(rule), rule);
        }
        assertTrue(article.contains("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink"));
        assertTrue(hop(out, 6).contains("route      10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink"));
        assertTrue(hop(out, 1).contains("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink "));
        assertTrue(hop(out, 2).contains("10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink "));
        // the article's worker capture: the public master address arrives at the worker's private eth0
        assertTrue(printed.stream().anyMatch(l -> l.startsWith("10:36:22.935837 fe:ee:b8:5a:5a:63 > 52:54:00:4f:72:ca,"
                + " ethertype IPv4 (0x0800), length 124: 121.4.190.84.") && l.contains(" > 10.0.20.11.8472: ")),
                String.join("\n", printed));
        // the article's four eth0 captures (other packets of such flows: other times, hashed source ports and
        // lengths) have the MACs, addresses, port and OTV decoding of seed's eth0 frames printed as tcpdump 4.x does
        List<String> otvFrames = frameLines(run("seed", "--otv").out()).stream().map(SeedCommandTest::withoutPacketFacts)
                .toList();
        int eth0Lines = 0;
        for (String line : article.split("\n")) {
            if (line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6} .*\\.8472: OTV, .*")) {
                assertTrue(otvFrames.contains(withoutPacketFacts(line)), "no frame like the article's " + line);
                eth0Lines++;
            }
        }
        assertEquals(4, eth0Lines);
        String answers = String.join("\n", hop(out, 18));
        assertTrue(answers.contains("nat OUTPUT DNATs locally generated traffic before it is routed"), answers);
        assertTrue(answers.contains("UDP to 106.55.227.160:8472"), answers);
        assertTrue(answers.contains("vxlan device flannel.1 itself"), answers);
    }

    /** Drops what differs between packets of one VXLAN flow: time, outer source port, length. */
    static String withoutPacketFacts(String line) {
        return line.replaceFirst("^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ", "").replaceFirst("length \\d+: ", "length N: ")
                .replaceFirst("\\.\\d+ > (\\S+)\\.8472: ", ".PORT > $1.8472: ");
    }

    @Test
    void pcapReadsBackInTcpdumpAsPrinted(@TempDir Path dir) throws IOException {
        NetworkNamespace.requirePrivileges("tcpdump");
        Path pcap = dir.resolve("seed.pcap");
        // tcpdump 4.99.3 (Debian 12) prints 8472 as OTV; later releases as VXLAN, the printer's default
        String version = NetworkNamespace.runAny(List.of("tcpdump", "--version")).stdout();
        boolean otv = version.contains("tcpdump version 4.") && !version.matches("(?s).*tcpdump version 4\\.99\\.[4-9].*");
        Run r = otv ? run("seed", "--otv", "--pcap", pcap.toString()) : run("seed", "--pcap", pcap.toString());
        assertEquals(0, r.exit(), r.err());
        NetworkNamespace.Result tcpdump = NetworkNamespace.runAny(List.of("env", "TZ=UTC", "tcpdump", "-r",
                pcap.toString(), "-e", "-nn"));
        assertEquals(0, tcpdump.exitCode(), tcpdump.stderr());
        assertTrue(tcpdump.stderr().startsWith("reading from file"), tcpdump.stderr());
        List<String> expected = new ArrayList<>();
        for (String line : frameLines(r.out())) {
            if (!line.contains(" ip: ")) {
                expected.add(line);
            }
        }
        assertEquals(String.join("\n", expected), tcpdump.stdout().stripTrailing());
        // real bytes: every IPv4 and TCP checksum in the file verifies, inner and outer
        try (CaptureReader reader = CaptureReader.open(pcap)) {
            PacketParser parser = new PacketParser().verifyIpv4Checksum(true);
            int frames = 0;
            while (reader.next()) {
                CaptureRecord record = reader.record();
                ByteBuffer data = record.data();
                assertEquals(PacketParser.OK, parser.parse(data, 0, record.capturedLength()), "frame " + (frames + 1));
                boolean vxlan = parser.hasVxlan();
                Ipv4Packet ip = vxlan ? parser.innerIpv4() : parser.ipv4();
                TcpPacket tcp = vxlan ? parser.innerTcp() : parser.tcp();
                assertTrue(tcp.verifyChecksum(ip.sourceAddress(), ip.destinationAddress(), ip.payloadLength()),
                        "tcp checksum of frame " + (frames + 1));
                frames++;
            }
            assertEquals(10, frames);
        }
        // ten frames: flannel.1, eth0, eth0, flannel.1, cni0 for the SYN; cni0, flannel.1, eth0, eth0, flannel.1 back
        assertEquals(10, tcpdump.stdout().lines().filter(l -> l.startsWith("10:36:22.")).count());
    }

    @Test
    void anUnwritablePcapIsAOneLineUserError(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-dir").resolve("seed.pcap");
        Run r = run("seed", "--pcap", missing.toString());
        assertEquals(Overlaykit.EXIT_BAD_INPUT, r.exit());
        assertEquals("overlaykit: " + missing + ": cannot write the pcap, no directory " + missing.getParent() + "\n",
                r.err().replace(System.lineSeparator(), "\n"));
        assertEquals("", r.out());
    }

    @Test
    void jsonCarriesTheSameWalk() {
        String text = run("seed").out();
        Run r = run("seed", "--json");
        assertEquals(0, r.exit(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) new TinyJson(r.out()).parse();
        assertEquals("KUBE-SVC-ATUXI35NVHBYDGFQ", json.get("serviceChain"));
        assertEquals(Boolean.TRUE, json.get("serviceChainMatchesArticle"));
        assertEquals("KUBE-SEP-7ETKSBKARXRYVX3G", json.get("endpointChain"));
        assertEquals("10.244.0.0:8741 -> 10.244.1.8:9000", json.get("natTuple"));
        List<?> hops = (List<?>) json.get("hops");
        assertEquals(18, hops.size());
        List<String> jsonFrameLines = new ArrayList<>();
        for (Object h : hops) {
            Map<?, ?> hop = (Map<?, ?>) h;
            int number = ((Number) hop.get("number")).intValue();
            assertEquals(hop(text, number), hop.get("lines"));
            for (Object f : (List<?>) hop.get("frames")) {
                Map<?, ?> frame = (Map<?, ?>) f;
                for (Object line : (List<?>) frame.get("tcpdump")) {
                    jsonFrameLines.add((String) line);
                }
                assertEquals(((Number) frame.get("length")).intValue() * 2, ((String) frame.get("hex")).length());
            }
        }
        assertEquals(frameLines(text), jsonFrameLines);
    }

    /** Just enough JSON to read the command's output back: objects, arrays, strings, numbers, booleans, null. */
    static final class TinyJson {
        private final String s;
        private int i;

        TinyJson(String text) {
            s = text;
        }

        Object parse() {
            Object v = value();
            skip();
            assertEquals(s.length(), i, "trailing text");
            return v;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                do {
                    skip();
                    String key = string();
                    skip();
                    assertEquals(':', s.charAt(i++));
                    m.put(key, value());
                    skip();
                } while (s.charAt(i++) == ',');
                assertEquals('}', s.charAt(i - 1));
                return m;
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                do {
                    l.add(value());
                    skip();
                } while (s.charAt(i++) == ',');
                assertEquals(']', s.charAt(i - 1));
                return l;
            }
            if (c == '"') {
                return string();
            }
            for (String word : List.of("true", "false", "null")) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = i;
            while (i < s.length() && "-+.eE0123456789".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            assertEquals('"', s.charAt(i++));
            StringBuilder out = new StringBuilder();
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            i++;
            return out.toString();
        }
    }
}
