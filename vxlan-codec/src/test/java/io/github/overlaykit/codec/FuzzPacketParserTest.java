package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

class FuzzPacketParserTest {
    private final PacketParser strict = new PacketParser();
    private final PacketParser lenient = new PacketParser().truncatedAllowed(true).verifyIpv4Checksum(true)
            .vxlanStrictness(VxlanStrictness.LINUX);

    /**
     * The status API never throws; every decoded layer's accessors stay inside the frame (the buffer is
     * exactly the frame, so a read outside it throws), through the buffer (read-only) and through the array
     * (a writable heap buffer); the decoded TCP option values equal a TcpOptionCursor walk; parseOrThrow
     * throws only MalformedPacketException and exactly when parse rejects.
     */
    @FuzzTest(maxDuration = "20s")
    void parserNeverThrowsAndNeverReadsOutsideTheFrame(byte[] data) {
        if (data == null) {
            return;
        }
        for (PacketParser parser : new PacketParser[] {strict, lenient}) {
            ByteBuffer buffer = ByteBuffer.wrap(data).asReadOnlyBuffer();
            int status = parser.parse(buffer, 0, data.length);
            readEveryDecodedField(parser, data.length);
            optionValuesMatchTheCursorWalk(parser);
            try {
                parser.parseOrThrow(buffer, 0, data.length);
                assertEquals(PacketParser.OK, status);
            } catch (MalformedPacketException e) {
                assertTrue(status != PacketParser.OK, "threw only because parse rejects");
                assertTrue(e.offset() >= 0 && e.offset() <= data.length, e.getMessage());
            }
            // the same bytes in the middle of a larger buffer decode the same way
            ByteBuffer framed = ByteBuffer.allocate(data.length + 20);
            framed.put(10, data);
            assertEquals(status, parser.parse(framed.limit(10 + data.length), 10, data.length));
            // a writable heap buffer is read through its array, which is exactly the frame: a read past the
            // frame throws there too
            ByteBuffer exact = ByteBuffer.wrap(data.clone());
            assertEquals(status, parser.parse(exact, 0, data.length));
            readEveryDecodedField(parser, data.length);
            optionValuesMatchTheCursorWalk(parser);
        }
    }

    /**
     * The parser's TCP option values never throw and equal a TcpOptionCursor walk of its TCP headers'
     * options; every option is absent when the layer is.
     */
    static void optionValuesMatchTheCursorWalk(PacketParser parser) {
        TcpOptionValues outer;
        TcpOptionValues inner;
        try {
            outer = parser.tcpOptionValues();
            inner = parser.innerTcpOptionValues();
        } catch (RuntimeException e) {
            fail("option values failed, layers 0x" + Integer.toHexString(parser.layers()), e);
            return;
        }
        optionValuesMatch(parser.has(PacketParser.TCP), outer, parser.tcp());
        optionValuesMatch(parser.has(PacketParser.INNER_TCP), inner, parser.innerTcp());
    }

    private static void optionValuesMatch(boolean present, TcpOptionValues values, TcpPacket tcp) {
        if (present) {
            TcpOptionValuesTest.assertMatchesCursorWalk(values, tcp.buffer(), tcp.optionsOffset(), tcp.optionsLength());
        } else {
            assertEquals(TcpOptionValuesTest.valuesOf(new TcpOptionValues()), TcpOptionValuesTest.valuesOf(values),
                    "every option absent without the layer");
        }
    }

    /** Calls every accessor of every decoded layer, as a printer would; fails on any exception. */
    static void readEveryDecodedField(PacketParser parser, int length) {
        try {
            int layers = parser.layers();
            long sink = 0;
            if ((layers & PacketParser.ETHERNET) != 0) {
                sink += ethernet(parser.ethernet());
            }
            if ((layers & PacketParser.INNER_ETHERNET) != 0) {
                sink += ethernet(parser.innerEthernet());
                assertTrue(parser.innerFrameOffset() + parser.innerFrameLength() <= length);
            }
            if ((layers & PacketParser.ARP) != 0) {
                sink += arp(parser.arp());
            }
            if ((layers & PacketParser.INNER_ARP) != 0) {
                sink += arp(parser.innerArp());
            }
            if ((layers & PacketParser.IPV4) != 0) {
                sink += ipv4(parser.ipv4(), parser.ipv4PayloadLength(), length);
            }
            if ((layers & PacketParser.INNER_IPV4) != 0) {
                sink += ipv4(parser.innerIpv4(), parser.innerIpv4PayloadLength(), length);
            }
            if ((layers & PacketParser.ICMP) != 0) {
                sink += icmp(parser.icmp(), parser.ipv4PayloadLength());
            }
            if ((layers & PacketParser.INNER_ICMP) != 0) {
                sink += icmp(parser.innerIcmp(), parser.innerIpv4PayloadLength());
            }
            if ((layers & PacketParser.UDP) != 0) {
                sink += udp(parser.udp(), parser.ipv4(), parser.ipv4PayloadLength());
            }
            if ((layers & PacketParser.INNER_UDP) != 0) {
                sink += udp(parser.innerUdp(), parser.innerIpv4(), parser.innerIpv4PayloadLength());
            }
            if ((layers & PacketParser.TCP) != 0) {
                sink += tcp(parser.tcp(), parser.tcpOptions(), parser.ipv4(), parser.ipv4PayloadLength());
            }
            if ((layers & PacketParser.INNER_TCP) != 0) {
                sink += tcp(parser.innerTcp(), parser.innerTcpOptions(), parser.innerIpv4(),
                        parser.innerIpv4PayloadLength());
            }
            if ((layers & PacketParser.VXLAN) != 0) {
                VxlanPacket v = parser.vxlan();
                sink += v.flags() + v.vni() + v.reserved1() + v.reserved2() + v.groupPolicyId()
                        + (v.dontLearn() ? 1 : 0) + (v.policyApplied() ? 1 : 0) + (v.reservedBitsSet() ? 1 : 0);
                sink += v.toString().length();
            }
            assertTrue(sink != Long.MIN_VALUE);
        } catch (RuntimeException e) {
            fail("accessor failed on a decoded layer, layers 0x" + Integer.toHexString(parser.layers()), e);
        }
    }

    private static long ethernet(EthernetFrame e) {
        long sink = e.destination() + e.source() + e.etherType() + e.headerLength();
        for (int i = 0; i < e.tagCount(); i++) {
            sink += e.tagProtocol(i) + e.tagVlanId(i) + e.tagPriority(i) + (e.tagDropEligible(i) ? 1 : 0);
        }
        return sink + e.toString().length();
    }

    private static long arp(ArpPacket a) {
        long sink = a.hardwareType() + a.protocolType() + a.operation() + a.length() + a.targetProtocolAddressOffset();
        if (a.isEthernetIpv4()) {
            sink += a.senderHardwareAddress() + a.senderProtocolAddress() + a.targetHardwareAddress()
                    + a.targetProtocolAddress();
        }
        return sink + a.toString().length();
    }

    private static long ipv4(Ipv4Packet ip, int payloadLength, int length) {
        assertTrue(ip.payloadOffset() + payloadLength <= length, "IPv4 payload inside the frame");
        assertTrue(ip.optionsLength() >= 0 && ip.optionsLength() <= 40);
        long sink = ip.version() + ip.ihl() + ip.dscp() + ip.ecn() + ip.totalLength() + ip.identification()
                + ip.flags() + ip.fragmentOffset() + ip.ttl() + ip.protocol() + ip.headerChecksum()
                + ip.sourceAddress() + ip.destinationAddress() + (ip.verifyChecksum() ? 1 : 0) + ip.computeChecksum();
        return sink + ip.toString().length();
    }

    private static long icmp(IcmpPacket icmp, int length) {
        return icmp.type() + icmp.code() + icmp.checksum() + icmp.identifier() + icmp.sequenceNumber()
                + icmp.restOfHeader() + icmp.nextHopMtu() + icmp.gatewayAddress() + (icmp.verifyChecksum(length) ? 1 : 0)
                + icmp.toString().length();
    }

    private static long udp(UdpPacket udp, Ipv4Packet ip, int available) {
        long sink = udp.sourcePort() + udp.destinationPort() + udp.length() + udp.checksum();
        if (udp.length() <= available) {
            sink += udp.computeChecksum(ip.sourceAddress(), ip.destinationAddress());
        }
        return sink + udp.toString().length();
    }

    private static long tcp(TcpPacket tcp, TcpOptionCursor options, Ipv4Packet ip, int segmentLength) {
        long sink = tcp.sourcePort() + tcp.destinationPort() + tcp.sequenceNumber() + tcp.acknowledgmentNumber()
                + tcp.headerLength() + tcp.flags() + tcp.window() + tcp.checksum() + tcp.urgentPointer()
                + tcp.computeChecksum(ip.sourceAddress(), ip.destinationAddress(), segmentLength);
        while (options.next()) {
            sink += options.kind() + options.length();
            if (!options.lengthValid()) {
                continue;
            }
            switch (options.kind()) {
                case TcpOptionCursor.MSS -> sink += options.maximumSegmentSize();
                case TcpOptionCursor.WINDOW_SCALE -> sink += options.windowScale();
                case TcpOptionCursor.TIMESTAMPS -> sink += options.timestampValue() + options.timestampEchoReply();
                case TcpOptionCursor.SACK -> {
                    for (int i = 0; i < options.sackBlockCount(); i++) {
                        sink += options.sackLeftEdge(i) + options.sackRightEdge(i);
                    }
                }
                default -> sink += options.dataLength();
            }
        }
        return sink + tcp.toString().length();
    }
}
