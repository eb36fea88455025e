package io.github.overlaykit.netlink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.netlink.constants.Netlink;
import io.github.overlaykit.netlink.constants.Rtnetlink;
import io.github.overlaykit.netlink.message.MessageWriter;
import io.github.overlaykit.netlink.message.NetlinkMessageHeader;
import io.github.overlaykit.netlink.message.RouteMessage;
import io.github.overlaykit.testing.NetworkNamespace;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The transport's request/receive path (writer, sendto, poll, recvfrom through jnr-ffi, header
 * flyweights) allocates nothing per message once warm, measured with the JVM's per-thread allocation
 * counter around 10,000 real dumps.
 */
class ZeroAllocationTest {

    private static long allocated(Method allocatedBytes, Object threads) {
        try {
            return (Long) allocatedBytes.invoke(threads, Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldSendAndReceiveWithoutAllocating() {
        NetworkNamespace.requirePrivileges();
        // reflection: the tests compile inside the netlink module, which does not read java.management
        Object threads;
        Method allocatedBytes;
        try {
            threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            allocatedBytes = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("this JVM has no per-thread allocation counter", e);
        }
        try (NetworkNamespace ns = NetworkNamespace.create("nlalloc")) {
            ns.exec("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
            ns.exec("ip", "link", "set", "d0", "up");
            ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "d0");
            NetNamespace.named(ns.name()).run(() -> {
                try (NetlinkSocket socket = NetlinkSocket.open(0)) {
                    ByteBuffer request = ByteBuffer.allocateDirect(64);
                    ByteBuffer receive = ByteBuffer.allocateDirect(64 * 1024);
                    MessageWriter writer = new MessageWriter();
                    NetlinkMessageHeader header = new NetlinkMessageHeader();
                    RouteMessage rtmsg = new RouteMessage();
                    long[] messages = new long[1];
                    Runnable dumps = () -> {
                        for (int i = 0; i < 10_000; i++) {
                            writer.wrap(request, 0);
                            int start = writer.begin(Rtnetlink.RTM_GETROUTE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
                            rtmsg.wrap(request, writer.reserve(RouteMessage.LENGTH)).family(Netlink.AF_INET);
                            writer.end(start);
                            header.wrap(request, 0).sequence(i + 1);
                            socket.send(request, writer.position());
                            boolean done = false;
                            while (!done) {
                                int length = socket.receive(receive, 5_000);
                                for (int at = 0; at < length; at += (int) ((header.length() + 3) & ~3)) {
                                    header.wrap(receive, at).checkLength(length - at);
                                    messages[0]++;
                                    done |= header.type() == Netlink.NLMSG_DONE;
                                }
                            }
                        }
                    };
                    dumps.run(); // warm-up: class loading and JIT
                    messages[0] = 0;
                    long before = allocated(allocatedBytes, threads);
                    dumps.run();
                    long allocated = allocated(allocatedBytes, threads) - before;
                    assertTrue(messages[0] >= 40_000, "route dumps returned " + messages[0] + " messages");
                    assertTrue(allocated < messages[0], allocated + " bytes allocated for " + messages[0] + " messages");
                }
            });
        }
    }
}
