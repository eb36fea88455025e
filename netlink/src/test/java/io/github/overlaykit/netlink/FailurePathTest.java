package io.github.overlaykit.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.netlink.constants.Netlink;
import io.github.overlaykit.netlink.constants.Rtnetlink;
import io.github.overlaykit.netlink.message.MessageWriter;
import io.github.overlaykit.netlink.message.NetlinkMessageHeader;
import io.github.overlaykit.netlink.message.RouteMessage;
import io.github.overlaykit.route.NextHop;
import io.github.overlaykit.route.Route;
import io.github.overlaykit.testing.NetworkNamespace;
import java.io.File;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Errors carry what iproute2 would print; dumps flagged interrupted keep their partial result; no fd leaks. */
class FailurePathTest {

    private static NetworkNamespace vxlanNamespace(String tag) {
        NetworkNamespace ns = NetworkNamespace.create(tag);
        ns.exec("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
        ns.exec("ip", "link", "set", "d0", "up");
        ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "d0");
        ns.exec("ip", "link", "add", "flannel.1", "type", "vxlan", "id", "1", "local", "192.0.2.1", "dev", "d0",
                "nolearning", "dstport", "8472");
        ns.exec("ip", "link", "set", "flannel.1", "up");
        return ns;
    }

    @Test
    void shouldReportWhatIproute2ReportsForExistingMissingAndInvalidRoutes() {
        NetworkNamespace.requirePrivileges();
        try (NetworkNamespace ns = vxlanNamespace("nlerr");
                RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(ns.name()))) {
            Route onlink = Route.parse("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink");
            nl.addRoute(onlink);
            NetlinkException exists = assertThrows(NetlinkException.class, () -> nl.addRoute(onlink));
            assertEquals("EEXIST", exists.errnoName());
            NetworkNamespace.Result ip = ns.execAny("ip", "route", "add", "10.244.1.0/24", "via", "10.244.1.0", "dev",
                    "flannel.1", "onlink");
            assertEquals(ip.stderr().strip(), exists.iproute2Text());

            Route noOnlink = Route.parse("10.244.2.0/24 via 10.244.2.0 dev flannel.1");
            NetlinkException invalid = assertThrows(NetlinkException.class, () -> nl.addRoute(noOnlink));
            assertEquals("Nexthop has invalid gateway", invalid.kernelMessage());
            assertTrue(invalid.getMessage().contains("RTM_NEWROUTE add 10.244.2.0/24"), invalid.getMessage());
            ip = ns.execAny("ip", "route", "add", "10.244.2.0/24", "via", "10.244.2.0", "dev", "flannel.1");
            assertEquals(ip.stderr().strip(), invalid.iproute2Text());

            Route missing = Route.parse("10.244.9.0/24 via 10.244.9.0 dev flannel.1 onlink");
            NetlinkException absent = assertThrows(NetlinkException.class, () -> nl.deleteRoute(missing));
            ip = ns.execAny("ip", "route", "del", "10.244.9.0/24", "via", "10.244.9.0", "dev", "flannel.1", "onlink");
            assertEquals(ip.stderr().strip(), absent.iproute2Text());

            NetlinkException noDevice = assertThrows(NetlinkException.class,
                    () -> nl.addRoute(Route.parse("10.244.3.0/24 dev nosuch0")));
            assertEquals("ENODEV", noDevice.errnoName());
        }
    }

    @Test
    void shouldInstallAThousandRoutesInOneBatchWithAResultEach() {
        NetworkNamespace.requirePrivileges();
        try (NetworkNamespace ns = vxlanNamespace("nlbatch");
                RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(ns.name()))) {
            RtnetlinkClient.Batch batch = nl.batch();
            for (int i = 0; i < 1000; i++) {
                Ipv4Prefix prefix = new Ipv4Prefix(0x0AF40000 | (i << 8), 24); // 10.244.x.0/24 and on
                batch.replaceRoute(Route.builder(prefix).nextHop(NextHop.dev("d0")).scope(253).build());
            }
            batch.addRoute(Route.builder(new Ipv4Prefix(0x0AF40000, 24)).nextHop(NextHop.dev("d0")).scope(253).build());
            BatchResult result = nl.batch().replaceRoute(
                    Route.builder(new Ipv4Prefix(0xC6336400, 24)).nextHop(NextHop.dev("d0")).scope(253).build()).execute();
            assertEquals(0, result.failureCount());
            result = batch.execute();
            assertEquals(1001, result.size());
            assertEquals(1, result.failureCount());
            assertEquals("EEXIST", result.failure(1000).errnoName());
            long lines = ns.exec("ip", "route", "show", "dev", "d0").lines().count();
            assertEquals(1000 + 1 + 1, lines); // ours, the 198.51.100.0/24 one, and the connected 192.0.2.0/24
        }
    }

    @Test
    void shouldReportAFailureInTheMiddleOfADatagramWithItsIndexInBothAckModes() {
        NetworkNamespace.requirePrivileges();
        for (boolean ackEach : new boolean[] {false, true}) {
            try (NetworkNamespace ns = vxlanNamespace("nlbmid");
                    RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(ns.name()),
                            RtnetlinkClient.Options.defaults().ackEachBatchedRequest(ackEach).messagesPerDatagram(256))) {
                Route taken = Route.builder(new Ipv4Prefix(0x0AF46400, 24)).nextHop(NextHop.dev("d0")).scope(253).build();
                nl.addRoute(taken); // 10.244.100.0/24, so request 100 of the batch (10.244.0.0/24 on, 300 of them) fails: EEXIST
                RtnetlinkClient.Batch batch = nl.batch();
                for (int i = 0; i < 300; i++) {
                    batch.addRoute(Route.builder(new Ipv4Prefix(0x0AF40000 | (i << 8), 24)).nextHop(NextHop.dev("d0"))
                            .scope(253).build());
                }
                batch.addRoute(Route.parse("10.246.0.0/24 via 10.246.0.1 dev flannel.1")); // 300: gateway not onlink
                batch.addRoute(Route.builder(new Ipv4Prefix(0x0AF70000, 24)).nextHop(NextHop.dev("d0")).scope(253).build());
                BatchResult result = batch.execute();
                assertEquals(302, result.size(), "ackEach=" + ackEach);
                assertEquals(2, result.failureCount(), "ackEach=" + ackEach + ": " + result.failures());
                assertEquals("EEXIST", result.failure(100).errnoName());
                assertEquals("RTM_NEWROUTE add 10.244.100.0/24: EEXIST (File exists)", result.failure(100).getMessage());
                NetworkNamespace.Result ip = ns.execAny("ip", "route", "add", "10.246.0.0/24", "via", "10.246.0.1",
                        "dev", "flannel.1");
                assertEquals(ip.stderr().strip(), result.failure(300).iproute2Text(), "the kernel's extended ACK text");
                // the kernel's view: every other route is in, the refused ones are not
                long lines = ns.exec("ip", "route", "show", "dev", "d0").lines().count();
                assertEquals(300 + 1 + 1, lines, "300 (one of them added before), 10.247.0.0/24 and the connected one");
                assertEquals("", ns.exec("ip", "route", "show", "10.246.0.0/24").strip());
            }
        }
    }

    /**
     * The worst case for replies queued while the kernel handles one datagram: every request of the
     * largest datagram fails, so each leaves an error in the receive queue before any is read. None may
     * be lost (the kernel would drop them and report {@code ENOBUFS}).
     */
    @Test
    void shouldReportEveryFailureOfADatagramInWhichAllFail() {
        NetworkNamespace.requirePrivileges();
        for (boolean ackEach : new boolean[] {false, true}) {
            try (NetworkNamespace ns = vxlanNamespace("nlball");
                    RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(ns.name()),
                            RtnetlinkClient.Options.defaults().ackEachBatchedRequest(ackEach).messagesPerDatagram(1024))) {
                RtnetlinkClient.Batch batch = nl.batch();
                for (int i = 0; i < 3000; i++) {
                    batch.deleteRoute(Route.builder(new Ipv4Prefix(0x0AF40000 | (i << 8), 24)).nextHop(NextHop.dev("d0"))
                            .scope(253).build());
                }
                BatchResult result = batch.execute();
                assertEquals(3000, result.failureCount(), "ackEach=" + ackEach);
                for (int i = 0; i < 3000; i++) {
                    assertEquals("ESRCH", result.failure(i).errnoName(), "request " + i);
                }
                NetworkNamespace.Result ip = ns.execAny("ip", "route", "del", "10.244.0.0/24", "dev", "d0");
                assertEquals(ip.stderr().strip(), result.failure(0).iproute2Text());
            }
        }
    }

    @Test
    void shouldLeaveNoDescriptorOpenAfterTenThousandOperations() {
        NetworkNamespace.requirePrivileges();
        try (NetworkNamespace ns = vxlanNamespace("nlfd")) {
            NetNamespace target = NetNamespace.named(ns.name());
            try (RtnetlinkClient warm = RtnetlinkClient.open(target)) {
                warm.links();
            }
            java.util.Set<String> before = openDescriptors();
            Route route = Route.parse("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink");
            for (int round = 0; round < 100; round++) {
                try (RtnetlinkClient nl = RtnetlinkClient.open(target)) {
                    for (int i = 0; i < 50; i++) {
                        nl.replaceRoute(route);
                        nl.replaceNeighbor(io.github.overlaykit.route.Neighbor.permanent(Ipv4Address.parse("10.244.1.0"),
                                "flannel.1", MacAddress.parse("0e:2a:00:00:00:02")));
                    }
                }
            }
            // Exactly what is open now and was not before (descriptor and what it points at, so a reused
            // number shows too); other descriptors of the JVM may close meanwhile, which is no leak.
            java.util.Set<String> opened = openDescriptors();
            opened.removeAll(before);
            assertEquals(java.util.Set.of(), opened);
        }
    }

    @Test
    void shouldServeConcurrentCallersOfOneClientOneRequestAtATime() throws Exception {
        NetworkNamespace.requirePrivileges();
        try (NetworkNamespace ns = vxlanNamespace("nlconc");
                RtnetlinkClient nl = RtnetlinkClient.open(NetNamespace.named(ns.name()))) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            nl.replaceRoute(Route.builder(new Ipv4Prefix(0x0AF40000 | (thread << 16) | (i << 8), 24))
                                    .nextHop(NextHop.dev("d0")).scope(253).build());
                            if (i % 50 == 0) {
                                nl.routes(RouteFilter.table(254)); // dumps interleave with other threads' requests
                            }
                        }
                        return 200;
                    }));
                }
                for (java.util.concurrent.Future<Integer> f : results) {
                    assertEquals(200, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(800, nl.routes(RouteFilter.table(254).withDevice("d0")).stream()
                    .filter(r -> (r.destination().address() >>> 22) == (0x0AF40000 >>> 22)
                            || (r.destination().address() >>> 24) == 10).count());
        }
    }

    private static java.util.Set<String> openDescriptors() {
        java.util.Set<String> open = new java.util.HashSet<>();
        String[] fds = new File("/proc/self/fd").list();
        for (String fd : fds == null ? new String[0] : fds) {
            try {
                open.add(fd + " -> " + java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd", fd)));
            } catch (java.io.IOException e) {
                // closed between listing and reading (the listing's own descriptor): not open
            }
        }
        return open;
    }

    /**
     * Provoked for real: address dumps while another socket adds and removes addresses. (This kernel
     * flags interrupted link, address and neighbour dumps; it does not flag IPv4 route dumps.)
     */
    @Test
    void shouldReportRealInterruptedDumpsAndRetryThemWhenAsked() throws Exception {
        NetworkNamespace.requirePrivileges();
        try (NetworkNamespace ns = vxlanNamespace("nlintr")) {
            NetNamespace target = NetNamespace.named(ns.name());
            try (RtnetlinkClient nl = RtnetlinkClient.open(target);
                    RtnetlinkClient retrying = RtnetlinkClient.open(target, RtnetlinkClient.Options.defaults().dumpRetries(50));
                    RtnetlinkClient churn = RtnetlinkClient.open(target)) {
                for (int i = 1; i <= 3000; i++) {
                    nl.addAddress(new io.github.overlaykit.route.InterfaceAddress("d0",
                            new Ipv4Address(0xAC100000 | i), 32, 0, false)); // 172.16.x.y inside the namespace only
                }
                java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
                // The churn outlives the retrying dump's start by 50 ms: a retry can only succeed once the
                // table holds still, and with churn that never pauses every attempt may be interrupted.
                java.util.concurrent.atomic.AtomicLong retryStarted = new java.util.concurrent.atomic.AtomicLong();
                Thread changer = new Thread(() -> {
                    int i = 0;
                    while (!stop.get() && (retryStarted.get() == 0 || System.nanoTime() - retryStarted.get() < 50_000_000L)) {
                        io.github.overlaykit.route.InterfaceAddress a = new io.github.overlaykit.route.InterfaceAddress("d0",
                                new Ipv4Address(0xAC110000 | (i++ & 0xFFFF)), 32, 0, false);
                        churn.addAddress(a);
                        churn.deleteAddress(a);
                    }
                });
                changer.start();
                int interrupted = 0;
                int partial = 0;
                try {
                    for (int k = 0; k < 40 && interrupted == 0; k++) {
                        try {
                            nl.addresses();
                        } catch (DumpInterruptedException e) {
                            interrupted++;
                            partial = e.partialResult().size();
                        }
                    }
                    assertTrue(interrupted > 0, "a dump raced with changes was flagged NLM_F_DUMP_INTR");
                    assertTrue(partial > 3000 - 100, "the partial result was kept: " + partial);
                    retryStarted.set(System.nanoTime());
                    int complete = retrying.addresses().size();
                    assertTrue(complete >= 3001, "the retried dump completed: " + complete);
                } finally {
                    stop.set(true);
                    changer.join();
                }
            }
        }
    }

    /** A dump whose first attempt the kernel flags NLM_F_DUMP_INTR and whose second is clean. */
    private static final class InterruptingKernel extends java.util.ArrayDeque<byte[]> implements NetlinkTransport {
        private static final long serialVersionUID = 1L;
        int dumps;
        final int interruptedDumps;

        InterruptingKernel(int interruptedDumps) {
            this.interruptedDumps = interruptedDumps;
        }

        @Override
        public long portId() {
            return 7;
        }

        @Override
        public void send(ByteBuffer buffer, int length) {
            NetlinkMessageHeader request = new NetlinkMessageHeader().wrap(buffer, 0);
            if (request.type() == Rtnetlink.RTM_GETLINK) {
                emptyDump(this, buffer);
                return;
            }
            long seq = request.sequence();
            int flags = dumps++ < interruptedDumps ? Netlink.NLM_F_DUMP_INTR : 0;
            ByteBuffer out = ByteBuffer.allocate(512);
            MessageWriter w = new MessageWriter().wrap(out, 0);
            for (int i = 0; i < 2; i++) {
                int start = w.begin(Rtnetlink.RTM_NEWROUTE, Netlink.NLM_F_MULTI | (i == 1 ? flags : 0));
                new RouteMessage().wrap(out, w.reserve(RouteMessage.LENGTH)).family(Netlink.AF_INET).dstLength(24)
                        .table(254).protocol(4).type(1).scope(253);
                w.putIpv4(Rtnetlink.RTA_DST, 0xC0000200 + (i << 8) & 0xFFFFFF00);
                w.end(start);
                new NetlinkMessageHeader().wrap(out, start).sequence(seq);
            }
            int done = w.begin(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI | flags);
            w.reserve(4);
            w.end(done);
            new NetlinkMessageHeader().wrap(out, done).sequence(seq);
            byte[] datagram = new byte[w.position()];
            out.get(0, datagram);
            add(datagram);
        }

        @Override
        public int receive(ByteBuffer buffer, int timeoutMillis) {
            byte[] next = poll();
            if (next == null) {
                return -1;
            }
            for (int i = 0; i < next.length; i++) {
                buffer.put(i, next[i]);
            }
            return next.length;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void shouldThrowTheInterruptedDumpWithItsPartialResultUnlessRetried() {
        RtnetlinkClient strict = RtnetlinkClient.over(new InterruptingKernel(5), RtnetlinkClient.Options.defaults());
        DumpInterruptedException e = assertThrows(DumpInterruptedException.class, () -> strict.routes(RouteFilter.ALL));
        assertEquals(2, e.partialResult().size());
        assertEquals("192.0.2.0/24 proto static scope link ", e.partialResult().get(0).toString());
        assertEquals("EINTR", e.errnoName());

        RtnetlinkClient retrying = RtnetlinkClient.over(new InterruptingKernel(1),
                RtnetlinkClient.Options.defaults().dumpRetries(1));
        assertEquals(2, retrying.routes(RouteFilter.ALL).size());
    }

    private static void emptyDump(java.util.ArrayDeque<byte[]> queue, ByteBuffer request) {
        long seq = new NetlinkMessageHeader().wrap(request, 0).sequence();
        ByteBuffer out = ByteBuffer.allocate(20);
        MessageWriter w = new MessageWriter().wrap(out, 0);
        int done = w.begin(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI);
        w.reserve(4);
        w.end(done);
        new NetlinkMessageHeader().wrap(out, 0).sequence(seq);
        queue.add(out.array());
    }
}
