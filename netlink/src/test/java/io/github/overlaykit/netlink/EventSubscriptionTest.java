package io.github.overlaykit.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.testing.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Notifications arrive typed and printed as ip monitor prints them; ENOBUFS becomes overrun + resync. */
class EventSubscriptionTest {

    private static NetworkNamespace namespace(String tag) {
        NetworkNamespace ns = NetworkNamespace.create(tag);
        ns.exec("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
        ns.exec("ip", "link", "set", "d0", "up");
        ns.exec("ip", "link", "set", "d0p", "up");
        ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "d0");
        return ns;
    }

    private static NetlinkEvent next(BlockingQueue<NetlinkEvent> queue, Class<?> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            NetlinkEvent e = queue.poll(200, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return e;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
    }

    @Test
    void shouldDeliverRouteNeighbourAndFdbChangesAsIpPrintsThem() throws Exception {
        NetworkNamespace.requirePrivileges("bridge");
        try (NetworkNamespace ns = namespace("nlev")) {
            ns.exec("ip", "link", "add", "flannel.1", "type", "vxlan", "id", "1", "local", "192.0.2.1", "dev", "d0",
                    "nolearning", "dstport", "8472");
            ns.exec("ip", "link", "set", "flannel.1", "up");
            BlockingQueue<NetlinkEvent> events = new LinkedBlockingQueue<>();
            try (EventSubscription sub = EventSubscription.start(NetNamespace.named(ns.name()),
                    EnumSet.of(EventSubscription.Group.ROUTE, EventSubscription.Group.NEIGHBOR), events::add)) {
                ns.exec("ip", "route", "add", "10.244.1.0/24", "via", "10.244.1.0", "dev", "flannel.1", "onlink");
                assertEquals(ns.exec("ip", "route", "show", "10.244.1.0/24").strip(),
                        next(events, NetlinkEvent.RouteChange.class).toString().strip());
                ns.exec("ip", "neigh", "replace", "10.244.1.0", "dev", "flannel.1", "lladdr", "0e:2a:00:00:00:02", "nud",
                        "permanent");
                assertEquals(ns.exec("ip", "neigh", "show", "10.244.1.0").strip(),
                        next(events, NetlinkEvent.NeighborChange.class).toString().strip());
                ns.exec("bridge", "fdb", "add", "0e:2a:00:00:00:02", "dev", "flannel.1", "dst", "192.0.2.2", "self", "permanent");
                assertEquals(ns.exec("bridge", "fdb", "show", "dev", "flannel.1").lines()
                        .filter(l -> l.startsWith("0e:2a")).findFirst().orElseThrow().replace("0e:2a:00:00:00:02 ",
                                "0e:2a:00:00:00:02 dev flannel.1 ").strip(),
                        next(events, NetlinkEvent.FdbChange.class).toString().strip());
                ns.exec("ip", "route", "del", "10.244.1.0/24");
                NetlinkEvent deleted = next(events, NetlinkEvent.RouteChange.class);
                assertEquals("Deleted 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink", deleted.toString().strip());
                assertNull(sub.failure());
            }
        }
    }

    @Test
    void shouldTurnEnobufsIntoAnOverrunFollowedByAFullResync() throws Exception {
        NetworkNamespace.requirePrivileges();
        try (NetworkNamespace ns = namespace("nlovr")) {
            Path script = Files.createTempFile("nl-flood", ".batch");
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                batch.append("route add 10.").append(100 + (i >> 8)).append('.').append(i & 255).append(".0/24 dev d0\n");
            }
            Files.writeString(script, batch);
            BlockingQueue<NetlinkEvent> events = new LinkedBlockingQueue<>();
            CountDownLatch flooded = new CountDownLatch(1);
            try (EventSubscription sub = EventSubscription.start(NetNamespace.named(ns.name()),
                    EnumSet.of(EventSubscription.Group.ROUTE), 4096, false, e -> {
                        try {
                            flooded.await(30, TimeUnit.SECONDS); // a slow consumer: the kernel queue overflows
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                        events.add(e);
                    })) {
                ns.exec("ip", "-batch", script.toString());
                flooded.countDown();
                NetlinkEvent.Overrun overrun = (NetlinkEvent.Overrun) next(events, NetlinkEvent.Overrun.class);
                assertTrue(overrun.receiveBufferBytes() > 0);
                NetlinkEvent.Resync resync = (NetlinkEvent.Resync) next(events, NetlinkEvent.Resync.class);
                long expected = ns.exec("ip", "-4", "route", "show", "table", "all").lines().count();
                assertEquals(expected, resync.routes().size(), "the resync holds every route, none lost");
                assertTrue(sub.overruns() >= 1);
                assertTrue(sub.isRunning());
            } finally {
                Files.deleteIfExists(script);
            }
        }
    }

    @Test
    void shouldDeliverOnTheCallersThreadWhenPolled() {
        NetworkNamespace.requirePrivileges();
        try (NetworkNamespace ns = namespace("nlpoll")) {
            java.util.List<NetlinkEvent> events = new java.util.ArrayList<>();
            Thread caller = Thread.currentThread();
            try (EventSubscription sub = EventSubscription.open(NetNamespace.named(ns.name()),
                    EnumSet.of(EventSubscription.Group.ROUTE), 1 << 20, true, e -> {
                        assertEquals(caller, Thread.currentThread());
                        events.add(e);
                    })) {
                NetlinkEvent.Resync existing = (NetlinkEvent.Resync) events.get(0);
                assertEquals(ns.exec("ip", "-4", "route", "show", "table", "all").lines().count(), existing.routes().size());
                assertEquals(0, sub.poll(0), "nothing happened yet");
                ns.exec("ip", "route", "add", "203.0.113.0/24", "via", "192.0.2.254");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (events.size() < 2 && System.nanoTime() < deadline) {
                    sub.poll(100);
                }
                assertEquals("203.0.113.0/24 via 192.0.2.254 dev d0 ", events.get(1).toString());
            }
        }
    }

    @Test
    void shouldStopItsThreadAndCloseItsSocketsOnClose() {
        NetworkNamespace.requirePrivileges();
        try (NetworkNamespace ns = namespace("nlcls")) {
            int before = new java.io.File("/proc/self/fd").list().length;
            EventSubscription sub = EventSubscription.start(NetNamespace.named(ns.name()),
                    EnumSet.allOf(EventSubscription.Group.class), e -> { });
            assertTrue(sub.isRunning());
            assertEquals(before + 2, new java.io.File("/proc/self/fd").list().length, "an event and a request socket");
            sub.close();
            assertFalse(sub.isRunning());
            assertEquals(before, new java.io.File("/proc/self/fd").list().length, "both sockets closed");
        }
    }
}
