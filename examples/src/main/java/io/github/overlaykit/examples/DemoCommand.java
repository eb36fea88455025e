package io.github.overlaykit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.overlaykit.codec.CaptureReader;
import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.TcpdumpPrinter;
import io.github.overlaykit.netlink.RtnetlinkClient;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.Neighbor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit demo --live}: the article performed for real. Builds the two nodes, the pod and the
 * provider's network in network namespaces ({@link LiveCluster}), serves the article's
 * {@code /app/versionCheck} from the pod, requests it from the master through the Service cluster IP
 * {@code 10.103.5.88:9000}, prints the answer and what the kernel did at each hop (its route answers,
 * its conntrack entries, and tcpdump captures on every device the packet crossed, printed by the SDK's
 * codec), then deletes everything it made, also on failure or Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "As root: build the article's cluster in network namespaces, request the Service from the "
                + "master, show each hop, remove it all.")
public final class DemoCommand implements Callable<Integer> {
    /** The article's answer to {@code /app/versionCheck?version=1}. */
    static final String ARTICLE_BODY = "{\"data\":{\"downloadUrl\":null,\"updateMsg\":null,\"latest\":true},"
            + "\"code\":200,\"msg\":null}";

    @Spec
    CommandSpec spec;

    @Option(names = "--live", required = true, description = "Really build it (needs root); `seed` is the offline walk.")
    boolean live;

    @Option(names = "--pcap-dir", paramLabel = "DIR", description = "Keep the hop captures (pcap) in DIR.")
    Path pcapDirectory;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** Creates the command (picocli instantiates it). */
    public DemoCommand() {
    }

    /** A tcpdump on one device of one namespace, writing a pcap file. */
    private record Capture(String label, String namespace, String device, Path file, Process process, Path log) {
    }

    /**
     * Builds, requests, observes, cleans up.
     *
     * @return 0 when the pod's answer arrived through the cluster IP, 1 when it did not
     * @throws Exception if building fails (everything made is removed first)
     */
    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String prefix = "ok-demo-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        LiveCluster cluster = new LiveCluster(prefix, line -> {
            out.println("  " + line);
            out.flush();
        });
        List<Capture> captures = new ArrayList<>();
        AtomicReference<HttpServer> server = new AtomicReference<>();
        boolean temporary = pcapDirectory == null;
        Path directory = temporary ? Files.createTempDirectory("overlaykit-demo") : Files.createDirectories(pcapDirectory);
        Thread cleanup = new Thread(() -> tearDown(cluster, server.get(), captures, directory, temporary),
                "demo cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            out.println("== building the article's cluster (public side: master " + LiveCluster.MASTER_PUBLIC
                    + ", worker " + LiveCluster.WORKER_PUBLIC + ")");
            cluster.build();
            AtomicReference<String> seenFrom = new AtomicReference<>();
            server.set(servePod(cluster, seenFrom));
            out.println("  " + cluster.pod + ": serving http://" + ArticleCluster.POD + ":" + ArticleCluster.POD_PORT
                    + "/app/versionCheck");
            captures.addAll(startCaptures(cluster, directory, out));

            String url = "http://" + ArticleCluster.CLUSTER_IP + ":" + ArticleCluster.SERVICE_PORT
                    + "/app/versionCheck?version=1";
            out.println("== " + cluster.master + ": GET " + url);
            out.flush();
            String response;
            AtomicReference<String> socketName = new AtomicReference<>();
            try {
                response = request(cluster.master, timeoutSeconds, socketName);
            } catch (RuntimeException e) {
                response = null;
                out.println("  no answer: " + e.getMessage());
            }
            stopCaptures(captures);
            boolean answered = response != null && response.startsWith("HTTP/1.1 200 ")
                    && response.endsWith("\r\n\r\n" + ARTICLE_BODY);
            if (response != null) {
                out.println("  " + response.substring(0, response.indexOf("\r\n")));
                out.println("  " + response.substring(response.indexOf("\r\n\r\n") + 4));
            }
            out.println("== the hops the kernel took");
            observe(cluster, captures, seenFrom.get(), out);
            if (answered) {
                out.println("10 master  conntrack undoes both NATs on the reply: the socket " + socketName.get()
                        + " read the answer from " + ArticleCluster.CLUSTER_IP + ":" + ArticleCluster.SERVICE_PORT
                        + ", never seeing 10.244.1.8");
            }
            return answered ? 0 : Overlaykit.EXIT_FAILURE_ANSWER;
        } finally {
            Map<String, String> deleted = tearDown(cluster, server.get(), captures, directory, temporary);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: it does the same, idempotently
            }
            out.println("== removed what it made");
            deleted.forEach((name, outcome) -> out.println("  ip netns del " + name + ": " + outcome));
            if (pcapDirectory != null) {
                out.println("  captures kept in " + pcapDirectory);
            }
            out.flush();
        }
    }

    /** Starts the article's application in the pod namespace; its listening socket lives there. */
    private static HttpServer servePod(LiveCluster cluster, AtomicReference<String> seenFrom) {
        HttpServer server = LiveCluster.ns(cluster.pod).call(() ->
                HttpServer.create(new InetSocketAddress(ArticleCluster.POD_PORT), 16));
        server.createContext("/app/versionCheck", exchange -> answer(exchange, seenFrom));
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, AtomicReference<String> seenFrom) throws IOException {
        try (exchange) {
            InetSocketAddress client = exchange.getRemoteAddress();
            seenFrom.set(client.getAddress().getHostAddress() + ":" + client.getPort());
            String query = exchange.getRequestURI().getQuery();
            boolean latest = "version=1".equals(query);
            byte[] body = (latest ? ARTICLE_BODY : ARTICLE_BODY.replace("\"latest\":true", "\"latest\":false"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(body);
            }
        }
    }

    /** An HTTP/1.1 request on a socket made in the master's namespace, so it leaves through its stack. */
    private static String request(String master, int timeoutSeconds, AtomicReference<String> socketName) {
        return LiveCluster.ns(master).call(() -> {
            try (Socket socket = new Socket()) {
                int millis = timeoutSeconds * 1000;
                socket.connect(new InetSocketAddress(InetAddress.getByName(ArticleCluster.CLUSTER_IP.toString()),
                        ArticleCluster.SERVICE_PORT), millis);
                socket.setSoTimeout(millis);
                socketName.set(socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort() + " -> "
                        + socket.getInetAddress().getHostAddress() + ":" + socket.getPort());
                String request = "GET /app/versionCheck?version=1 HTTP/1.1\r\nHost: " + ArticleCluster.CLUSTER_IP
                        + ":" + ArticleCluster.SERVICE_PORT + "\r\nConnection: close\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        });
    }

    private List<Capture> startCaptures(LiveCluster cluster, Path directory, PrintWriter out) throws IOException {
        if (!Processes.onPath("tcpdump")) {
            out.println("  tcpdump is not installed: the hops are shown without captures");
            return List.of();
        }
        List<Capture> captures = new ArrayList<>();
        String tcp = "tcp port " + ArticleCluster.SERVICE_PORT;
        String vxlan = "udp port " + ArticleCluster.VXLAN_PORT;
        captures.add(capture("master flannel.1", cluster.master, "flannel.1", tcp, directory));
        captures.add(capture("master eth0", cluster.master, "eth0", vxlan, directory));
        captures.add(capture("cloud, toward the worker", cluster.cloud, "cloud-w", vxlan, directory));
        captures.add(capture("worker flannel.1", cluster.worker, "flannel.1", tcp, directory));
        captures.add(capture("pod eth0", cluster.pod, "eth0", tcp, directory));
        for (Capture capture : captures) {
            awaitListening(capture);
        }
        out.println("  capturing on " + captures.size() + " devices with tcpdump");
        return captures;
    }

    private static Capture capture(String label, String namespace, String device, String filter, Path directory)
            throws IOException {
        String base = namespace + "-" + device.replace('.', '_');
        Path file = directory.resolve(base + ".pcap");
        Path log = directory.resolve(base + ".log");
        List<String> command = new ArrayList<>(Processes.inNamespace(namespace, "tcpdump", "-i", device,
                "-n", "-U", "--immediate-mode", "-w", file.toString()));
        command.addAll(List.of(filter.split(" ")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Capture(label, namespace, device, file, process, log);
    }

    private static void awaitListening(Capture capture) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(capture.log()) && Files.readString(capture.log()).contains("listening on")) {
                return;
            }
            if (!capture.process().isAlive()) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting tcpdump", e);
            }
        }
        throw new IOException("tcpdump on " + capture.device() + " in " + capture.namespace() + " did not start: "
                + Files.readString(capture.log()).strip());
    }

    private static void stopCaptures(List<Capture> captures) {
        for (Capture capture : captures) {
            capture.process().destroy();  // SIGTERM: tcpdump flushes and closes the file
        }
        for (Capture capture : captures) {
            try {
                if (!capture.process().waitFor(5, TimeUnit.SECONDS)) {
                    capture.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                capture.process().destroyForcibly();
            }
        }
    }

    /** Prints the kernel's own answers and captures, hop by hop along the request and its reply. */
    private static void observe(LiveCluster cluster, List<Capture> captures, String seenFrom, PrintWriter out)
            throws IOException {
        try (RtnetlinkClient master = RtnetlinkClient.open(LiveCluster.ns(cluster.master))) {
            out.println("1 master  route get " + ArticleCluster.CLUSTER_IP + ": "
                    + master.getRoute(ArticleCluster.CLUSTER_IP, false).toString().strip());
            out.println("          (no pod here, but the socket is local: OUTPUT's KUBE-SERVICES DNATs it before it"
                    + " leaves, and routing runs again)");
            conntrack(cluster.master, List.of("-p", "tcp", "--dport", String.valueOf(ArticleCluster.SERVICE_PORT)),
                    "2 master  conntrack: ", out);
            out.println("3 master  route get " + ArticleCluster.POD + ": "
                    + master.getRoute(ArticleCluster.POD, false).toString().strip());
            Ipv4Address workerVtep = cluster.article().worker.flannelIp();
            for (Neighbor neighbor : master.neighbors()) {
                if (neighbor.address().equals(workerVtep)) {
                    out.println("          neighbour: " + neighbor);
                }
            }
            for (FdbEntry entry : master.fdb()) {
                if ("flannel.1".equals(entry.device()) && entry.destination() != null) {
                    out.println("          fdb: " + entry);
                }
            }
        }
        printCapture(captures, "master flannel.1", "4 ", out);
        printCapture(captures, "master eth0", "5 ", out);
        conntrack(cluster.cloud, List.of("-p", "udp", "--dport", String.valueOf(ArticleCluster.VXLAN_PORT)),
                "6 cloud   conntrack: ", out);
        printCapture(captures, "cloud, toward the worker", "  ", out);
        out.println("7 worker  the vxlan device flannel.1 (dstport " + ArticleCluster.VXLAN_PORT + ") takes the UDP"
                + " packet, strips the headers: this is where decapsulation happens");
        printCapture(captures, "worker flannel.1", "  ", out);
        printCapture(captures, "pod eth0", "8 ", out);
        out.println("9 pod     the server saw the request come from " + (seenFrom == null ? "(nobody)" : seenFrom));
    }

    private static void printCapture(List<Capture> captures, String label, String step, PrintWriter out)
            throws IOException {
        for (Capture capture : captures) {
            if (!capture.label().equals(label)) {
                continue;
            }
            out.println(step + "tcpdump -e on " + label + " (" + capture.namespace() + " " + capture.device() + "):");
            TcpdumpPrinter printer = new TcpdumpPrinter(true, 0);
            StringBuilder text = new StringBuilder();
            int shown = 0;
            try (CaptureReader reader = CaptureReader.open(capture.file())) {
                while (shown < 2 && reader.next()) {
                    printer.appendFrame(reader.record().linkType(), reader.record().data(), 0,
                            reader.record().capturedLength(), reader.record().originalLength(), text);
                    text.toString().lines().forEach(line -> out.println("          " + line));
                    text.setLength(0);
                    shown++;
                }
            }
            if (shown == 0) {
                out.println("          (nothing captured)");
            }
        }
    }

    private static void conntrack(String namespace, List<String> filter, String label, PrintWriter out)
            throws IOException {
        if (!Processes.onPath("conntrack")) {
            out.println(label + "(conntrack is not installed)");
            return;
        }
        List<String> command = new ArrayList<>(Processes.inNamespace(namespace, "conntrack", "-L"));
        command.addAll(filter);
        Processes.Result result = Processes.run(command, null);
        List<String> lines = result.stdout().lines().toList();
        if (lines.isEmpty()) {
            out.println(label + "(no entry) " + result.stderr().strip());
        }
        for (String line : lines) {
            out.println(label + line.replaceAll("\\s+", " ").strip());
        }
    }

    private static Map<String, String> tearDown(LiveCluster cluster, HttpServer server, List<Capture> captures,
                                                Path directory, boolean temporary) {
        synchronized (cluster) {  // the shutdown hook and the normal path may both get here
            if (server != null) {
                server.stop(0);
            }
            for (Capture capture : List.copyOf(captures)) {
                capture.process().destroyForcibly();
            }
            // only what this run wrote: the tcpdump logs, and the pcaps too unless the user keeps them
            for (Path file : listOrEmpty(directory)) {
                String name = file.getFileName().toString();
                if (name.startsWith(cluster.master.substring(0, cluster.master.lastIndexOf('-')))
                        && (name.endsWith(".log") || temporary && name.endsWith(".pcap"))) {
                    file.toFile().delete();
                }
            }
            if (temporary) {
                directory.toFile().delete();
            }
            return cluster.deleteCreated();
        }
    }

    private static List<Path> listOrEmpty(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
