package io.github.overlaykit.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.overlaykit.netlink.constants.Netlink;
import io.github.overlaykit.netlink.constants.Rtnetlink;
import io.github.overlaykit.netlink.message.LinkMessage;
import io.github.overlaykit.netlink.message.MessageWriter;
import io.github.overlaykit.netlink.message.NetlinkMessageHeader;
import io.github.overlaykit.route.Route;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The kernel's captured reply to a route dump (multipath, onlink, metrics with lock, table 1000,
 * local and broadcast routes), replayed through a fake transport: the client decodes it into routes
 * that print exactly what {@code ip -4 route show table all} printed for the same bytes. No root needed.
 */
class CapturedDumpTest {

    /** Replays captured datagrams for route dumps and serves a fixed link table, renumbering sequences. */
    private static final class ReplayKernel implements NetlinkTransport {
        private final List<byte[]> routeDump;
        private final Map<Integer, String> links;
        private final ArrayDeque<byte[]> replies = new ArrayDeque<>();

        ReplayKernel(List<byte[]> routeDump, Map<Integer, String> links) {
            this.routeDump = routeDump;
            this.links = links;
        }

        @Override
        public long portId() {
            return 1;
        }

        @Override
        public void send(ByteBuffer buffer, int length) {
            NetlinkMessageHeader request = new NetlinkMessageHeader().wrap(buffer, 0);
            long seq = request.sequence();
            if (request.type() == Rtnetlink.RTM_GETROUTE) {
                for (byte[] datagram : routeDump) {
                    byte[] copy = datagram.clone();
                    ByteBuffer b = ByteBuffer.wrap(copy);
                    NetlinkMessageHeader h = new NetlinkMessageHeader();
                    for (int at = 0; at < copy.length; at += (int) ((h.length() + 3) & ~3)) {
                        h.wrap(b, at).checkLength(copy.length - at).sequence(seq);
                    }
                    replies.add(copy);
                }
                return;
            }
            ByteBuffer out = ByteBuffer.allocate(4096);
            MessageWriter w = new MessageWriter().wrap(out, 0);
            for (Map.Entry<Integer, String> link : links.entrySet()) {
                int start = w.begin(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_MULTI);
                new LinkMessage().wrap(out, w.reserve(LinkMessage.LENGTH)).index(link.getKey());
                w.putString(Rtnetlink.IFLA_IFNAME, link.getValue());
                w.end(start);
                new NetlinkMessageHeader().wrap(out, start).sequence(seq);
            }
            int done = w.begin(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI);
            w.reserve(4);
            w.end(done);
            new NetlinkMessageHeader().wrap(out, done).sequence(seq);
            byte[] bytes = new byte[w.position()];
            out.get(0, bytes);
            replies.add(bytes);
        }

        @Override
        public int receive(ByteBuffer buffer, int timeoutMillis) {
            byte[] next = replies.poll();
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

    private static String resource(String name) throws IOException {
        try (InputStream in = CapturedDumpTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldDecodeTheKernelsRouteDumpIntoWhatIpPrints() throws IOException {
        List<byte[]> datagrams = new ArrayList<>();
        for (String line : resource("route-dump.hex").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                datagrams.add(HexFormat.of().parseHex(line.strip()));
            }
        }
        Map<Integer, String> links = new TreeMap<>(Map.of(1, "lo", 2, "d0p", 3, "d0", 4, "flannel.1"));
        try (RtnetlinkClient client = RtnetlinkClient.over(new ReplayKernel(datagrams, links),
                RtnetlinkClient.Options.defaults())) {
            StringBuilder printed = new StringBuilder();
            for (Route route : client.routes(RouteFilter.ALL)) {
                printed.append(route).append('\n');
            }
            assertEquals(resource("route-dump.out"), printed.toString());
            assertEquals(true, client.lastDumpFiltered(), "the captured dump carried NLM_F_DUMP_FILTERED");
        }
    }
}
