package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Reading a capture allocates nothing per record once the record buffer has grown to the largest packet. */
class CaptureAllocationTest {
    private static final int RECORDS = 40_000;
    /**
     * The counter reads themselves (reflection, boxing) cost about a kilobyte; one allocation per record
     * would be at least 16 bytes x 20,000 = 320 KB.
     */
    private static final long MEASUREMENT_NOISE = 4096;
    private static final byte[][] FRAMES = {CaptureStreamsTest.FRAME_1, CaptureStreamsTest.FRAME_2,
        CaptureStreamsTest.FRAME_3};

    private static long allocatedBytes() throws ReflectiveOperationException {
        // Reflection, because the test classes are compiled into the codec module, which reads no management module.
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        Method counter = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes",
                long.class);
        return (Long) counter.invoke(threads, Thread.currentThread().getId());
    }

    /** Reads half the records to warm up, then counts the bytes allocated while reading the other half. */
    private static long allocatedWhileReading(byte[] file) throws IOException, ReflectiveOperationException {
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file), "memory")) {
            long sum = 0;
            for (int i = 0; i < RECORDS / 2; i++) {
                assertTrue(reader.next());
                sum += reader.record().data().get(reader.record().capturedLength() - 1);
            }
            long before = allocatedBytes();
            for (int i = 0; i < RECORDS / 2; i++) {
                reader.next();
                sum += reader.record().data().get(reader.record().capturedLength() - 1);
            }
            long after = allocatedBytes();
            assertTrue(sum != Long.MIN_VALUE);
            assertEquals(false, reader.next());
            return after - before;
        }
    }

    @Test
    void pcapReaderAllocatesNothingPerRecord() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(bytes, LinkType.ETHERNET, 65535, true, ByteOrder.BIG_ENDIAN)) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] frame = FRAMES[i % FRAMES.length];
                writer.write(i, i, frame.length, ByteBuffer.wrap(frame), 0, frame.length);
            }
        }
        long allocated = allocatedWhileReading(bytes.toByteArray());
        assertTrue(allocated < MEASUREMENT_NOISE, RECORDS / 2 + " pcap records allocated " + allocated + " bytes");
    }

    @Test
    void pcapngReaderAllocatesNothingPerRecord() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapngWriter writer = new PcapngWriter(bytes)) {
            int id = writer.addInterface(LinkType.ETHERNET, 65535);
            for (int i = 0; i < RECORDS; i++) {
                byte[] frame = FRAMES[i % FRAMES.length];
                writer.write(id, i, i, frame.length, ByteBuffer.wrap(frame), 0, frame.length);
            }
        }
        long allocated = allocatedWhileReading(bytes.toByteArray());
        assertTrue(allocated < MEASUREMENT_NOISE, RECORDS / 2 + " pcapng records allocated " + allocated + " bytes");
    }
}
