package io.github.overlaykit.netlink;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.NextHop;
import io.github.overlaykit.route.NextHopFlag;
import io.github.overlaykit.route.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The netlink scale numbers of issue 5, each beside iproute2 in the same run, in a namespace this
 * harness creates and deletes (needs root):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.overlaykit.netlink.RouteScaleHarness [rounds [messages-per-datagram [ack-each]]]
 * </pre>
 *
 * <ul>
 * <li>install 100,000 /24 routes {@code dev d0} with {@link RtnetlinkClient#batch()} vs {@code ip -batch};
 * <li>dump them into {@link Route} objects vs {@code ip -4 route show > /dev/null};
 * <li>flannel at 10,000 remote nodes: neighbour + FDB entry + onlink route each, vs {@code ip -batch} +
 *     {@code bridge -batch}.
 * </ul>
 *
 * Not JMH: each operation changes kernel state and takes around a second, so it is timed per round
 * (after one warm-up round) and the median and minimum are printed.
 */
public final class RouteScaleHarness {
    private static final int ROUTES = 100_000;
    private static final int NODES = 10_000;

    private RouteScaleHarness() {
    }

    /**
     * Runs the measurements.
     *
     * @param args optional number of measured rounds (default 5), batched requests per {@code sendmsg}
     *     (default: the client's), and {@code ack-each} to ask for an ACK on every batched request
     * @throws Exception if a command fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        RtnetlinkClient.Options options = RtnetlinkClient.Options.defaults();
        if (args.length > 1) {
            options = options.messagesPerDatagram(Integer.parseInt(args[1]));
        }
        boolean ackEach = args.length > 2 && args[2].equals("ack-each");
        options = options.ackEachBatchedRequest(ackEach);
        String ns = "ok-nlbench-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        Path dir = Files.createTempDirectory("nlbench");
        run("ip", "netns", "add", ns);
        try {
            in(ns, "ip", "link", "set", "lo", "up");
            in(ns, "ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
            in(ns, "ip", "link", "set", "d0", "up");
            in(ns, "ip", "link", "set", "d0p", "up");
            in(ns, "ip", "addr", "add", "192.0.2.1/24", "dev", "d0");
            in(ns, "ip", "link", "add", "flannel.1", "type", "vxlan", "id", "1", "local", "192.0.2.1", "dev", "d0",
                    "nolearning", "dstport", "8472");
            in(ns, "ip", "link", "set", "flannel.1", "up");

            List<Route> routes = new ArrayList<>(ROUTES);
            StringBuilder add = new StringBuilder();
            StringBuilder del = new StringBuilder();
            for (int i = 0; i < ROUTES; i++) {
                int a = 10 + (i >> 16);
                int b = (i >> 8) & 255;
                int c = i & 255;
                routes.add(Route.builder(new Ipv4Prefix((a << 24) | (b << 16) | (c << 8), 24)).nextHop(NextHop.dev("d0"))
                        .scope(253).build());
                add.append("route add ").append(a).append('.').append(b).append('.').append(c).append(".0/24 dev d0\n");
                del.append("route del ").append(a).append('.').append(b).append('.').append(c).append(".0/24 dev d0\n");
            }
            Path addBatch = Files.writeString(dir.resolve("add.batch"), add);
            Path delBatch = Files.writeString(dir.resolve("del.batch"), del);

            List<Neighbor> neighbors = new ArrayList<>(NODES);
            List<FdbEntry> fdb = new ArrayList<>(NODES);
            List<Route> flannelRoutes = new ArrayList<>(NODES);
            StringBuilder ipFlannel = new StringBuilder();
            StringBuilder bridgeFlannel = new StringBuilder();
            for (int i = 0; i < NODES; i++) {
                int subnet = (100 << 24) | ((64 + (i >> 8)) << 16) | ((i & 255) << 8); // 100.64.0.0/24 and on
                Ipv4Address gateway = new Ipv4Address(subnet);
                MacAddress mac = new MacAddress(0x0E2A_0000_0000L | i);
                Ipv4Address vtep = new Ipv4Address((198 << 24) | (18 << 16) | i); // 198.18.0.0/15, benchmark range
                neighbors.add(Neighbor.permanent(gateway, "flannel.1", mac));
                fdb.add(FdbEntry.vxlan(mac, "flannel.1", vtep));
                flannelRoutes.add(Route.builder(new Ipv4Prefix(subnet, 24))
                        .nextHop(new NextHop(gateway, "flannel.1", 1, Set.of(NextHopFlag.ONLINK))).build());
                ipFlannel.append("neigh replace ").append(gateway).append(" dev flannel.1 lladdr ").append(mac)
                        .append(" nud permanent\n");
                bridgeFlannel.append("fdb replace ").append(mac).append(" dev flannel.1 dst ").append(vtep)
                        .append(" self permanent\n");
            }
            StringBuilder ipFlannelRoutes = new StringBuilder();
            for (Route r : flannelRoutes) {
                ipFlannelRoutes.append("route replace ").append(r.toString().strip()).append('\n');
            }
            Path ipNeigh = Files.writeString(dir.resolve("neigh.batch"), ipFlannel);
            Path bridgeFdb = Files.writeString(dir.resolve("fdb.batch"), bridgeFlannel);
            Path ipRoutes = Files.writeString(dir.resolve("froutes.batch"), ipFlannelRoutes);

            long[][] t = new long[8][rounds];
            try (RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(ns), options)) {
                for (int round = -1; round < rounds; round++) {
                    long t0 = System.nanoTime();
                    RtnetlinkClient.Batch batch = nl.batch();
                    for (Route r : routes) {
                        batch.addRoute(r);
                    }
                    batch.execute().orThrow();
                    long t1 = System.nanoTime();
                    List<Route> dumped = nl.routes(RouteFilter.table(254));
                    long t2 = System.nanoTime();
                    check(dumped.size() == ROUTES + 1, "dumped " + dumped.size());
                    in(ns, "sh", "-c", "ip -4 route show > /dev/null");
                    long t3 = System.nanoTime();
                    int raw = nl.visitDump(io.github.overlaykit.netlink.constants.Rtnetlink.RTM_GETROUTE,
                            io.github.overlaykit.netlink.constants.Netlink.AF_INET, (b, h) -> { });
                    long t3b = System.nanoTime();
                    check(raw >= ROUTES, "raw dump saw " + raw);
                    long t3c = System.nanoTime();
                    RtnetlinkClient.Batch delete = nl.batch();
                    for (Route r : routes) {
                        delete.deleteRoute(r);
                    }
                    delete.execute().orThrow();
                    long t4 = System.nanoTime();
                    in(ns, "ip", "-batch", addBatch.toString());
                    long t5 = System.nanoTime();
                    in(ns, "ip", "-batch", delBatch.toString());

                    long f0 = System.nanoTime();
                    RtnetlinkClient.Batch flannel = nl.batch();
                    for (int i = 0; i < NODES; i++) {
                        flannel.replaceNeighbor(neighbors.get(i)).replaceFdb(fdb.get(i)).replaceRoute(flannelRoutes.get(i));
                    }
                    flannel.execute().orThrow();
                    long f1 = System.nanoTime();
                    recreateVxlan(ns); // drops its neighbours, FDB entries and routes
                    long f2 = System.nanoTime();
                    in(ns, "ip", "-batch", ipNeigh.toString());
                    in(ns, "bridge", "-batch", bridgeFdb.toString());
                    in(ns, "ip", "-batch", ipRoutes.toString());
                    long f3 = System.nanoTime();
                    recreateVxlan(ns);
                    if (round >= 0) {
                        t[0][round] = t1 - t0;
                        t[1][round] = t2 - t1;
                        t[2][round] = t3 - t2;
                        t[3][round] = t4 - t3c;
                        t[7][round] = t3b - t3;
                        t[4][round] = t5 - t4;
                        t[5][round] = f1 - f0;
                        t[6][round] = f3 - f2;
                    }
                }
            }
            System.out.printf("rounds: %d (after one warm-up), %d routes, %d flannel nodes%n", rounds, ROUTES, NODES);
            System.out.printf("batch: up to %s requests per sendmsg, %s%n", args.length > 1 ? args[1] : "the default",
                    ackEach ? "an ACK for each request" : "an ACK for the last of each datagram, errors unasked");
            print("install 100k routes, RtnetlinkClient.batch", t[0]);
            print("install 100k routes, ip -batch", t[4]);
            print("dump 100k routes into Route objects, RtnetlinkClient.routes", t[1]);
            print("dump 100k routes, ip -4 route show > /dev/null", t[2]);
            print("dump 100k routes, RtnetlinkClient.visitDump (flyweights only: the floor)", t[7]);
            print("delete 100k routes, RtnetlinkClient.batch", t[3]);
            print("flannel 10k nodes (neigh+fdb+onlink route), RtnetlinkClient.batch", t[5]);
            print("flannel 10k nodes, ip -batch + bridge -batch + ip -batch", t[6]);
        } finally {
            run("ip", "netns", "del", ns);
            for (String f : new String[] {"add.batch", "del.batch", "neigh.batch", "fdb.batch", "froutes.batch"}) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void recreateVxlan(String ns) throws IOException, InterruptedException {
        in(ns, "ip", "link", "del", "flannel.1");
        in(ns, "ip", "link", "add", "flannel.1", "type", "vxlan", "id", "1", "local", "192.0.2.1", "dev", "d0",
                "nolearning", "dstport", "8472");
        in(ns, "ip", "link", "set", "flannel.1", "up");
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-70s median %7.1f ms   min %7.1f ms%n", what, sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    private static void in(String ns, String... command) throws IOException, InterruptedException {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = ns;
        System.arraycopy(command, 0, full, 4, command.length);
        run(full);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
