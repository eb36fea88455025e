package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Ipv4OptionCursorTest {

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldWalkRouterAlertRecordRouteAndPadding(BufferKind kind) {
        // IHL 11: router alert, NOP, record route with room for 3 addresses (one recorded), EOL, padding.
        byte[] header = Captures.hex("4b00 002c 0000 0000 0102 0000 c0000201 e0000016"
                + " 94040000 01 070f08 c6336401 00000000 00000000 00 000000");
        ByteBuffer buffer = kind.of(header);
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer, kind.base()).checkLength(header.length);
        Ipv4OptionCursor options = new Ipv4OptionCursor().wrap(ip);
        assertTrue(options.next());
        assertEquals(Ipv4OptionCursor.ROUTER_ALERT, options.type());
        assertTrue(options.copied());
        assertEquals(4, options.length());
        assertEquals(kind.base() + 20, options.offset());
        assertEquals(2, options.dataLength());
        assertTrue(options.next());
        assertEquals(Ipv4OptionCursor.NOP, options.type());
        assertTrue(options.next());
        assertEquals(Ipv4OptionCursor.RECORD_ROUTE, options.type());
        assertFalse(options.copied());
        assertEquals(15, options.length());
        assertEquals(8, Bytes.u8(buffer, options.dataOffset()), "pointer");
        assertEquals("198.51.100.1", Ipv4Address.toString(Bytes.s32(buffer, options.dataOffset() + 1)));
        assertTrue(options.next());
        assertEquals(Ipv4OptionCursor.EOL, options.type());
        assertFalse(options.next());
        assertFalse(options.malformed());
    }

    @Test
    void shouldStopAtIllegalLengths() {
        for (String hex : new String[] {"94", "9400", "9401 00", "0109 00000000", "01 07"}) {
            byte[] options = Captures.hex(hex);
            Ipv4OptionCursor cursor = new Ipv4OptionCursor().wrap(ByteBuffer.wrap(options), 0, options.length);
            int steps = 0;
            while (cursor.next()) {
                steps++;
                assertTrue(steps < 10, hex);
            }
            assertTrue(cursor.malformed(), hex);
        }
        Ipv4OptionCursor none = new Ipv4OptionCursor().wrap(ByteBuffer.allocate(20), 20, 0);
        assertFalse(none.next());
        assertFalse(none.malformed());
    }
}
