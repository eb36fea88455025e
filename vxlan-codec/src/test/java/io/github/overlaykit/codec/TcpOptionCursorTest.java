package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class TcpOptionCursorTest {

    private static TcpOptionCursor cursor(BufferKind kind, String hex) {
        byte[] bytes = Captures.hex(hex);
        return new TcpOptionCursor().wrap(kind.of(bytes), kind.base(), bytes.length);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldWalkEveryKnownKind(BufferKind kind) {
        // SYN options as Linux sends them, then a SACK with two blocks, an unknown kind 30 (MPTCP), EOL, padding.
        TcpOptionCursor options = cursor(kind, "020405b4 0402 080a 00bc614e 00000000 01 030307"
                + " 0512 00000064 000000c8 0000012c 00000190 1e04 abcd 00 0000");
        assertTrue(options.next());
        assertEquals(TcpOptionCursor.MSS, options.kind());
        assertEquals(4, options.length());
        assertEquals(kind.base(), options.offset());
        assertEquals(1460, options.maximumSegmentSize());
        assertTrue(options.next());
        assertEquals(TcpOptionCursor.SACK_PERMITTED, options.kind());
        assertEquals(0, options.dataLength());
        assertTrue(options.next());
        assertEquals(TcpOptionCursor.TIMESTAMPS, options.kind());
        assertEquals(12345678L, options.timestampValue());
        assertEquals(0L, options.timestampEchoReply());
        assertTrue(options.next());
        assertEquals(TcpOptionCursor.NOP, options.kind());
        assertEquals(1, options.length());
        assertTrue(options.next());
        assertEquals(TcpOptionCursor.WINDOW_SCALE, options.kind());
        assertEquals(7, options.windowScale());
        assertTrue(options.next());
        assertEquals(TcpOptionCursor.SACK, options.kind());
        assertTrue(options.lengthValid());
        assertEquals(2, options.sackBlockCount());
        assertEquals(100L, options.sackLeftEdge(0));
        assertEquals(200L, options.sackRightEdge(0));
        assertEquals(300L, options.sackLeftEdge(1));
        assertEquals(400L, options.sackRightEdge(1));
        assertTrue(options.next());
        assertEquals(30, options.kind());
        assertEquals(4, options.length());
        assertEquals(options.offset() + 2, options.dataOffset());
        assertEquals(2, options.dataLength());
        assertTrue(options.next());
        assertEquals(TcpOptionCursor.EOL, options.kind());
        assertFalse(options.next(), "what follows EOL is padding");
        assertFalse(options.malformed());
        assertEquals(-1, options.malformedOffset());
    }

    @Test
    void shouldReportIllegalLengthsInsteadOfLooping() {
        for (String hex : new String[] {"02", "0200", "0201 0000", "01 0809 00000000", "01 02"}) {
            TcpOptionCursor options = cursor(BufferKind.HEAP, hex);
            int steps = 0;
            while (options.next()) {
                steps++;
                assertTrue(steps < 10, "no endless loop on " + hex);
            }
            assertTrue(options.malformed(), hex);
            assertFalse(options.next(), "stays stopped");
        }
        TcpOptionCursor zero = cursor(BufferKind.HEAP, "01 01 0500");
        assertTrue(zero.next());
        assertTrue(zero.next());
        assertFalse(zero.next());
        assertEquals(2, zero.malformedOffset());
    }

    @Test
    void shouldFlagKnownKindsWithWrongFixedLengths() {
        TcpOptionCursor options = cursor(BufferKind.HEAP, "0203 00 0304 0000 0403 00 080b 0000000000000000 00 050a 0000000100000002 0506 00000000");
        int[] expectedKinds = {TcpOptionCursor.MSS, TcpOptionCursor.WINDOW_SCALE, TcpOptionCursor.SACK_PERMITTED,
            TcpOptionCursor.TIMESTAMPS, TcpOptionCursor.SACK, TcpOptionCursor.SACK};
        boolean[] valid = {false, false, false, false, true, false};
        for (int i = 0; i < expectedKinds.length; i++) {
            assertTrue(options.next(), "option " + i);
            assertEquals(expectedKinds[i], options.kind());
            assertEquals(valid[i], options.lengthValid(), "option " + i);
        }
        assertFalse(options.next());
        assertFalse(options.malformed());
    }

    @Test
    void shouldHandleAnEmptyArea() {
        TcpOptionCursor options = new TcpOptionCursor().wrap(ByteBuffer.allocate(0), 0, 0);
        assertFalse(options.next());
        assertFalse(options.malformed());
    }
}
