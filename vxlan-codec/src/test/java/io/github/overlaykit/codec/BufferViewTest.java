package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * BufferView reads a whole heap array directly and stores nothing when the buffer already attached is
 * attached again. These tests prove that every kind of buffer decodes the same, that a parser switching
 * between buffers never leaves a flyweight on the previous one, that setters still write through, and that
 * a slice (which shares a larger array) is bounded by itself rather than by the array.
 */
class BufferViewTest {
    private static final int OUTER_SOURCE = 0xC000_0201;
    private static final int OUTER_DESTINATION = 0xC000_0202;
    private static final int INNER_SOURCE = 0x0AF4_0000;
    private static final int INNER_DESTINATION = 0x0AF4_0108;

    // Where the marker byte of each buffer is written in the VXLAN TCP frame (outer 14 + 20 + 8 + 8, inner
    // 14 + 20 + TCP 20 + options 20): one byte read by each flyweight.
    private static final int OUTER_SOURCE_MAC_LOW = 11;
    private static final int OUTER_TTL = 14 + 8;
    private static final int OUTER_UDP_SOURCE_PORT_LOW = 34 + 1;
    private static final int VNI_LOW = 42 + 6;
    private static final int INNER_SOURCE_MAC_LOW = 50 + 11;
    private static final int INNER_TTL = 64 + 8;
    private static final int INNER_TCP = 84;
    private static final int INNER_TCP_SOURCE_PORT_LOW = INNER_TCP + 1;
    private static final int MSS_LOW = INNER_TCP + 20 + 3;
    private static final int TSVAL_LOW = INNER_TCP + 20 + 11;
    private static final int[] VXLAN_MARKERS = {OUTER_SOURCE_MAC_LOW, OUTER_TTL, OUTER_UDP_SOURCE_PORT_LOW, VNI_LOW,
        INNER_SOURCE_MAC_LOW, INNER_TTL, INNER_TCP_SOURCE_PORT_LOW, MSS_LOW, TSVAL_LOW};
    private static final int[] OUTER_MARKERS = {OUTER_SOURCE_MAC_LOW, OUTER_TTL, OUTER_UDP_SOURCE_PORT_LOW};


    private static byte[] vxlanTcpFrame() {
        byte[] tcp = TestFrames.tcp(INNER_SOURCE, INNER_DESTINATION, 8741, 9000, 1, 0, TcpPacket.SYN, 64240,
                TestFrames.synOptions(2079738924, 0), TestFrames.payload(3));
        return TestFrames.vxlanFrame(EtherType.IPV4,
                TestFrames.ipv4(INNER_SOURCE, INNER_DESTINATION, IpProtocol.TCP, tcp));
    }

    /** An outer-only UDP frame with the outer markers at the same places as the VXLAN frame. */
    private static byte[] outerUdpFrame() {
        return TestFrames.ethernet(0x0200_0000_0003L, 0x0200_0000_0004L, EtherType.IPV4,
                TestFrames.ipv4(OUTER_SOURCE, OUTER_DESTINATION, IpProtocol.UDP,
                        TestFrames.udp(OUTER_SOURCE, OUTER_DESTINATION, 40000, 53, TestFrames.payload(20), true)));
    }

    /** Frames of different shapes: the common VXLAN path, VXLAN UDP and ICMP, tagged ARP, IPv4 options. */
    private static List<byte[]> frames() {
        List<byte[]> frames = new ArrayList<>();
        frames.add(vxlanTcpFrame());
        frames.add(TestFrames.vxlanFrame(EtherType.IPV4,
                TestFrames.ipv4(INNER_SOURCE, INNER_DESTINATION, IpProtocol.UDP,
                        TestFrames.udp(INNER_SOURCE, INNER_DESTINATION, 53, 5353, TestFrames.payload(30), true))));
        frames.add(TestFrames.vxlanFrame(EtherType.IPV4,
                TestFrames.ipv4(INNER_SOURCE, INNER_DESTINATION, IpProtocol.ICMP,
                        TestFrames.icmpEcho(true, 7, 1, TestFrames.payload(16)))));
        frames.add(TestFrames.tagged(-1L >>> 16, TestFrames.MAC_A, new int[] {0x88A8, 0x8100}, new int[] {100, 0x2005},
                EtherType.ARP, TestFrames.arp(1, TestFrames.MAC_A, TestFrames.IP_A, 0, TestFrames.IP_B)));
        frames.add(TestFrames.ethernet(TestFrames.MAC_A, TestFrames.MAC_B, EtherType.IPV4,
                TestFrames.ipv4(TestFrames.IP_A, TestFrames.IP_B, IpProtocol.TCP, 7, 0x4000, 63, 0,
                        Captures.hex("94040000 01010000"),
                        TestFrames.tcp(TestFrames.IP_A, TestFrames.IP_B, 40000, 443, 10, 20, 0x18, 501,
                                Captures.hex("0101080a 00000005 00000006"), TestFrames.payload(40)))));
        return frames;
    }

    /** The ways a caller can hold a frame at index 0; each is a different path or bound in BufferView. */
    private static List<ByteBuffer> buffersHolding(byte[] frame) {
        List<ByteBuffer> buffers = new ArrayList<>();
        buffers.add(ByteBuffer.wrap(frame.clone())); // heap: the array path
        buffers.add(ByteBuffer.allocateDirect(frame.length).put(0, frame));
        buffers.add(ByteBuffer.wrap(frame.clone()).asReadOnlyBuffer());
        byte[] bigger = guarded(frame, 7, 9);
        buffers.add(ByteBuffer.wrap(bigger).slice(7, frame.length)); // array offset 7
        buffers.add(ByteBuffer.wrap(bigger.clone(), 7, frame.length).slice());
        buffers.add(ByteBuffer.wrap(guarded(frame, 0, 9)).slice(0, frame.length)); // offset 0, shorter capacity
        buffers.add(ByteBuffer.allocate(frame.length + 50).put(0, frame).limit(frame.length)); // limit < capacity
        buffers.add(ByteBuffer.allocateDirect(frame.length + 9).put(0, frame).slice(0, frame.length));
        return buffers;
    }

    /** {@code frame} with {@code before} and {@code after} bytes of 0xEE around it. */
    private static byte[] guarded(byte[] frame, int before, int after) {
        byte[] bigger = new byte[before + frame.length + after];
        Arrays.fill(bigger, (byte) 0xEE);
        System.arraycopy(frame, 0, bigger, before, frame.length);
        return bigger;
    }

    /** Every value the parser's flyweights decode, as a printer would read them. */
    private static List<Object> decoded(PacketParser parser) {
        List<Object> out = new ArrayList<>();
        int layers = parser.layers();
        out.add(parser.status());
        out.add(layers);
        out.add(parser.ipv4PayloadLength());
        out.add(parser.innerFrameOffset());
        out.add(parser.innerFrameLength());
        out.add(parser.innerIpv4PayloadLength());
        for (int level = 0; level < 2; level++) {
            int shift = level * 7;
            if ((layers & PacketParser.ETHERNET << shift) != 0) {
                EthernetFrame e = level == 0 ? parser.ethernet() : parser.innerEthernet();
                out.add(List.of(e.toString(), e.destination(), e.source(), e.etherType(), e.tagCount(),
                        e.headerLength(), e.tagCount() > 0 ? e.tagControl(e.tagCount() - 1) : -1));
            }
            if ((layers & PacketParser.ARP << shift) != 0) {
                ArpPacket a = level == 0 ? parser.arp() : parser.innerArp();
                out.add(List.of(a.toString(), a.senderHardwareAddress(), a.senderProtocolAddress(),
                        a.targetHardwareAddress(), a.targetProtocolAddress(), a.operation()));
            }
            if ((layers & PacketParser.IPV4 << shift) != 0) {
                Ipv4Packet ip = level == 0 ? parser.ipv4() : parser.innerIpv4();
                out.add(List.of(ip.toString(), ip.headerLength(), ip.totalLength(), ip.identification(),
                        ip.flagsAndFragmentOffset(), ip.ttl(), ip.protocol(), ip.headerChecksum(), ip.sourceAddress(),
                        ip.destinationAddress(), ip.computeChecksum(), ip.verifyChecksum(), ip.optionsLength()));
            }
            if ((layers & PacketParser.ICMP << shift) != 0) {
                IcmpPacket icmp = level == 0 ? parser.icmp() : parser.innerIcmp();
                out.add(List.of(icmp.toString(), icmp.type(), icmp.identifier(), icmp.sequenceNumber(),
                        icmp.checksum(), icmp.restOfHeader()));
            }
            if ((layers & PacketParser.UDP << shift) != 0) {
                UdpPacket udp = level == 0 ? parser.udp() : parser.innerUdp();
                Ipv4Packet ip = level == 0 ? parser.ipv4() : parser.innerIpv4();
                out.add(List.of(udp.toString(), udp.sourcePort(), udp.destinationPort(), udp.length(), udp.checksum(),
                        udp.computeChecksum(ip.sourceAddress(), ip.destinationAddress())));
            }
            if ((layers & PacketParser.TCP << shift) != 0) {
                TcpPacket tcp = level == 0 ? parser.tcp() : parser.innerTcp();
                Ipv4Packet ip = level == 0 ? parser.ipv4() : parser.innerIpv4();
                int segment = level == 0 ? parser.ipv4PayloadLength() : parser.innerIpv4PayloadLength();
                out.add(List.of(tcp.toString(), tcp.sourcePort(), tcp.destinationPort(), tcp.sequenceNumber(),
                        tcp.acknowledgmentNumber(), tcp.flags(), tcp.window(), tcp.checksum(),
                        tcp.computeChecksum(ip.sourceAddress(), ip.destinationAddress(), segment)));
                TcpOptionCursor cursor = level == 0 ? parser.tcpOptions() : parser.innerTcpOptions();
                while (cursor.next()) {
                    out.add(List.of(cursor.offset(), cursor.kind(), cursor.length(), cursor.lengthValid()));
                }
                TcpOptionValues values = level == 0 ? parser.tcpOptionValues() : parser.innerTcpOptionValues();
                out.add(TcpOptionValuesTest.valuesOf(values));
            }
        }
        if ((layers & PacketParser.VXLAN) != 0) {
            VxlanPacket v = parser.vxlan();
            out.add(List.of(v.toString(), v.flags(), v.vni(), v.reservedBitsSet()));
        }
        return out;
    }

    @Test
    void everyKindOfBufferDecodesTheSameFields() {
        for (boolean commonPath : new boolean[] {true, false}) {
            PacketParser parser = new PacketParser();
            parser.commonPathEnabled(commonPath);
            for (byte[] frame : frames()) {
                List<ByteBuffer> buffers = buffersHolding(frame);
                assertEquals(PacketParser.OK, parser.parse(buffers.get(0), 0, frame.length));
                List<Object> expected = decoded(parser);
                for (ByteBuffer buffer : buffers) {
                    assertEquals(PacketParser.OK, parser.parse(buffer, 0, frame.length));
                    assertSame(buffer, parser.buffer());
                    assertEquals(expected, decoded(parser), buffer.toString());
                }
            }
        }
    }

    @Test
    void aHeapBufferIsBoundedByItsLimitForTheParser() {
        byte[] frame = vxlanTcpFrame();
        ByteBuffer limited = ByteBuffer.allocate(frame.length + 50).put(0, frame).limit(frame.length);
        PacketParser parser = new PacketParser();
        assertEquals(PacketParser.BAD_RANGE, parser.parse(limited, 0, frame.length + 1));
        assertEquals(PacketParser.BAD_RANGE, parser.parse(limited, 1, frame.length));
        assertEquals(PacketParser.OK, parser.parse(limited, 0, frame.length));
        // a frame cut by the limit is cut for the parser too, though the array goes on
        limited.limit(frame.length - 10);
        assertEquals(PacketParser.BAD_RANGE, parser.parse(limited, 0, frame.length));
    }

    /** A buffer under test: the view the parser reads and a writable view of the same bytes. */
    private record Held(String name, ByteBuffer parsed, ByteBuffer writable, int[] markers) {
        void mark(int value) {
            for (int at : markers) {
                writable.put(at, (byte) value);
            }
        }
    }

    private static List<Held> alternatingBuffers() {
        byte[] vxlan = vxlanTcpFrame();
        List<Held> held = new ArrayList<>();
        ByteBuffer heap = ByteBuffer.wrap(vxlan.clone());
        held.add(new Held("heap A", heap, heap, VXLAN_MARKERS));
        ByteBuffer direct = ByteBuffer.allocateDirect(vxlan.length).put(0, vxlan);
        held.add(new Held("direct B", direct, direct, VXLAN_MARKERS));
        ByteBuffer backing = ByteBuffer.wrap(vxlan.clone());
        held.add(new Held("read-only C", backing.asReadOnlyBuffer(), backing, VXLAN_MARKERS));
        ByteBuffer slice = ByteBuffer.wrap(guarded(vxlan, 7, 9)).slice(7, vxlan.length);
        held.add(new Held("slice D", slice, slice, VXLAN_MARKERS));
        ByteBuffer limited = ByteBuffer.allocate(vxlan.length + 50).put(0, vxlan).limit(vxlan.length);
        held.add(new Held("limited heap E", limited, limited, VXLAN_MARKERS));
        ByteBuffer sliceOfWrap = ByteBuffer.wrap(guarded(vxlan, 5, 0), 5, vxlan.length).slice();
        held.add(new Held("wrap-slice F", sliceOfWrap, sliceOfWrap, VXLAN_MARKERS));
        ByteBuffer heap2 = ByteBuffer.wrap(vxlan.clone());
        held.add(new Held("heap G", heap2, heap2, VXLAN_MARKERS));
        ByteBuffer udp = ByteBuffer.wrap(outerUdpFrame());
        held.add(new Held("outer UDP heap H", udp, udp, OUTER_MARKERS));
        ByteBuffer udpDirect = ByteBuffer.allocateDirect(udp.capacity()).put(0, udp.array());
        held.add(new Held("outer UDP direct I", udpDirect, udpDirect, OUTER_MARKERS));
        return held;
    }

    /** The marker as each of the parser's flyweights (of the layers the frame has) reads it. */
    private static int[] markersRead(PacketParser parser, boolean vxlan, boolean cursorAtStart) {
        int outer0 = (int) (parser.ethernet().source() & 0xFF);
        int outer1 = parser.ipv4().ttl();
        int outer2 = parser.udp().sourcePort() & 0xFF;
        if (!vxlan) {
            return new int[] {outer0, outer1, outer2};
        }
        // the parser positions its cursor once per parse; once advanced, a cursor on the parser's header
        TcpOptionCursor cursor = cursorAtStart ? parser.innerTcpOptions() : new TcpOptionCursor().wrap(parser.innerTcp());
        assertTrue(cursor.next());
        assertEquals(TcpOptionCursor.MSS, cursor.kind());
        TcpOptionValues values = parser.innerTcpOptionValues();
        return new int[] {outer0, outer1, outer2, parser.vxlan().vni() & 0xFF,
            (int) (parser.innerEthernet().source() & 0xFF), parser.innerIpv4().ttl(),
            parser.innerTcp().sourcePort() & 0xFF, values.maximumSegmentSize() & 0xFF,
            (int) (values.timestampValue() & 0xFF), cursor.maximumSegmentSize() & 0xFF};
    }

    private static int[] expectedMarkers(int value, boolean vxlan) {
        int[] expected = new int[vxlan ? VXLAN_MARKERS.length + 1 : OUTER_MARKERS.length];
        Arrays.fill(expected, value);
        return expected;
    }

    @Test
    void alternatingBuffersNeverLeaveAFlyweightOnThePreviousOne() {
        Random random = new Random(20261127L);
        for (boolean commonPath : new boolean[] {true, false}) {
            PacketParser parser = new PacketParser();
            parser.commonPathEnabled(commonPath);
            List<Held> held = alternatingBuffers();
            int[] marker = new int[held.size()];
            for (int i = 0; i < held.size(); i++) {
                marker[i] = 1 + i; // a different marker in every buffer
                held.get(i).mark(marker[i]);
            }
            // the sequence of the brief first, then random choices
            int[] scripted = {0, 1, 0, 2, 3, 0, 4, 0, 0, 5, 7, 0, 8, 1, 1, 6, 0};
            for (int step = 0; step < 6000; step++) {
                int i = step < scripted.length ? scripted[step] : random.nextInt(held.size());
                Held h = held.get(i);
                boolean vxlan = h.markers() == VXLAN_MARKERS;
                if (random.nextBoolean()) {
                    marker[i] = freshMarker(random, marker);
                    h.mark(marker[i]); // change this buffer only, before parsing it
                }
                assertEquals(PacketParser.OK, parser.parse(h.parsed(), 0, h.parsed().limit()), h.name());
                assertSame(h.parsed(), parser.buffer());
                assertArrayEquals(expectedMarkers(marker[i], vxlan), markersRead(parser, vxlan, true),
                        "step " + step + " " + h.name() + " common path " + commonPath);
                if (random.nextInt(4) == 0) {
                    // the flyweights are views: a change after the parse is seen at once
                    marker[i] = freshMarker(random, marker);
                    h.mark(marker[i]);
                    assertArrayEquals(expectedMarkers(marker[i], vxlan), markersRead(parser, vxlan, false), h.name());
                }
                if (random.nextInt(5) == 0) {
                    // the caller re-wraps the parser's flyweights on another buffer: they read it, until the
                    // next parse takes them back
                    int j = random.nextInt(held.size());
                    Held other = held.get(j);
                    parser.ipv4().wrap(other.parsed(), 14);
                    parser.ethernet().wrap(other.parsed(), 0);
                    parser.udp().wrap(other.parsed(), 34);
                    assertEquals(marker[j], parser.ipv4().ttl(), other.name());
                    assertEquals(marker[j], parser.ethernet().source() & 0xFF);
                    assertEquals(marker[j], parser.udp().sourcePort() & 0xFF);
                    if (vxlan && other.markers() == VXLAN_MARKERS) {
                        parser.innerTcp().wrap(other.parsed(), INNER_TCP);
                        parser.innerIpv4().wrap(other.parsed(), 64);
                        assertEquals(marker[j], parser.innerTcp().sourcePort() & 0xFF);
                        assertEquals(marker[j], parser.innerIpv4().ttl());
                    }
                }
            }
        }
    }

    private static int freshMarker(Random random, int[] inUse) {
        while (true) {
            int candidate = 1 + random.nextInt(250);
            if (Arrays.stream(inUse).noneMatch(m -> m == candidate)) {
                return candidate;
            }
        }
    }

    @Test
    void aFlyweightTheCallerWrapsFollowsEachBufferItIsGiven() {
        List<Held> held = alternatingBuffers();
        for (int i = 0; i < held.size(); i++) {
            held.get(i).mark(10 + i);
        }
        Ipv4Packet ip = new Ipv4Packet();
        EthernetFrame ethernet = new EthernetFrame();
        UdpPacket udp = new UdpPacket();
        TcpOptionValues values = new TcpOptionValues();
        int[] order = {0, 1, 0, 2, 3, 0, 4, 5, 0, 7, 6, 0, 8, 0, 0};
        for (int i : order) {
            Held h = held.get(i);
            assertEquals(10 + i, ip.wrap(h.parsed(), 14).ttl(), h.name());
            assertEquals(10 + i, ethernet.wrap(h.parsed(), 0).source() & 0xFF, h.name());
            assertEquals(10 + i, udp.wrap(h.parsed(), 34).sourcePort() & 0xFF, h.name());
            if (h.markers() == VXLAN_MARKERS) {
                assertEquals(10 + i, values.decode(h.parsed(), INNER_TCP + 20, 20).maximumSegmentSize() & 0xFF);
                assertEquals(10 + i, values.timestampValue() & 0xFF);
            }
            h.mark(100 + i); // the same buffer attached again: the new bytes, not a stale copy
            assertEquals(100 + i, ip.wrap(h.parsed(), 14).ttl(), h.name());
            h.mark(10 + i);
        }
    }

    @Test
    void theParsersOwnFlyweightFollowsTheParserAgainAfterTheCallerReWrapsIt() {
        List<Held> held = alternatingBuffers();
        for (int i = 0; i < held.size(); i++) {
            held.get(i).mark(10 + i);
        }
        for (int parsed = 0; parsed < held.size(); parsed++) {
            for (int other = 0; other < held.size(); other++) {
                Held p = held.get(parsed);
                Held o = held.get(other);
                PacketParser parser = new PacketParser();
                assertEquals(PacketParser.OK, parser.parse(p.parsed(), 0, p.parsed().limit()));
                assertEquals(10 + parsed, parser.ipv4().ttl());
                parser.ipv4().wrap(o.parsed(), 14);
                assertSame(o.parsed(), parser.ipv4().buffer());
                assertEquals(10 + other, parser.ipv4().ttl());
                // parsed again by the parser on its (unchanged) buffer: the flyweight is taken back
                assertEquals(PacketParser.OK, parser.parse(p.parsed(), 0, p.parsed().limit()));
                assertSame(p.parsed(), parser.ipv4().buffer(), p.name() + " after " + o.name());
                assertEquals(10 + parsed, parser.ipv4().ttl(), p.name() + " after " + o.name());
                p.mark(200);
                assertEquals(200, parser.ipv4().ttl(), "reads the parser's buffer, not a copy");
                p.mark(10 + parsed);
            }
        }
    }

    @Test
    void settersWriteThroughOnTheArrayPathAndThrowOnAReadOnlyBuffer() {
        byte[] frame = vxlanTcpFrame();
        PacketParser parser = new PacketParser();
        for (ByteBuffer buffer : buffersHolding(frame)) {
            assertEquals(PacketParser.OK, parser.parse(buffer, 0, frame.length));
            if (buffer.isReadOnly()) {
                assertThrows(ReadOnlyBufferException.class, () -> parser.innerIpv4().ttl(9));
                assertThrows(ReadOnlyBufferException.class, () -> parser.innerTcp().sourcePort(0x1234));
                assertThrows(ReadOnlyBufferException.class, () -> parser.ethernet().source(TestFrames.MAC_B));
                assertThrows(ReadOnlyBufferException.class, () -> parser.vxlan().vni(77));
                assertThrows(ReadOnlyBufferException.class, () -> new UdpPacket().wrap(buffer, 34).checksum(1));
                assertArrayEquals(frame, BufferKind.bytes(buffer, 0, frame.length), "nothing was written");
                continue;
            }
            parser.innerIpv4().ttl(9);
            parser.innerTcp().sourcePort(0x1234).sequenceNumber(0xFEDC_BA98L);
            parser.ethernet().source(0x0600_0000_0042L);
            parser.vxlan().vni(0xABCDE);
            assertEquals(9, buffer.get(INNER_TTL));
            assertEquals(0x1234, buffer.getShort(INNER_TCP));
            assertEquals(0xFEDC_BA98, buffer.order(java.nio.ByteOrder.BIG_ENDIAN).getInt(INNER_TCP + 4));
            assertEquals(0x42, buffer.get(OUTER_SOURCE_MAC_LOW));
            assertEquals(0xABCDE, (buffer.getInt(46) >>> 8));
            // and the readers see what was written, through the array where there is one
            assertEquals(9, parser.innerIpv4().ttl());
            assertEquals(0xFEDC_BA98L, parser.innerTcp().sequenceNumber());
            assertEquals(0x0600_0000_0042L, parser.ethernet().source());
            assertEquals(0xABCDE, parser.vxlan().vni());
            // a user flyweight on the same array writes the same bytes
            new Ipv4Packet().wrap(buffer, 14).ttl(3);
            assertEquals(3, parser.ipv4().ttl());
        }
    }

    @Test
    void aSliceIsBoundedByItselfNotByTheArrayItShares() {
        byte[] big = new byte[64];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i + 1);
        }
        List<ByteBuffer> slices = List.of(
                ByteBuffer.wrap(big).slice(8, 20),
                ByteBuffer.wrap(big, 8, 20).slice(),
                ByteBuffer.wrap(big).slice(0, 20), // array offset 0, but the capacity is shorter than the array
                ByteBuffer.wrap(big).position(44).slice());
        for (ByteBuffer slice : slices) {
            int base = slice.arrayOffset();
            Ipv4Packet ip = new Ipv4Packet().wrap(slice, 0);
            assertEquals(ByteBuffer.wrap(big).getInt(base + 12), ip.sourceAddress(), "inside the slice: its bytes");
            assertEquals(big[base + 8] & 0xFF, ip.ttl());
            Ipv4Packet past = new Ipv4Packet().wrap(slice, 4);
            assertThrows(IndexOutOfBoundsException.class, past::destinationAddress, "int past " + slice);
            assertThrows(IndexOutOfBoundsException.class, new Ipv4Packet().wrap(slice, 12)::ttl, "byte past " + slice);
            assertThrows(IndexOutOfBoundsException.class, new Ipv4Packet().wrap(slice, 19)::totalLength,
                    "short past " + slice);
            EthernetFrame ethernet = new EthernetFrame().wrap(slice, 10);
            assertThrows(IndexOutOfBoundsException.class, ethernet::source, "MAC past " + slice);
            assertEquals(ByteBuffer.wrap(big).getShort(base + 18) & 0xFFFF, new UdpPacket().wrap(slice, 14).length());
            assertThrows(IndexOutOfBoundsException.class, () -> new TcpOptionValues().decode(slice, 16, 5));
        }
        // the whole array: reads past it throw as well (the array's own bound)
        ByteBuffer whole = ByteBuffer.wrap(new byte[20]);
        assertThrows(IndexOutOfBoundsException.class, new Ipv4Packet().wrap(whole, 4)::destinationAddress);
        assertThrows(IndexOutOfBoundsException.class, new Ipv4Packet().wrap(whole, 12)::ttl);
        assertThrows(IndexOutOfBoundsException.class, new Ipv4Packet().wrap(whole, -9)::ttl);
    }

    @Test
    void aParserOnASliceReadsTheSliceNotTheArrayAroundIt() {
        byte[] frame = vxlanTcpFrame();
        byte[] bigger = guarded(frame, 7, 9);
        ByteBuffer slice = ByteBuffer.wrap(bigger).slice(7, frame.length);
        PacketParser parser = new PacketParser();
        assertEquals(PacketParser.OK, parser.parse(slice, 0, frame.length));
        assertEquals(0x0200_0000_0003L, parser.ethernet().destination(), "index 0 is the slice's first byte");
        assertEquals(INNER_SOURCE, parser.innerIpv4().sourceAddress());
        assertEquals(1460, parser.innerTcpOptionValues().maximumSegmentSize());
        assertNotEquals(bigger[0], frame[0]);
        assertSame(slice, parser.innerTcp().buffer());
    }
}
