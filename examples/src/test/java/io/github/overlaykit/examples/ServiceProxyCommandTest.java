package io.github.overlaykit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.iptables.Hook;
import io.github.overlaykit.iptables.KubeEndpoint;
import io.github.overlaykit.iptables.KubeProxyNames;
import io.github.overlaykit.iptables.KubeProxyRenderer;
import io.github.overlaykit.iptables.KubeService;
import io.github.overlaykit.iptables.Packet;
import io.github.overlaykit.iptables.PacketTracer;
import io.github.overlaykit.iptables.Ruleset;
import io.github.overlaykit.iptables.StaticRouting;
import io.github.overlaykit.iptables.TraceResult;
import io.github.overlaykit.netlink.NetNamespace;
import io.github.overlaykit.testing.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code overlaykit service-proxy render|diff|apply|trace}, run in-process as the jar runs them. */
class ServiceProxyCommandTest {
    static final KubeService ARTICLE = KubeService.clusterIp("xiuxian", "auth-java", "tcp-9000-9000-c8kgf", "tcp",
        Ipv4Address.parse("10.103.5.88"), 9000, List.of(KubeEndpoint.parse("10.244.1.8:9000")));
    static final KubeService WEB = KubeService.clusterIp("demo", "web", "http", "tcp", Ipv4Address.parse("10.96.0.10"),
        80, List.of(KubeEndpoint.parse("10.244.1.8:8080"), KubeEndpoint.parse("10.244.1.9:8080")));
    static final KubeService IDLE = KubeService.clusterIp("demo", "idle", "", "udp", Ipv4Address.parse("10.96.0.11"),
        53, List.of());
    static final String TWO_MORE = "demo/web:http tcp 10.96.0.10:80 -> 10.244.1.8:8080, 10.244.1.9:8080\n"
        + "demo/idle udp 10.96.0.11:53   # no ready endpoints\n";

    @TempDir
    Path dir;


    static Run run(String... args) {
        return Run.of(args);
    }

    /** The article's services file shipped with the examples, plus the given lines. */
    Path services(String name, String moreLines) throws IOException {
        String article;
        try (InputStream in = ServiceProxyCommandTest.class.getResourceAsStream("/service-proxy/article.services")) {
            article = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = dir.resolve(name);
        Files.writeString(file, article + moreLines);
        return file;
    }

    static String rendered(String cidr, int mark, List<KubeService> services) {
        return new KubeProxyRenderer(Ipv4Prefix.parse(cidr), mark, false).render(services);
    }

    @Test
    void renderPrintsTheRenderersOutputAndTheJumps() throws IOException {
        Run article = run("service-proxy", "render", "--services", services("article", "").toString());
        assertEquals(0, article.exit(), article.err());
        assertEquals(rendered("10.244.0.0/16", 0x4000, List.of(ARTICLE)) + KubeProxyRenderer.jumpRules(), article.out());
        assertTrue(article.out().contains("-j DNAT --to-destination 10.244.1.8:9000\n"), article.out());
        assertTrue(article.out().contains(":KUBE-SVC-ATUXI35NVHBYDGFQ - [0:0]\n"), article.out());

        Run three = run("service-proxy", "render", "--services", services("three", TWO_MORE).toString(),
            "--cluster-cidr", "10.0.0.0/8", "--masquerade-bit", "15");
        assertEquals(0, three.exit(), three.err());
        assertEquals(rendered("10.0.0.0/8", 0x8000, List.of(ARTICLE, WEB, IDLE)) + KubeProxyRenderer.jumpRules(),
            three.out());
        assertTrue(three.out().contains("\"demo/idle has no endpoints\" -m udp -p udp -d 10.96.0.11 --dport 53 -j REJECT"),
            three.out());
    }

    @Test
    void badServicesFilesAreOneLocatedLine() throws IOException {
        String[][] cases = {
            {"auth-java tcp 10.103.5.88:9000\n", "1:1: expected NAMESPACE/NAME[:PORTNAME], not \"auth-java\""},
            {"# comment\n\nxiuxian/Auth tcp 10.103.5.88:9000\n",
                "3:9: service name \"Auth\" is not lowercase letters, digits and inner '-'"},
            {"a/b:p80 icmp 10.103.5.88:9000\n", "1:9: protocol \"icmp\" is not tcp, udp or sctp"},
            {"a/b:p80 tcp 10.103.5.288:9000\n", "1:13: cluster IP address \"10.103.5.288\" is not an IPv4 address"},
            {"a/b:p80 tcp 10.103.5.88:9000 -> 10.244.1.8:90000\n",
                "1:44: endpoint port \"90000\" is not a number in 1..65535"},
            {"a/b:p80  tcp  10.103.5.88:9000  ->  10.244.1.8:9000,10.244.1.9\n",
                "1:53: endpoint \"10.244.1.9\" is not IP:PORT"},
            {"a/b:p80 tcp 10.103.5.88:9000 10.244.1.8:9000\n",
                "1:30: expected \"->\" before the endpoints, not \"10.244.1.8:9000\""},
            {"a/b:p80 tcp 10.103.5.88:9000 ->\n",
                "1:32: no endpoints after \"->\" (leave out \"->\" for a service without endpoints)"},
            {"a/b:p80 tcp\n", "1:12: expected NAMESPACE/NAME[:PORTNAME] PROTO CLUSTER-IP:PORT [-> ENDPOINT-IP:PORT,...]"},
            {"a/b:p80 tcp 10.0.0.1:80 -> 10.244.1.8:80,10.244.1.8:80\n",
                "1:42: endpoint 10.244.1.8:80 is listed twice"},
            {"a/b:p80 tcp 10.0.0.1:80\na/b:p80 TCP 10.0.0.2:80\n", "2:1: a/b:p80 tcp is already defined on line 1"},
            // Kubernetes' limits, which keep the rendered comments within iptables' 255 characters (found by fuzzing)
            {"a/" + "s".repeat(64) + " tcp 10.0.0.1:80\n",
                "1:3: service name \"" + "s".repeat(64) + "\" is longer than 63 characters"},
            {"a/b:" + "p".repeat(64) + " tcp 10.0.0.1:80\n",
                "1:5: port name \"" + "p".repeat(64) + "\" is longer than 63 characters"},
        };
        for (String[] c : cases) {
            Path file = dir.resolve("bad.services");
            Files.writeString(file, c[0]);
            for (String sub : List.of("render", "trace")) {
                Run r = sub.equals("render") ? run("service-proxy", "render", "--services", file.toString())
                    : run("service-proxy", "trace", "--services", file.toString(), "--dst", "10.0.0.1", "--dport", "80");
                assertEquals(2, r.exit(), c[0]);
                assertEquals("", r.out(), c[0]);
                assertEquals("overlaykit: " + file + ":" + c[1] + "\n", r.err(), c[0]);
            }
        }
    }

    @Test
    void traceIsThePacketTracersLinesAndNamesTheEndpoint() throws IOException {
        Path file = services("three", TWO_MORE);
        Ruleset rules = Ruleset.parse(rendered("10.244.0.0/16", 0x4000, List.of(ARTICLE, WEB, IDLE)))
            .restore(KubeProxyRenderer.jumpRules(), "jumps", true);
        Ipv4Address node = Ipv4Address.parse("192.0.2.1");
        PacketTracer tracer = new PacketTracer(rules, new StaticRouting(List.of(node), null));

        Run article = run("service-proxy", "trace", "--services", file.toString(), "--dst", "10.103.5.88",
            "--dport", "9000");
        assertEquals(0, article.exit(), article.err());
        TraceResult expected = tracer.traceFirst(Packet.tcp(node, 40000, Ipv4Address.parse("10.103.5.88"), 9000),
            Hook.OUTPUT);
        assertEquals(lines(expected.lines(), "endpoint: 10.244.1.8:9000 of xiuxian/auth-java:tcp-9000-9000-c8kgf, "
            + "source masqueraded to 192.0.2.1:40000"), article.out());
        assertTrue(article.out().contains("nat:KUBE-SEP-"), article.out());

        Ipv4Address pod = Ipv4Address.parse("10.244.0.5");
        Run fromPod = run("service-proxy", "trace", "--services", file.toString(), "--dst", "10.96.0.10",
            "--dport", "80", "--hook", "prerouting", "--in", "cni0", "--src", "10.244.0.5", "--sport", "51000",
            "--branches", "all");
        assertEquals(0, fromPod.exit(), fromPod.err());
        List<TraceResult> branches = tracer.traceAll(
            Packet.tcp(pod, 51000, Ipv4Address.parse("10.96.0.10"), 80).withInInterface("cni0"), Hook.PREROUTING);
        assertEquals(2, branches.size());
        List<String> want = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            want.add("branch " + (i + 1) + " of 2: probability 0.50000000000");
            want.addAll(branches.get(i).lines());
            want.add("endpoint: 10.244.1." + (8 + i) + ":8080 of demo/web:http");
        }
        assertEquals(lines(want, null), fromPod.out());

        Run idle = run("service-proxy", "trace", "--services", file.toString(), "--dst", "10.96.0.11",
            "--dport", "53", "--proto", "udp");
        assertEquals(1, idle.exit(), idle.err());
        TraceResult rejected = tracer.traceFirst(Packet.of(17, node, 40000, Ipv4Address.parse("10.96.0.11"), 53),
            Hook.OUTPUT);
        assertEquals(TraceResult.Verdict.REJECT, rejected.verdict());
        assertEquals(lines(rejected.lines(), "endpoint: none, the packet gets REJECT (demo/idle has no endpoints)"),
            idle.out());

        Run nothing = run("service-proxy", "trace", "--services", file.toString(), "--dst", "10.96.0.99",
            "--dport", "80");
        assertEquals(1, nothing.exit(), nothing.err());
        assertTrue(nothing.out().endsWith("endpoint: none, no service has 10.96.0.99:80; the packet goes there unchanged\n"),
            nothing.out());

        Run noSource = run("service-proxy", "trace", "--services", file.toString(), "--dst", "10.96.0.10",
            "--dport", "80", "--hook", "prerouting");
        assertEquals(2, noSource.exit());
        assertEquals("overlaykit: --hook prerouting needs --src IP (the sender)\n", noSource.err());
    }

    private static String lines(List<String> lines, String last) {
        StringBuilder out = new StringBuilder();
        lines.forEach(l -> out.append(l).append('\n'));
        if (last != null) {
            out.append(last).append('\n');
        }
        return out.toString();
    }

    /**
     * Against the kernel, in namespaces this test makes: diff on an empty namespace lists everything as added,
     * apply loads exactly the rendered ruleset, a second apply changes nothing, a TCP connection to the cluster
     * IP reaches a server on the endpoint address, and a service removed from the file loses its chains.
     */
    @Test
    void applyLoadsTheRulesAndATcpConnectionReachesTheEndpoint() throws Exception {
        NetworkNamespace.requirePrivileges("iptables-save", "iptables-restore");
        Path three = services("three", TWO_MORE);
        Path article = services("article", "");
        Ruleset wantedThree = Ruleset.parse(rendered("10.244.0.0/16", 0x4000, List.of(ARTICLE, WEB, IDLE)))
            .restore(KubeProxyRenderer.jumpRules(), "jumps", true);
        Ruleset wantedArticle = Ruleset.parse(rendered("10.244.0.0/16", 0x4000, List.of(ARTICLE)))
            .restore(KubeProxyRenderer.jumpRules(), "jumps", true);
        try (NetworkNamespace node = NetworkNamespace.create("spxnode");
             NetworkNamespace pod = NetworkNamespace.create("spxpod")) {
            for (NetworkNamespace ns : List.of(node, pod)) {
                ns.exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
            }

            Run empty = run("service-proxy", "diff", "--services", three.toString(), "-n", node.name());
            assertEquals(1, empty.exit(), empty.err());
            List<String> diff = empty.out().lines().toList();
            assertEquals(List.of("*filter", "*nat"), diff.stream().filter(l -> l.startsWith("*")).toList());
            assertTrue(diff.stream().noneMatch(l -> l.startsWith("-")), empty.out());
            List<String> added = diff.stream().filter(l -> l.startsWith("+")).map(l -> l.substring(1)).sorted().toList();
            assertEquals(ownedLines(wantedThree), added);
            long chains = added.stream().filter(l -> l.startsWith(":")).count();
            assertEquals(15, chains, "6 filter chains, 4 nat chains, 2 for the article, 3 for demo/web");
            assertEquals("# to add: 15 chains, " + (added.size() - 15) + " rules; to remove: 0 chains, 0 rules",
                diff.get(diff.size() - 1));

            Run apply = run("service-proxy", "apply", "--services", three.toString(), "-n", node.name());
            assertEquals(0, apply.exit(), apply.err());
            assertEquals(empty.out() + "# applied with iptables-restore --noflush\n", apply.out());
            String saved = withoutComments(node.exec("iptables-save"));
            assertEquals(wantedThree.toSave(), saved);

            Run again = run("service-proxy", "apply", "--services", three.toString(), "-n", node.name());
            assertEquals(0, again.exit(), again.err());
            assertTrue(again.out().endsWith("# nothing to apply\n"), again.out());
            assertEquals(saved, withoutComments(node.exec("iptables-save")));
            Run same = run("service-proxy", "diff", "--services", three.toString(), "-n", node.name());
            assertEquals(0, same.exit(), same.out());
            assertEquals("# up to date: kube-proxy's 15 chains and " + (added.size() - 15) + " rules are loaded\n",
                same.out());

            assertEquals("10.244.1.8:9000 <- 10.244.1.1", connectThroughClusterIp(node, pod));

            String webChain = KubeProxyNames.serviceChain("demo/web:http", "tcp");
            String webEndpoint = KubeProxyNames.endpointChain("demo/web:http", "tcp", "10.244.1.9:8080");
            // another tool's rule still jumps to an endpoint chain that removing demo/web deletes: refused up front
            List<String> foreign = List.of("-t", "nat", "OUTPUT", "-d", "198.51.100.1/32", "-j", webEndpoint);
            node.exec(concat("iptables", "-A", foreign));
            String beforeRefusal = withoutComments(node.exec("iptables-save"));
            Run refused = run("service-proxy", "apply", "--services", article.toString(), "-n", node.name());
            assertEquals(2, refused.exit(), refused.out());
            assertEquals("overlaykit: iptables-restore would refuse the change: nat/OUTPUT: Chain '" + webEndpoint
                + "' does not exist\n", refused.err());
            assertEquals("", refused.out());
            assertEquals(beforeRefusal, withoutComments(node.exec("iptables-save")));
            node.exec(concat("iptables", "-D", foreign));

            Run shrink = run("service-proxy", "apply", "--services", article.toString(), "-n", node.name());
            assertEquals(0, shrink.exit(), shrink.err());
            assertTrue(shrink.out().contains("-:" + webChain + " - [0:0]\n"), shrink.out());
            assertTrue(shrink.out().contains("-:" + webEndpoint + " - [0:0]\n"), shrink.out());
            assertTrue(shrink.out().contains("\n# to add: 0 chains, 0 rules; to remove: 3 chains, "), shrink.out());
            String after = withoutComments(node.exec("iptables-save"));
            assertFalse(after.contains(webChain), after);
            assertFalse(after.contains(webEndpoint), after);
            assertEquals(wantedArticle.toSave(), after);
            assertEquals(0, run("service-proxy", "diff", "--services", article.toString(), "-n", node.name()).exit());
            assertEquals("10.244.1.8:9000 <- 10.244.1.1", connectThroughClusterIp(node, pod));
        }
    }

    /** Every chain declaration and rule of the filter and nat tables, as iptables-save prints them, sorted. */
    private static List<String> ownedLines(Ruleset rules) {
        List<String> out = new ArrayList<>();
        for (String line : rules.toSave().split("\n")) {
            if (line.startsWith("-A ") || line.startsWith(":KUBE-")) {
                out.add(line);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Joins the namespaces with a veth pair (node 10.244.1.1/24, pod 10.244.1.8/24 and .9), routes the
     * service range to the pod side, starts a server on 0.0.0.0:9000 in the pod that answers with the
     * address it was reached on and the peer, and connects from the node to the article's cluster IP.
     */
    private static String connectThroughClusterIp(NetworkNamespace node, NetworkNamespace pod) throws Exception {
        if (node.execAny("ip", "link", "show", "pod0").exitCode() != 0) {
            node.exec("ip", "link", "add", "pod0", "type", "veth", "peer", "name", "eth0", "netns", pod.name());
            node.exec("ip", "addr", "add", "10.244.1.1/24", "dev", "pod0");
            node.exec("ip", "link", "set", "pod0", "up");
            node.exec("ip", "route", "add", "10.96.0.0/12", "dev", "pod0");
            pod.exec("ip", "addr", "add", "10.244.1.8/24", "dev", "eth0");
            pod.exec("ip", "addr", "add", "10.244.1.9/24", "dev", "eth0");
            pod.exec("ip", "link", "set", "eth0", "up");
        }
        // Java sockets made inside a namespace stay there: no helper program needed in the namespaces
        try (ServerSocket server = NetNamespace.named(pod.name()).call(() -> new ServerSocket(9000))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket accepted = server.accept()) {
                    accepted.getOutputStream().write((accepted.getLocalAddress().getHostAddress() + ":"
                            + accepted.getLocalPort() + " <- " + accepted.getInetAddress().getHostAddress())
                            .getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String answer = NetNamespace.named(node.name()).call(() -> {
                try (Socket client = new Socket()) {
                    client.connect(new InetSocketAddress(InetAddress.getByName("10.103.5.88"), 9000), 5000);
                    client.setSoTimeout(5000);
                    return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                }
            });
            served.get(5, TimeUnit.SECONDS);
            return answer.strip();
        }
    }

    /** {@code iptables -t nat -A OUTPUT …} from the command word, the action and the rest. */
    private static String[] concat(String tool, String action, List<String> rule) {
        List<String> argv = new ArrayList<>(List.of(tool, rule.get(0), rule.get(1), action));
        argv.addAll(rule.subList(2, rule.size()));
        return argv.toArray(String[]::new);
    }

    private static String withoutComments(String saved) {
        return saved.replaceAll("(?m)^#.*\\n", "");
    }
}
