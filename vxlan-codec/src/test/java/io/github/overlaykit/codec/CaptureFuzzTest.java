package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Untrusted bytes through the capture readers and the printer: the readers end every input with a
 * clean end or a {@link CaptureFormatException}, the printer never throws and never reads past the
 * captured length (it is given exactly those bytes, so an out-of-bounds read would throw).
 */
class CaptureFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void readersOnlyThrowCaptureFormatException(byte[] file) {
        if (file == null) {
            return;
        }
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file), "fuzz")) {
            TcpdumpPrinter printer = new TcpdumpPrinter(true, 3);
            StringBuilder text = new StringBuilder();
            int records = 0;
            while (reader.next()) {
                CaptureRecord record = reader.record();
                assertTrue(record.capturedLength() <= CaptureReader.MAXIMUM_SNAPSHOT_LENGTH);
                assertTrue(record.fileOffset() >= 0 && record.fileOffset() < file.length);
                assertTrue(record.nanos() >= 0 && record.nanos() < 1_000_000_000);
                printer.append(++records, record, text);
                text.setLength(0);
            }
        } catch (CaptureFormatException expected) {
            assertTrue(expected.offset() >= 0 && expected.offset() <= file.length, expected.getMessage());
        } catch (IOException e) {
            throw new AssertionError("only CaptureFormatException may end a byte-array stream", e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void printerNeverThrowsOnAnyFrame(byte[] input) {
        if (input == null || input.length < 2) {
            return;
        }
        int[] linkTypes = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW, LinkType.IPV4};
        int linkType = linkTypes[(input[0] & 0xFF) % linkTypes.length];
        int options = input[1] & 0xFF;
        // The frame sits at an offset inside a read-only buffer whose limit is the captured length.
        ByteBuffer frame = ByteBuffer.allocate(input.length + 3);
        frame.put(3, input, 2, input.length - 2);
        frame.limit(3 + input.length - 2);
        int originalLength = (options & 0x80) != 0 ? input.length - 2 + (options & 0x7F) : input.length - 2;
        TcpdumpPrinter printer = new TcpdumpPrinter((options & 1) != 0, (options >>> 1) & 3);
        StringBuilder text = printer.appendFrame(linkType, frame.asReadOnlyBuffer(), 3, input.length - 2,
                originalLength, new StringBuilder());
        assertEquals(0, printer.internalErrors, text.toString());
    }
}
