package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * The hot paths allocate nothing, measured with the JVM's per-thread allocation counter (the same figure
 * JMH's {@code -prof gc} reports as {@code gc.alloc.rate.norm}).
 */
class ZeroAllocationTest {
    private static final byte[] VXLAN_TCP = Captures.frame("gso-ipv4-vxlan-ipv4.pcap", 0);
    private static final int ROUNDS = 50_000;

    /**
     * An operation that allocates costs at least 16 bytes every time it runs, so fewer than one byte per
     * round proves that none does; the slack is for one-off allocations of the JIT or the coverage agent
     * on a loaded CI machine, which are not the code under test.
     */
    private static final long ALLOWANCE = ROUNDS;

    /** Bytes allocated by this thread while running {@code work} {@link #ROUNDS} times after a warm-up. */
    private static long allocatedBytes(IntSupplier work) throws ReflectiveOperationException {
        // Reflection, because the test classes are compiled into the codec module, which reads no management module.
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        Method counter = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes",
                long.class);
        long thread = Thread.currentThread().getId();
        int sink = 0;
        for (int i = 0; i < ROUNDS; i++) {
            sink += work.getAsInt();
        }
        long before = (Long) counter.invoke(threads, thread);
        for (int i = 0; i < ROUNDS; i++) {
            sink += work.getAsInt();
        }
        long after = (Long) counter.invoke(threads, thread);
        assertTrue(sink != Integer.MIN_VALUE + 1);
        return after - before;
    }

    @Test
    void shouldEncapsulateAndDecapsulateWithoutAllocating() throws ReflectiveOperationException {
        byte[] inner = Arrays.copyOfRange(VXLAN_TCP, 50, 50 + 200);
        ByteBuffer buffer = ByteBuffer.allocateDirect(VxlanEncapsulator.HEADROOM + inner.length)
                .put(VxlanEncapsulator.HEADROOM, inner);
        VxlanEncapsulator encapsulator = new VxlanEncapsulator().vni(1).sourceAddress(0xC0000201)
                .destinationAddress(0xC0000202);
        VxlanDecapsulator decapsulator = new VxlanDecapsulator();
        int length = VxlanEncapsulator.HEADROOM + inner.length;
        long bytes = allocatedBytes(() -> {
            int outer = encapsulator.encapsulate(buffer, VxlanEncapsulator.HEADROOM, inner.length);
            return decapsulator.decapsulate(buffer, outer, length) + decapsulator.innerLength();
        });
        assertEquals(PacketParser.OK, decapsulator.decapsulate(buffer, 0, length));
        assertTrue(bytes < ALLOWANCE, "encapsulate+decapsulate x" + ROUNDS + " allocated " + bytes + " bytes");
    }

    @Test
    void shouldChecksumAndRewriteWithoutAllocating() throws ReflectiveOperationException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(VXLAN_TCP.length).put(0, VXLAN_TCP);
        ByteBuffer heap = ByteBuffer.wrap(VXLAN_TCP.clone());
        int innerIp = 64;
        long bytes = allocatedBytes(() -> {
            NatRewriter.dnat(buffer, innerIp, 0x0AF40108, 9000);
            NatRewriter.snat(buffer, innerIp, 0xC0000201, 40000);
            return InternetChecksum.fold(InternetChecksum.sum(buffer, 0, 1500) + InternetChecksum.sum(heap, 0, 1500));
        });
        assertTrue(bytes < ALLOWANCE, "checksums and NAT x" + ROUNDS + " allocated " + bytes + " bytes");
    }

    @Test
    void shouldParseAndWalkOptionsWithoutAllocatingEvenOnRejects() throws ReflectiveOperationException {
        ByteBuffer good = ByteBuffer.allocateDirect(VXLAN_TCP.length).put(0, VXLAN_TCP);
        byte[] corrupt = VXLAN_TCP.clone();
        corrupt[84 + 12] = 0x30; // inner TCP data offset 3: rejected
        ByteBuffer bad = ByteBuffer.wrap(corrupt);
        PacketParser parser = new PacketParser();
        long bytes = allocatedBytes(() -> {
            int status = parser.parse(good, 0, VXLAN_TCP.length);
            TcpOptionCursor options = parser.innerTcpOptions();
            while (options.next()) {
                status += options.kind();
            }
            return status + parser.parse(bad, 0, corrupt.length) + parser.rejectOffset();
        });
        assertEquals(PacketParser.BAD_HEADER_LENGTH, parser.parse(bad, 0, corrupt.length));
        assertTrue(bytes < ALLOWANCE, "parse accept+reject x" + ROUNDS + " allocated " + bytes + " bytes");
    }
}
