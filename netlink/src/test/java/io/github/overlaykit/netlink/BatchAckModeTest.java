package io.github.overlaykit.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.netlink.constants.Netlink;
import io.github.overlaykit.netlink.message.NetlinkMessageHeader;
import io.github.overlaykit.route.NextHop;
import io.github.overlaykit.route.Route;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which batched requests ask for an ACK, and that a failure is attributed to its request by sequence
 * number in both modes, against the fake kernel (which, like the real one, answers a request without
 * {@code NLM_F_ACK} only when it fails).
 */
class BatchAckModeTest {
    private static final int REQUESTS = 10;
    private static final int FAILING = 6;

    private static Route route(int i) {
        return Route.builder(new Ipv4Prefix(0x0AF40000 | (i << 8), 24)).nextHop(NextHop.dev("d0")).scope(253).build();
    }

    /**
     * Runs {@value #REQUESTS} route adds, 4 per datagram, the one at index {@value #FAILING} refused with
     * EEXIST (sequence 1 went to d0's {@code RTM_GETLINK}, so request i has sequence i + 2).
     */
    private static List<byte[]> runBatch(FakeKernel kernel, RtnetlinkClient.Options options, BatchResult[] result) {
        kernel.answer = h -> h.sequence() == FAILING + 2 ? FakeKernel.error(h, -Errno.EEXIST) : FakeKernel.ack(h);
        try (RtnetlinkClient client = RtnetlinkClient.over(kernel, options.messagesPerDatagram(4))) {
            RtnetlinkClient.Batch batch = client.batch();
            for (int i = 0; i < REQUESTS; i++) {
                batch.addRoute(route(i));
            }
            int before = kernel.requests.size(); // the RTM_GETLINK of d0
            result[0] = batch.execute();
            return new ArrayList<>(kernel.requests.subList(before, kernel.requests.size()));
        }
    }

    private static boolean asksForAck(byte[] request) {
        return (new NetlinkMessageHeader().wrap(ByteBuffer.wrap(request), 0).flags() & Netlink.NLM_F_ACK) != 0;
    }

    @Test
    void shouldAskForAnAckOnlyOnTheLastRequestOfEachDatagramByDefault() {
        FakeKernel kernel = new FakeKernel(Map.of("d0", 3));
        BatchResult[] result = new BatchResult[1];
        List<byte[]> sent = runBatch(kernel, RtnetlinkClient.Options.defaults(), result);
        assertEquals(REQUESTS, sent.size());
        for (int i = 0; i < REQUESTS; i++) {
            boolean lastOfDatagram = i % 4 == 3 || i == REQUESTS - 1;
            assertEquals(lastOfDatagram, asksForAck(sent.get(i)), "request " + i);
        }
        assertEquals(REQUESTS, result[0].size());
        assertEquals(1, result[0].failureCount());
        assertEquals("EEXIST", result[0].failure(FAILING).errnoName());
        assertEquals("RTM_NEWROUTE add 10.244.6.0/24: EEXIST (File exists)", result[0].failure(FAILING).getMessage());
        for (int i = 0; i < REQUESTS; i++) {
            if (i != FAILING) {
                assertNull(result[0].failure(i), "request " + i);
            }
        }
        assertEquals(0, kernel.replies.size(), "every reply was read");
    }

    @Test
    void shouldAskForAnAckOnEveryRequestWhenConfigured() {
        FakeKernel kernel = new FakeKernel(Map.of("d0", 3));
        BatchResult[] result = new BatchResult[1];
        List<byte[]> sent = runBatch(kernel, RtnetlinkClient.Options.defaults().ackEachBatchedRequest(true), result);
        for (int i = 0; i < REQUESTS; i++) {
            assertEquals(true, asksForAck(sent.get(i)), "request " + i);
        }
        assertEquals(1, result[0].failureCount());
        assertEquals("EEXIST", result[0].failure(FAILING).errnoName());
        assertEquals(0, kernel.replies.size(), "every reply was read");
    }

    @Test
    void shouldReportAFailingLastRequestOfADatagram() {
        FakeKernel kernel = new FakeKernel(Map.of("d0", 3));
        kernel.answer = h -> h.sequence() == 5 ? FakeKernel.error(h, -Errno.ENODEV) : FakeKernel.ack(h);
        try (RtnetlinkClient client = RtnetlinkClient.over(kernel, RtnetlinkClient.Options.defaults().messagesPerDatagram(4))) {
            RtnetlinkClient.Batch batch = client.batch();
            for (int i = 0; i < REQUESTS; i++) {
                batch.addRoute(route(i));
            }
            kernel.requests.clear();
            BatchResult result = batch.execute();
            // the first datagram's last request (index 3, sequence 5) failed: its error
            // ends that datagram's wait just as an ACK would
            assertEquals(1, result.failureCount());
            assertEquals("ENODEV", result.failure(3).errnoName());
            assertEquals(REQUESTS, kernel.requests.size());
        }
    }
}
