package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TcpOptionValues against golden values and, for random areas, against a walk with TcpOptionCursor under
 * the documented rules: the later valid occurrence of a kind wins, a wrong fixed length is skipped, EOL and
 * a malformed length stop the walk and the values found before are kept.
 */
class TcpOptionValuesTest {
    private static final int ABSENT = TcpOptionValues.ABSENT;
    /** The article's SYN: MSS 1460, SACK permitted, TS val 2079738924 ecr 0, NOP, wscale 7. */
    private static final String ARTICLE_SYN = "020405b4 0402 080a 7bf64c2c 00000000 01 030307";

    /** What a TcpOptionCursor walk finds, under the rules TcpOptionValues documents. */
    record Expected(int mss, int windowScale, boolean sackPermitted, long timestampValue, long timestampEchoReply,
            int sackOffset, int sackBlockCount, boolean malformed, int malformedOffset) {
    }

    /** Walks an options area with TcpOptionCursor: each valid option overwrites what an earlier one set. */
    static Expected cursorWalk(ByteBuffer buffer, int offset, int length) {
        TcpOptionCursor cursor = new TcpOptionCursor().wrap(buffer, offset, length);
        int mss = ABSENT;
        int scale = ABSENT;
        boolean sackOk = false;
        long tsValue = ABSENT;
        long tsEcho = ABSENT;
        int sackOffset = ABSENT;
        int sackBlocks = 0;
        while (cursor.next()) {
            if (!cursor.lengthValid()) {
                continue; // a known kind with the wrong length: skipped, as Linux skips it
            }
            switch (cursor.kind()) {
                case TcpOptionCursor.MSS -> mss = cursor.maximumSegmentSize();
                case TcpOptionCursor.WINDOW_SCALE -> scale = cursor.windowScale();
                case TcpOptionCursor.SACK_PERMITTED -> sackOk = true;
                case TcpOptionCursor.TIMESTAMPS -> {
                    tsValue = cursor.timestampValue();
                    tsEcho = cursor.timestampEchoReply();
                }
                case TcpOptionCursor.SACK -> {
                    sackOffset = cursor.offset();
                    sackBlocks = cursor.sackBlockCount();
                }
                default -> {
                    // EOL (the cursor stops after it), NOP, unknown kinds: no value
                }
            }
        }
        return new Expected(mss, scale, sackOk, tsValue, tsEcho, sackOffset, sackBlocks, cursor.malformed(),
                cursor.malformedOffset());
    }

    /** What the holder reports now. */
    static Expected valuesOf(TcpOptionValues values) {
        return new Expected(values.maximumSegmentSize(), values.windowScale(), values.sackPermitted(),
                values.timestampValue(), values.timestampEchoReply(), values.sackOffset(), values.sackBlockCount(),
                values.malformed(), values.malformedOffset());
    }

    /**
     * Asserts that decoded values equal a TcpOptionCursor walk of the same area (also used by the parser
     * fuzz test).
     */
    static void assertMatchesCursorWalk(TcpOptionValues values, ByteBuffer buffer, int offset, int length) {
        Expected expected = cursorWalk(buffer, offset, length);
        Expected actual = valuesOf(values);
        if (!expected.equals(actual)) {
            byte[] area = BufferKind.bytes(buffer, offset, length);
            assertEquals(expected, actual, "options area " + HexFormat.of().formatHex(area) + " at " + offset);
        }
    }

    /** Every option absent, not malformed. */
    private static final Expected NOTHING = new Expected(ABSENT, ABSENT, false, ABSENT, ABSENT, ABSENT, 0, false,
            ABSENT);

    private static TcpOptionValues decode(BufferKind kind, String hex) {
        byte[] bytes = Captures.hex(hex);
        return new TcpOptionValues().decode(kind.of(bytes), kind.base(), bytes.length);
    }

    private static Expected decodeAndCompare(BufferKind kind, String hex) {
        byte[] bytes = Captures.hex(hex);
        ByteBuffer buffer = kind.of(bytes);
        TcpOptionValues values = new TcpOptionValues().decode(buffer, kind.base(), bytes.length);
        assertMatchesCursorWalk(values, buffer, kind.base(), bytes.length);
        return valuesOf(values);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldDecodeTheArticleSyn(BufferKind kind) {
        TcpOptionValues options = decode(kind, ARTICLE_SYN);
        assertEquals(1460, options.maximumSegmentSize());
        assertTrue(options.sackPermitted());
        assertEquals(2079738924L, options.timestampValue());
        assertEquals(0L, options.timestampEchoReply());
        assertEquals(7, options.windowScale());
        assertEquals(ABSENT, options.sackOffset());
        assertEquals(0, options.sackBlockCount());
        assertFalse(options.malformed());
        assertEquals(ABSENT, options.malformedOffset());
        // the same bytes as TestFrames builds them for the parser tests
        byte[] built = TestFrames.synOptions(2079738924, 0);
        assertEquals(ARTICLE_SYN.replace(" ", ""), HexFormat.of().formatHex(built));
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldDecodeTheSynOptionsInAnotherOrderAsTheLinuxLayout(BufferKind kind) {
        // The walk, not the whole-layout comparison, decodes these: same values.
        Expected reordered = decodeAndCompare(kind, "01 030307 0402 020405b4 080a 7bf64c2c 00000000");
        assertEquals(new Expected(1460, 7, true, 2079738924L, 0L, ABSENT, 0, false, ABSENT), reordered);
        Expected padded = decodeAndCompare(kind, ARTICLE_SYN + " 00000000");
        assertEquals(reordered, padded);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldDecodeTheAlignedTimestampLayoutWithTopBitValues(BufferKind kind) {
        TcpOptionValues options = decode(kind, "0101080a fffffffe 80000001");
        assertEquals(0xFFFF_FFFEL, options.timestampValue());
        assertEquals(0x8000_0001L, options.timestampEchoReply());
        assertEquals(ABSENT, options.maximumSegmentSize());
        assertEquals(ABSENT, options.windowScale());
        assertFalse(options.sackPermitted());
        assertEquals(ABSENT, options.sackOffset());
        assertEquals(0, options.sackBlockCount());
        assertFalse(options.malformed());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldReportEveryOptionAbsentForAnEmptyArea(BufferKind kind) {
        TcpOptionValues options = new TcpOptionValues();
        assertEquals(NOTHING, valuesOf(options));
        ByteBuffer buffer = kind.of(Captures.hex(ARTICLE_SYN));
        options.decode(buffer, kind.base(), 20);
        assertEquals(1460, options.maximumSegmentSize());
        assertSame(options, options.decode(buffer, kind.base(), 0), "decode returns this");
        assertEquals(NOTHING, valuesOf(options), "an empty area forgets the last decode");
        assertEquals(NOTHING, decodeAndCompare(kind, "00 020405b4"), "EOL first");
        assertEquals(NOTHING, decodeAndCompare(kind, "01010101"), "only NOPs");
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldLocateSackBlocks(BufferKind kind) {
        Expected sack = decodeAndCompare(kind, "0101 0512 00000064 000000c8 0000012c 00000190 0101 080a 00000001 00000002");
        assertEquals(kind.base() + 2, sack.sackOffset());
        assertEquals(2, sack.sackBlockCount());
        assertEquals(1L, sack.timestampValue());
        assertEquals(2L, sack.timestampEchoReply());
        Expected four = decodeAndCompare(kind, "0101 0522" + "00000001".repeat(8));
        assertEquals(4, four.sackBlockCount());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldStopAtMalformedLengthsKeepingTheValuesFoundBefore(BufferKind kind) {
        int base = kind.base();
        // length byte missing: the last byte of the area is a kind
        Expected missing = decodeAndCompare(kind, "020405b4 0101 03");
        assertEquals(new Expected(1460, ABSENT, false, ABSENT, ABSENT, ABSENT, 0, true, base + 6), missing);
        assertEquals(new Expected(ABSENT, ABSENT, false, ABSENT, ABSENT, ABSENT, 0, true, base),
                decodeAndCompare(kind, "08"), "a lone kind byte");
        // length below 2: 0 and 1 would loop forever
        Expected zero = decodeAndCompare(kind, "030307 0402 0800 020405b4");
        assertEquals(new Expected(ABSENT, 7, true, ABSENT, ABSENT, ABSENT, 0, true, base + 5), zero);
        Expected one = decodeAndCompare(kind, "020405b4 1e01 030307");
        assertEquals(new Expected(1460, ABSENT, false, ABSENT, ABSENT, ABSENT, 0, true, base + 4), one);
        // length past the end of the area, even when the buffer has more bytes after it
        Expected past = decodeAndCompare(kind, "020405b4 080a 00000001 000000");
        assertEquals(new Expected(1460, ABSENT, false, ABSENT, ABSENT, ABSENT, 0, true, base + 4), past);
        byte[] longer = Captures.hex("020405b4 080a 00000001 00000002 0000");
        ByteBuffer buffer = kind.of(longer);
        TcpOptionValues cut = new TcpOptionValues().decode(buffer, base, 13);
        assertTrue(cut.malformed());
        assertEquals(base + 4, cut.malformedOffset());
        assertEquals(ABSENT, cut.timestampValue());
        assertMatchesCursorWalk(cut, buffer, base, 13);
        // the whole-layout comparisons do not hide a malformed Linux-sized area
        Expected syn = decodeAndCompare(kind, "020405b4 0402 080a 00000001 00000002 01 0303");
        assertEquals(new Expected(1460, ABSENT, true, 1L, 2L, ABSENT, 0, true, base + 17), syn);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldSkipKnownKindsWithTheWrongLengthAndGoOn(BufferKind kind) {
        assertEquals(NOTHING, decodeAndCompare(kind, "020505b400 03040700 040300 080b0000000100000002ff"));
        assertEquals(NOTHING, decodeAndCompare(kind, "0502 050b0000000100000002ff"), "SACK of 0 and 1.x blocks");
        Expected after = decodeAndCompare(kind, "020505b400 030307 080900000001000000 02040218");
        assertEquals(new Expected(536, 7, false, ABSENT, ABSENT, ABSENT, 0, false, ABSENT), after);
        // a wrong length after a valid occurrence does not undo it
        assertEquals(1460, decodeAndCompare(kind, "020405b4 020505b400").mss());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldLetTheLaterOccurrenceOfAKindWin(BufferKind kind) {
        Expected twice = decodeAndCompare(kind,
                "020405b4 030307 080a0000000100000002 02040218 03030e 080a0000000300000004 01");
        assertEquals(new Expected(536, 14, false, 3L, 4L, ABSENT, 0, false, ABSENT), twice);
        Expected sackTwice = decodeAndCompare(kind, "050a0000000100000002 0512" + "00000003".repeat(4));
        assertEquals(kind.base() + 10, sackTwice.sackOffset());
        assertEquals(2, sackTwice.sackBlockCount());
        assertEquals(1460, decodeAndCompare(kind, "020405b4 00 02040218").mss(), "nothing counts after EOL");
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldDecodeATcpHeaderAsItsOptionsArea(BufferKind kind) {
        // a 20-byte TCP header with data offset 10 (40 bytes), then the article's SYN options
        String header = "2225 2328 00000000 00000000 a002 faf0 0000 0000";
        for (String options : new String[] {ARTICLE_SYN, "01 030307 0402 020405b4 080a 7bf64c2c 00000000"}) {
            byte[] bytes = Captures.hex(header + options);
            ByteBuffer buffer = kind.of(bytes);
            TcpPacket tcp = new TcpPacket().wrap(buffer, kind.base());
            TcpOptionValues fromHeader = new TcpOptionValues().decode(tcp);
            assertEquals(valuesOf(new TcpOptionValues().decode(buffer, kind.base() + 20, 20)), valuesOf(fromHeader));
            assertEquals(1460, fromHeader.maximumSegmentSize(), options);
            assertEquals(2079738924L, fromHeader.timestampValue(), options);
        }
        // a data offset that reaches past the buffer's limit: thrown before any read, whatever the kind
        byte[] cut = Captures.hex(header + "020405b4");
        TcpPacket claimsTooMuch = new TcpPacket().wrap(kind.of(cut), kind.base());
        assertThrows(IndexOutOfBoundsException.class, () -> new TcpOptionValues().decode(claimsTooMuch));
    }

    @Test
    void shouldThrowForAnAreaOutsideTheLimit() {
        ByteBuffer heap = ByteBuffer.allocate(64).limit(40); // the array is longer than the limit
        TcpOptionValues values = new TcpOptionValues();
        assertThrows(IndexOutOfBoundsException.class, () -> values.decode(heap, 30, 11));
        assertThrows(IndexOutOfBoundsException.class, () -> values.decode(heap, 41, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> values.decode(heap, -1, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> values.decode(heap, 4, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> values.decode(heap, Integer.MAX_VALUE, 2));
        assertEquals(NOTHING, valuesOf(values.decode(heap, 30, 10)), "zeros are EOL");
        assertEquals(NOTHING, valuesOf(values.decode(heap, 40, 0)));
        for (BufferKind kind : BufferKind.values()) {
            ByteBuffer buffer = kind.of(Captures.hex(ARTICLE_SYN));
            assertThrows(IndexOutOfBoundsException.class, () -> values.decode(buffer, kind.base() + 1, 20), kind.name());
            assertEquals(1460, values.decode(buffer, kind.base(), 20).maximumSegmentSize());
        }
    }

    // ---------------------------------------------------------------- differential

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void randomAreasDecodeAsTheCursorWalkDoes(BufferKind kind) {
        Random random = new Random(0x7C9_0915L + kind.ordinal());
        TcpOptionValues reused = new TcpOptionValues();
        int[] fastPathShapes = new int[2];
        for (int round = 0; round < 200_000; round++) {
            byte[] area = randomArea(random);
            // The reference walk runs on a plain heap buffer; the holder on this kind, where the area ends at
            // the buffer's end (array or limit), so a read past the area throws.
            Expected expected = shifted(cursorWalk(ByteBuffer.wrap(area).asReadOnlyBuffer(), 0, area.length),
                    kind.base());
            ByteBuffer buffer = kind.of(area);
            Expected actual = valuesOf(reused.decode(buffer, kind.base(), area.length));
            if (!expected.equals(actual)) {
                assertEquals(expected, actual, "round " + round + " area " + HexFormat.of().formatHex(area));
            }
            assertMatchesCursorWalk(reused, buffer, kind.base(), area.length);
            if (area.length == 20 && area[0] == 2 && area[1] == 4) {
                fastPathShapes[0]++;
            } else if (area.length == 12 && area[0] == 1 && area[2] == 8) {
                fastPathShapes[1]++;
            }
        }
        assertTrue(fastPathShapes[0] > 10_000 && fastPathShapes[1] > 10_000,
                "both Linux layouts and their near misses were exercised");
    }

    private static Expected shifted(Expected e, int base) {
        return new Expected(e.mss(), e.windowScale(), e.sackPermitted(), e.timestampValue(), e.timestampEchoReply(),
                e.sackOffset() == ABSENT ? ABSENT : e.sackOffset() + base, e.sackBlockCount(), e.malformed(),
                e.malformedOffset() == ABSENT ? ABSENT : e.malformedOffset() + base);
    }

    /** An options area of 0..40 bytes: one of the Linux layouts (maybe with one byte changed) or a mix. */
    static byte[] randomArea(Random random) {
        int shape = random.nextInt(10);
        if (shape < 2) {
            return nearMiss(random, linuxSyn(random));
        }
        if (shape < 4) {
            return nearMiss(random, alignedTimestamps(random));
        }
        return mixedOptions(random);
    }

    private static byte[] linuxSyn(Random random) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.put(new byte[] {2, 4}).putShort((short) random.nextInt(0x10000)).put(new byte[] {4, 2, 8, 10});
        b.putInt(random.nextInt()).putInt(random.nextInt()).put(new byte[] {1, 3, 3, (byte) random.nextInt(256)});
        return b.array();
    }

    private static byte[] alignedTimestamps(Random random) {
        return ByteBuffer.allocate(12).put(new byte[] {1, 1, 8, 10}).putInt(random.nextInt()).putInt(random.nextInt())
                .array();
    }

    /** Half the layouts intact; the others with one byte replaced or flipped, or one byte cut or added. */
    private static byte[] nearMiss(Random random, byte[] layout) {
        switch (random.nextInt(8)) {
            case 0, 1, 2, 3:
                return layout;
            case 4:
                layout[random.nextInt(layout.length)] = (byte) random.nextInt(256);
                return layout;
            case 5:
                // a byte of the fixed words (not the values) flipped: exactly what the comparison must catch
                int[] fixed = layout.length == 20 ? new int[] {0, 1, 4, 5, 6, 7, 16, 17, 18} : new int[] {0, 1, 2, 3};
                layout[fixed[random.nextInt(fixed.length)]] ^= (byte) (1 << random.nextInt(8));
                return layout;
            case 6:
                return java.util.Arrays.copyOf(layout, layout.length - 1);
            default:
                byte[] longer = java.util.Arrays.copyOf(layout, layout.length + 1);
                longer[layout.length] = (byte) random.nextInt(3); // EOL, NOP or a lone kind
                return longer;
        }
    }

    private static byte[] mixedOptions(Random random) {
        int target = random.nextInt(41);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < target) {
            out.writeBytes(randomOption(random));
        }
        byte[] area = out.toByteArray();
        // usually cut to the target, so an option often runs past the end
        return random.nextInt(4) == 0 || area.length > 40 ? java.util.Arrays.copyOf(area, Math.min(target, 40)) : area;
    }

    private static byte[] randomOption(Random random) {
        switch (random.nextInt(14)) {
            case 0:
                return new byte[] {TcpOptionCursor.NOP};
            case 1:
                return random.nextInt(4) == 0 ? new byte[] {TcpOptionCursor.EOL} : new byte[] {TcpOptionCursor.NOP};
            case 2:
                return option(random, TcpOptionCursor.MSS, 4);
            case 3:
                return option(random, TcpOptionCursor.WINDOW_SCALE, 3);
            case 4:
                return option(random, TcpOptionCursor.SACK_PERMITTED, 2);
            case 5:
                return option(random, TcpOptionCursor.TIMESTAMPS, 10);
            case 6:
                return option(random, TcpOptionCursor.SACK, 2 + 8 * (1 + random.nextInt(4)));
            case 7: {
                int[] known = {2, 3, 4, 5, 8};
                return option(random, known[random.nextInt(known.length)], random.nextInt(12)); // often wrong
            }
            case 8:
                return option(random, 6 + random.nextInt(250), 2 + random.nextInt(8)); // unknown kinds
            case 9:
                return option(random, random.nextInt(256), random.nextInt(3)); // length 0, 1, 2
            case 10:
                return option(random, random.nextInt(256), random.nextInt(256)); // often past the end
            case 11:
                return new byte[] {(byte) random.nextInt(256)};
            case 12:
                return linuxSyn(random);
            default:
                return alignedTimestamps(random);
        }
    }

    /** Kind, length byte and random data; at least the kind and length bytes even if {@code length} is below 2. */
    private static byte[] option(Random random, int kind, int length) {
        byte[] option = new byte[Math.max(2, length)];
        random.nextBytes(option);
        option[0] = (byte) kind;
        option[1] = (byte) length;
        return option;
    }

    // ---------------------------------------------------------------- through the parser

    private static final int INNER_SOURCE = 0x0AF4_0000;
    private static final int INNER_DESTINATION = 0x0AF4_0108;

    private static byte[] innerTcpIpv4(String optionsHex) {
        byte[] tcp = TestFrames.tcp(INNER_SOURCE, INNER_DESTINATION, 8741, 9000, 1, 0, TcpPacket.SYN, 64240,
                Captures.hex(optionsHex), TestFrames.payload(5));
        return TestFrames.ipv4(INNER_SOURCE, INNER_DESTINATION, IpProtocol.TCP, tcp);
    }


    /** Options areas of 0..40 bytes: SYN, aligned timestamps, SACK, empty, malformed, reordered. */
    private static final String[] OPTION_AREAS = {
        ARTICLE_SYN,
        "0101080a 00000005 7bf64c2c",
        "0101 080a 00000007 00000006 0101 050a 00000001 00000002",
        "",
        "020405b4 0101 0800",
        "01 030307 0402 020405b4 080a 7bf64c2c 00000000 00000000",
        "0101 0522" + "00000009".repeat(8),
    };

    @Test
    void parserValuesEqualADecodeOfItsTcpHeaders() {
        for (boolean commonPath : new boolean[] {true, false}) {
            PacketParser parser = new PacketParser();
            parser.commonPathEnabled(commonPath);
            for (String area : OPTION_AREAS) {
                byte[] inner = TestFrames.vxlanFrame(EtherType.IPV4, innerTcpIpv4(area));
                for (BufferKind kind : BufferKind.values()) {
                    ByteBuffer buffer = kind.of(inner);
                    assertEquals(PacketParser.OK, parser.parse(buffer, kind.base(), inner.length));
                    assertTrue(parser.has(PacketParser.INNER_TCP));
                    TcpOptionValues fromParser = parser.innerTcpOptionValues();
                    Expected expected = valuesOf(new TcpOptionValues().decode(parser.innerTcp()));
                    assertEquals(expected, valuesOf(fromParser), kind + " " + area);
                    assertSame(fromParser, parser.innerTcpOptionValues(), "one reusable holder");
                    assertMatchesCursorWalk(fromParser, buffer, parser.innerTcp().optionsOffset(),
                            parser.innerTcp().optionsLength());
                    assertEquals(NOTHING, valuesOf(parser.tcpOptionValues()), "no outer TCP in a VXLAN frame");

                    byte[] outer = TestFrames.ethernet(TestFrames.MAC_A, TestFrames.MAC_B, EtherType.IPV4,
                            innerTcpIpv4(area));
                    ByteBuffer outerBuffer = kind.of(outer);
                    assertEquals(PacketParser.OK, parser.parse(outerBuffer, kind.base(), outer.length));
                    assertEquals(valuesOf(new TcpOptionValues().decode(parser.tcp())), valuesOf(parser.tcpOptionValues()));
                    assertEquals(expected, shifted(valuesOf(parser.tcpOptionValues()),
                            parser.innerTcp().optionsOffset() - parser.tcp().optionsOffset()));
                    assertEquals(NOTHING, valuesOf(parser.innerTcpOptionValues()), "no inner TCP any more");
                }
            }
        }
    }

    @Test
    void parserValuesFollowAHeaderTheCallerReWrappedOnAnotherBuffer() {
        byte[] frame = TestFrames.ethernet(TestFrames.MAC_A, TestFrames.MAC_B, EtherType.IPV4,
                innerTcpIpv4(ARTICLE_SYN));
        PacketParser parser = new PacketParser();
        assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(frame), 0, frame.length));
        byte[] otherTcp = TestFrames.tcp(INNER_SOURCE, INNER_DESTINATION, 1, 2, 3, 4, TcpPacket.SYN, 5,
                Captures.hex("0101080a 00000005 00000006"), TestFrames.payload(0));
        ByteBuffer other = ByteBuffer.allocate(400).put(300, otherTcp);
        parser.tcp().wrap(other, 300); // its options lie past the end of the parsed frame
        TcpOptionValues values = parser.tcpOptionValues();
        assertEquals(5, values.timestampValue());
        assertEquals(6, values.timestampEchoReply());
        assertEquals(ABSENT, values.maximumSegmentSize());
    }

    @Test
    void parserReportsEveryOptionAbsentAfterAFrameWithoutThatTcpLayer() {
        byte[] malformedTcp = TestFrames.vxlanFrame(EtherType.IPV4, innerTcpIpv4("020405b4 0101 0800"));
        byte[] synTcp = TestFrames.vxlanFrame(EtherType.IPV4, innerTcpIpv4(ARTICLE_SYN));
        byte[] outerSyn = TestFrames.ethernet(TestFrames.MAC_A, TestFrames.MAC_B, EtherType.IPV4,
                innerTcpIpv4(ARTICLE_SYN));
        byte[] innerUdp = TestFrames.vxlanFrame(EtherType.IPV4,
                TestFrames.ipv4(INNER_SOURCE, INNER_DESTINATION, IpProtocol.UDP,
                        TestFrames.udp(INNER_SOURCE, INNER_DESTINATION, 53, 5353, TestFrames.payload(30), true)));
        byte[] innerArp = TestFrames.vxlanFrame(EtherType.ARP,
                TestFrames.arp(1, TestFrames.MAC_A, INNER_SOURCE, 0, INNER_DESTINATION));
        byte[] outerArp = TestFrames.ethernet(-1L >>> 16, TestFrames.MAC_A, EtherType.ARP,
                TestFrames.arp(1, TestFrames.MAC_A, TestFrames.IP_A, 0, TestFrames.IP_B));
        byte[] badDataOffset = synTcp.clone();
        badDataOffset[14 + 20 + 8 + 8 + 14 + 20 + 12] = 0x40; // inner TCP data offset 4: rejected
        byte[] cutOptions = java.util.Arrays.copyOf(synTcp, 14 + 20 + 8 + 8 + 14 + 20 + 30);
        for (boolean commonPath : new boolean[] {true, false}) {
            for (byte[] without : new byte[][] {innerUdp, innerArp, outerArp, outerSyn, badDataOffset, cutOptions}) {
                for (byte[] with : new byte[][] {synTcp, malformedTcp}) {
                    PacketParser parser = new PacketParser().truncatedAllowed(without == cutOptions);
                    parser.commonPathEnabled(commonPath);
                    assertEquals(PacketParser.OK, parser.parse(ByteBuffer.wrap(with), 0, with.length));
                    assertEquals(1460, parser.innerTcpOptionValues().maximumSegmentSize());
                    assertEquals(with == malformedTcp, parser.innerTcpOptionValues().malformed());
                    parser.parse(ByteBuffer.wrap(without), 0, without.length);
                    assertFalse(parser.has(PacketParser.INNER_TCP));
                    assertEquals(NOTHING, valuesOf(parser.innerTcpOptionValues()), "inner, after " + parser.layers());
                    if (!parser.has(PacketParser.TCP)) {
                        assertEquals(NOTHING, valuesOf(parser.tcpOptionValues()), "outer");
                    }
                }
            }
            // and the outer holder after an outer TCP frame
            PacketParser parser = new PacketParser();
            parser.commonPathEnabled(commonPath);
            parser.parse(ByteBuffer.wrap(outerSyn), 0, outerSyn.length);
            assertEquals(7, parser.tcpOptionValues().windowScale());
            parser.parse(ByteBuffer.wrap(synTcp), 0, synTcp.length);
            assertEquals(NOTHING, valuesOf(parser.tcpOptionValues()));
            assertEquals(7, parser.innerTcpOptionValues().windowScale());
        }
    }
}
