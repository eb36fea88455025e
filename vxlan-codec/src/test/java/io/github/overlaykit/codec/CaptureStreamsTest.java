package io.github.overlaykit.codec;

import static io.github.overlaykit.codec.TestFrames.IP_A;
import static io.github.overlaykit.codec.TestFrames.IP_B;
import static io.github.overlaykit.codec.TestFrames.MAC_A;
import static io.github.overlaykit.codec.TestFrames.MAC_B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureStreamsTest {

    static final byte[] FRAME_1 = TestFrames.ethernet(MAC_B, MAC_A, 0x0800,
            TestFrames.ipv4(IP_A, IP_B, 1, TestFrames.icmpEcho(true, 7, 1, TestFrames.payload(56))));
    static final byte[] FRAME_2 = TestFrames.ethernet(MAC_A, MAC_B, 0x0806,
            TestFrames.arp(2, MAC_B, IP_B, MAC_A, IP_A));
    static final byte[] FRAME_3 = TestFrames.ethernet(MAC_B, MAC_A, 0x0800, TestFrames.ipv4(IP_A, IP_B, 17,
            TestFrames.udp(IP_A, IP_B, 40000, 9000, TestFrames.payload(300), true)));

    static byte[] pcap(boolean nanosecond, ByteOrder order, int linkType, int snaplen, byte[]... frames)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(bytes, linkType, snaplen, nanosecond, order)) {
            long seconds = 1_700_000_000L;
            for (int i = 0; i < frames.length; i++) {
                writer.write(seconds + i, 123_456_789 + i, frames[i].length, ByteBuffer.wrap(frames[i]), 0,
                        frames[i].length);
            }
        }
        return bytes.toByteArray();
    }

    static List<byte[]> readAll(byte[] file) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file), "test")) {
            while (reader.next()) {
                CaptureRecord r = reader.record();
                byte[] data = new byte[r.capturedLength()];
                r.data().get(0, data);
                frames.add(data);
            }
        }
        return frames;
    }

    @ParameterizedTest(name = "nanosecond={0} order={1}")
    @CsvSource({"false, LITTLE_ENDIAN", "false, BIG_ENDIAN", "true, LITTLE_ENDIAN", "true, BIG_ENDIAN"})
    void writerAndReaderRoundTripInBothByteOrdersAndResolutions(boolean nanosecond, String orderName)
            throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] file = pcap(nanosecond, order, LinkType.ETHERNET, 65535, FRAME_1, FRAME_2, FRAME_3);
        int magic = ByteBuffer.wrap(file).order(order).getInt(0);
        assertEquals(nanosecond ? PcapReader.MAGIC_NANOSECONDS : PcapReader.MAGIC_MICROSECONDS, magic);
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file), "test")) {
            PcapReader pcap = assertInstanceOf(PcapReader.class, reader);
            assertEquals(order, pcap.byteOrder());
            assertEquals(nanosecond, pcap.nanosecondTimestamps());
            assertEquals(LinkType.ETHERNET, reader.linkType());
            assertEquals(65535, reader.snapshotLength());
            CaptureRecord first = null;
            byte[][] expected = {FRAME_1, FRAME_2, FRAME_3};
            for (int i = 0; i < 3; i++) {
                assertTrue(reader.next());
                CaptureRecord r = reader.record();
                if (first == null) {
                    first = r;
                }
                assertSame(first, r, "the record object is reused");
                assertEquals(1_700_000_000L + i, r.seconds());
                assertEquals(nanosecond ? 123_456_789 + i : 123_456_000, r.nanos());
                assertEquals(expected[i].length, r.capturedLength());
                assertEquals(expected[i].length, r.originalLength());
                assertEquals(LinkType.ETHERNET, r.linkType());
                byte[] data = new byte[r.capturedLength()];
                r.data().get(0, data);
                assertArrayEquals(expected[i], data);
            }
            assertFalse(reader.next());
            assertFalse(reader.next(), "the end stays the end");
        }
    }

    @Test
    void keepsRecordsCutAtTheSnapshotLength() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(bytes, LinkType.ETHERNET, 100, false, ByteOrder.LITTLE_ENDIAN)) {
            writer.write(1, 0, FRAME_3.length, ByteBuffer.wrap(FRAME_3), 0, 100);
            assertThrows(IllegalArgumentException.class,
                    () -> writer.write(1, 0, FRAME_3.length, ByteBuffer.wrap(FRAME_3), 0, 101));
        }
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(bytes.toByteArray()), "cut")) {
            assertTrue(reader.next());
            assertEquals(100, reader.record().capturedLength());
            assertEquals(FRAME_3.length, reader.record().originalLength());
            assertEquals(ByteBuffer.wrap(FRAME_3, 0, 100), reader.record().data());
        }
    }

    @Test
    void writesFromDirectAndOffsetBuffers() throws IOException {
        ByteBuffer direct = ByteBuffer.allocateDirect(FRAME_1.length + 7);
        direct.put(7, FRAME_1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(bytes, LinkType.ETHERNET)) {
            writer.write(5, 999_999_999, FRAME_1.length, direct, 7, FRAME_1.length);
            writer.write(5, 0, FRAME_1.length, ByteBuffer.wrap(FRAME_1).asReadOnlyBuffer(), 0, FRAME_1.length);
        }
        List<byte[]> frames = readAll(bytes.toByteArray());
        assertArrayEquals(FRAME_1, frames.get(0));
        assertArrayEquals(FRAME_1, frames.get(1));
    }

    @Test
    void truncatedRecordDataEndsWithAnErrorNamingItsOffsetAfterTheWholeRecords() throws IOException {
        byte[] file = pcap(false, ByteOrder.LITTLE_ENDIAN, LinkType.ETHERNET, 65535, FRAME_1, FRAME_2, FRAME_3);
        long thirdRecord = 24 + 16 + FRAME_1.length + 16 + FRAME_2.length;
        byte[] cut = Arrays.copyOf(file, (int) thirdRecord + 16 + 40);
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(cut), "cut.pcap")) {
            assertTrue(reader.next());
            assertTrue(reader.next());
            byte[] second = new byte[reader.record().capturedLength()];
            reader.record().data().get(0, second);
            assertArrayEquals(FRAME_2, second);
            CaptureFormatException e = assertThrows(CaptureFormatException.class, reader::next);
            assertEquals(thirdRecord, e.offset());
            assertEquals("cut.pcap", e.source());
            assertEquals("cut.pcap: offset " + thirdRecord + ": truncated pcap record data: tried to read "
                    + FRAME_3.length + " bytes, only got 40", e.getMessage());
        }
    }

    @Test
    void truncatedRecordHeaderEndsWithAnError() throws IOException {
        byte[] file = pcap(false, ByteOrder.BIG_ENDIAN, LinkType.ETHERNET, 65535, FRAME_1, FRAME_2);
        byte[] cut = Arrays.copyOf(file, file.length - FRAME_2.length - 10);
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(cut), "cut.pcap")) {
            assertTrue(reader.next());
            CaptureFormatException e = assertThrows(CaptureFormatException.class, reader::next);
            assertEquals(24 + 16 + FRAME_1.length, e.offset());
            assertTrue(e.getMessage().contains("truncated pcap record header: tried to read 16 bytes, only got 6"),
                    e.getMessage());
        }
    }

    @Test
    void rejectsFilesThatAreNotCaptures() {
        CaptureFormatException empty = assertThrows(CaptureFormatException.class,
                () -> CaptureReader.open(new ByteArrayInputStream(new byte[2]), "empty"));
        assertEquals(0, empty.offset());
        CaptureFormatException text = assertThrows(CaptureFormatException.class,
                () -> CaptureReader.open(new ByteArrayInputStream("hello, world!".getBytes()), "hello.txt"));
        assertEquals("hello.txt: offset 0: not a pcap or pcapng file: unknown magic 0x68656c6c", text.getMessage());
        byte[] header = Arrays.copyOf(new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1}, 10);
        assertThrows(CaptureFormatException.class, () -> CaptureReader.open(new ByteArrayInputStream(header), "short"));
    }

    @Test
    void rejectsImpossibleCapturedLengths() throws IOException {
        byte[] file = pcap(false, ByteOrder.LITTLE_ENDIAN, LinkType.ETHERNET, 65535, FRAME_1);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 0x7FFF_0000);
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file), "huge")) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, reader::next);
            assertEquals(24, e.offset());
            assertTrue(e.getMessage().contains("bigger than the maximum of 262144"), e.getMessage());
        }
    }

    @Test
    void readsPcapngWithTwoInterfacesSectionsOfBothByteOrdersAndSkipsUnknownBlocks() throws IOException {
        byte[] sllFrame = TestFrames.sll(4, MAC_A, 0x0800, TestFrames.ipv4(IP_A, IP_B, 1,
                TestFrames.icmpEcho(true, 1, 2, TestFrames.payload(8))));
        byte[] file = new TestFrames.Pcapng()
                .section(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(LinkType.ETHERNET, 0, 9)            // nanoseconds
                .block(0x0BAD_F00D, new byte[] {1, 2, 3, 4, 5, 6, 7, 8})  // unknown block
                .interfaceBlock(LinkType.LINUX_SLL, 0, null)       // microseconds (default)
                .block(5, new byte[20])                            // interface statistics, skipped
                .enhancedPacket(0, 1_700_000_000_123_456_789L, FRAME_1, FRAME_1.length)
                .enhancedPacket(1, 1_700_000_001_000_042L, sllFrame, sllFrame.length + 100)
                .simplePacket(FRAME_2)
                .section(ByteOrder.BIG_ENDIAN)
                .interfaceBlock(LinkType.IPV4, 64, 0x80 | 10)      // 2^-10 s, snapshot length 64
                .enhancedPacket(0, (5L << 10) | 512, Arrays.copyOfRange(FRAME_3, 14, FRAME_3.length),
                        FRAME_3.length - 14)
                .bytes();
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file), "two.pcapng")) {
            PcapngReader pcapng = assertInstanceOf(PcapngReader.class, reader);
            assertEquals(LinkType.ETHERNET, reader.linkType(), "known from the first interface block");

            assertTrue(reader.next());
            CaptureRecord r = reader.record();
            assertEquals(0, r.interfaceId());
            assertEquals(LinkType.ETHERNET, r.linkType());
            assertEquals(1_700_000_000L, r.seconds());
            assertEquals(123_456_789, r.nanos());
            assertEquals(ByteBuffer.wrap(FRAME_1), r.data());
            assertEquals(2, pcapng.interfaceCount());
            assertEquals(LinkType.LINUX_SLL, pcapng.linkType(1));

            assertTrue(reader.next());
            assertEquals(1, r.interfaceId());
            assertEquals(LinkType.LINUX_SLL, r.linkType());
            assertEquals(1_700_000_001L, r.seconds());
            assertEquals(42_000, r.nanos());
            assertEquals(sllFrame.length + 100, r.originalLength());
            assertEquals(ByteBuffer.wrap(sllFrame), r.data());

            assertTrue(reader.next());
            assertEquals(0, r.interfaceId(), "a simple packet block belongs to interface 0");
            assertEquals(ByteBuffer.wrap(FRAME_2), r.data());

            assertTrue(reader.next());
            assertEquals(2, pcapng.sectionCount());
            assertEquals(LinkType.IPV4, r.linkType());
            assertEquals(5, r.seconds());
            assertEquals(500_000_000, r.nanos());
            assertEquals(64, r.capturedLength(), "cut to the interface's snapshot length");
            assertEquals(FRAME_3.length - 14, r.originalLength());
            assertEquals(ByteBuffer.wrap(FRAME_3, 14, 64), r.data());
            assertFalse(reader.next());
        }
    }

    @Test
    void pcapngErrorsNameTheBlockOffset() throws IOException {
        TestFrames.Pcapng ng = new TestFrames.Pcapng().section(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(LinkType.ETHERNET, 0, null)
                .enhancedPacket(0, 1, FRAME_1, FRAME_1.length);
        int packetBlock = ng.bytes().length;
        byte[] whole = ng.enhancedPacket(0, 2, FRAME_2, FRAME_2.length).bytes();
        byte[] cut = Arrays.copyOf(whole, packetBlock + 30);
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(cut), "cut.pcapng")) {
            assertTrue(reader.next());
            CaptureFormatException e = assertThrows(CaptureFormatException.class, reader::next);
            assertEquals(packetBlock, e.offset());
        }
        byte[] undefined = new TestFrames.Pcapng().section(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(LinkType.ETHERNET, 0, null)
                .enhancedPacket(3, 1, FRAME_1, FRAME_1.length).bytes();
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(undefined), "undefined.pcapng")) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, reader::next);
            assertTrue(e.getMessage().contains("names interface 3 but the section describes 1"), e.getMessage());
        }
        byte[] badLength = whole.clone();
        ByteBuffer.wrap(badLength).order(ByteOrder.LITTLE_ENDIAN).putInt(packetBlock + 4, 13);
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(badLength), "bad.pcapng")) {
            assertTrue(reader.next());
            CaptureFormatException e = assertThrows(CaptureFormatException.class, reader::next);
            assertEquals("bad.pcapng: offset " + packetBlock + ": pcapng block: bad block length 13", e.getMessage());
        }
    }

    @Test
    void readsTheSharedTcpdumpCapturesFromFiles() throws IOException {
        Path file = SharedData.path("data/pcap/tcpdump/icmp-cksum-oobr-1.pcap");
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertEquals(LinkType.LINUX_SLL, reader.linkType());
            assertEquals(3000, reader.snapshotLength());
            assertTrue(reader.next());
            assertEquals(204, reader.record().capturedLength());
            assertEquals(24, reader.record().fileOffset());
            assertFalse(reader.next());
        }
        Path missing = Files.createTempDirectory("ok-capture").resolve("missing.pcap");
        assertThrows(IOException.class, () -> CaptureReader.open(missing));
    }

    @Test
    void pcapngWriterRoundTripsSeveralLinkTypesWithNanoseconds() throws IOException {
        byte[] raw = Arrays.copyOfRange(FRAME_3, 14, FRAME_3.length);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapngWriter writer = new PcapngWriter(bytes)) {
            writer.write(new CaptureRecord().set(LinkType.ETHERNET, 1_700_000_000L, 999_999_999,
                    ByteBuffer.wrap(FRAME_1), FRAME_1.length));
            writer.write(new CaptureRecord().set(LinkType.IPV4, 1_700_000_001L, 1, ByteBuffer.wrap(raw), raw.length));
            int cut = writer.addInterface(LinkType.ETHERNET, 60);
            writer.write(cut, 7, 5, FRAME_2.length + 3, ByteBuffer.wrap(FRAME_2), 0, FRAME_2.length);
            assertThrows(IllegalArgumentException.class,
                    () -> writer.write(cut, 7, 5, FRAME_3.length, ByteBuffer.wrap(FRAME_3), 0, FRAME_3.length));
            assertThrows(IllegalArgumentException.class,
                    () -> writer.write(9, 7, 5, FRAME_2.length, ByteBuffer.wrap(FRAME_2), 0, FRAME_2.length));
        }
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(bytes.toByteArray()), "w.pcapng")) {
            assertInstanceOf(PcapngReader.class, reader);
            assertTrue(reader.next());
            CaptureRecord r = reader.record();
            assertEquals(LinkType.ETHERNET, r.linkType());
            assertEquals(1_700_000_000L, r.seconds());
            assertEquals(999_999_999, r.nanos());
            assertEquals(ByteBuffer.wrap(FRAME_1), r.data());
            assertTrue(reader.next());
            assertEquals(LinkType.IPV4, r.linkType());
            assertEquals(1, r.interfaceId());
            assertEquals(1, r.nanos());
            assertEquals(ByteBuffer.wrap(raw), r.data());
            assertTrue(reader.next());
            assertEquals(2, r.interfaceId());
            assertEquals(FRAME_2.length + 3, r.originalLength());
            assertEquals(ByteBuffer.wrap(FRAME_2), r.data());
            assertFalse(reader.next());
        }
    }
}
