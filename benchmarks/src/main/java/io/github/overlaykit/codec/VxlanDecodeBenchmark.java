package io.github.overlaykit.codec;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpMaximumSegmentSizeOption;
import org.pcap4j.packet.TcpPacket.TcpHeader;
import org.pcap4j.packet.TcpPacket.TcpOption;
import org.pcap4j.packet.TcpTimestampsOption;
import org.pcap4j.packet.TcpWindowScaleOption;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.util.ByteArrays;

/**
 * Full-stack decode of the flannel article's SYN inside VXLAN ({@link FlannelFrames#vxlanSyn()}: outer
 * Ethernet/IPv4/UDP 8472/VXLAN, inner Ethernet/IPv4/TCP with MSS, SACK-permitted, timestamps, NOP and
 * window scale), by {@link PacketParser} and, in the same run, by pcap4j 1.8.2.
 *
 * <p>Both sides do the same work: decode every header of both stacks, check that the frame is VXLAN on
 * 8472 with the I flag set and carries TCP, decode the TCP options, and store the same nine fields (VNI,
 * inner source and destination address, ports, TCP flags, MSS, window scale, TSval) into a
 * {@link DecodedSyn} held by the state. pcap4j has no VXLAN: it decodes the outer stack, the VXLAN
 * header is read from the bytes at the offset pcap4j's headers give, and the bytes after it are decoded
 * as an Ethernet packet. pcap4j gets its most favourable path: the inner frame is decoded straight from
 * the original array (no {@code getRawData()} copy of the UDP payload), the option list is walked with
 * {@code instanceof} rather than {@code Packet.get(Class)}.
 *
 * <p>The reject benchmarks decode broken copies of the frame: cut 10 bytes short (the outer IPv4 total
 * length exceeds the data: the first layer that can tell) and with the inner TCP data offset set to 4
 * (the deepest reject: every other layer decodes first). They return the status and the reject offset.
 *
 * <p>Warm-up is 15 one-second iterations because pcap4j's much larger code takes that long to be
 * compiled by C2 on a loaded 2-vCPU machine (with 3 it is still interpreted and measures ~20x slower,
 * which would flatter us).
 *
 * <p>The JVM's default heap is kept: the heap's placement picks how compressed pointers are decoded, and
 * the decode follows pointers (parser, flyweight, array). A 2 GiB heap under 4 GiB gets 32-bit compressed
 * oops, the project's default 6 GiB heap shifted ones; the decode measured about 3 ns faster with the
 * former before the parser's early wraps (5af7322), about 1 ns after (23.5 against 24.3 ns).
 * docs/benchmarks.md records both, with {@code -jvmArgsAppend "-Xms2g -Xmx2g"} for the former.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class VxlanDecodeBenchmark {
    private static final int TCP_DATA_OFFSET_INDEX = VxlanEncapsulator.HEADROOM + EthernetFrame.HEADER_LENGTH + 20
            + TcpPacket.DATA_OFFSET_OFFSET;

    private final byte[] frame = FlannelFrames.vxlanSyn();
    private final ByteBuffer heap = ByteBuffer.wrap(frame);
    private final ByteBuffer direct = FlannelFrames.direct(frame);
    private final int truncatedLength = frame.length - 10;
    private final byte[] badTcpFrame = badTcpHeader(frame);
    private final ByteBuffer badTcpHeap = ByteBuffer.wrap(badTcpFrame);
    private final PacketParser parser = new PacketParser();
    private final DecodedSyn decoded = new DecodedSyn();

    /** Creates the state: the frame, its broken copies, a parser and the result holder. */
    public VxlanDecodeBenchmark() {
    }

    private static byte[] badTcpHeader(byte[] frame) {
        byte[] copy = frame.clone();
        copy[TCP_DATA_OFFSET_INDEX] = (byte) (4 << 4);
        return copy;
    }

    /**
     * Decodes the frame from a heap buffer wrapping the same array pcap4j reads.
     *
     * @return the decoded fields
     */
    @Benchmark
    public DecodedSyn overlaykit() {
        return decode(parser, heap, frame.length, decoded);
    }

    /**
     * Decodes the frame from a direct buffer (what a socket or AF_XDP ring hands over).
     *
     * @return the decoded fields
     */
    @Benchmark
    public DecodedSyn overlaykitDirect() {
        return decode(parser, direct, frame.length, decoded);
    }

    /**
     * Decodes the frame from the heap buffer as {@link #overlaykit()} does, but walks the options one by one
     * with the {@link TcpOptionCursor} (what a caller who wants every option, unknown kinds included, does).
     *
     * @return the decoded fields
     */
    @Benchmark
    public DecodedSyn overlaykitOptionCursor() {
        return decodeWithCursor(parser, heap, frame.length, decoded);
    }

    /**
     * The floor: the same checks and fields written as one method over the array ({@link HandWrittenDecode}),
     * with nothing kept for anyone else.
     *
     * @return the decoded fields
     */
    @Benchmark
    public DecodedSyn handWritten() {
        return HandWrittenDecode.decode(frame, frame.length, decoded);
    }

    /**
     * Decodes the frame with pcap4j, the only Java packet library with these dissectors.
     *
     * @return the decoded fields
     */
    @Benchmark
    public DecodedSyn pcap4j() {
        return decodeWithPcap4j(frame, frame.length, decoded);
    }

    /**
     * Rejects the frame cut 10 bytes short.
     *
     * @return status in the high 16 bits, reject offset in the low 16
     */
    @Benchmark
    public int overlaykitRejectTruncated() {
        int status = parser.parse(heap, 0, truncatedLength);
        return status << 16 | parser.rejectOffset();
    }

    /**
     * Rejects the frame whose inner TCP data offset is 4, after decoding every layer before it.
     *
     * @return status in the high 16 bits, reject offset in the low 16
     */
    @Benchmark
    public int overlaykitRejectBadTcpHeader() {
        int status = parser.parse(badTcpHeap, 0, badTcpFrame.length);
        return status << 16 | parser.rejectOffset();
    }

    /**
     * pcap4j on the frame whose inner TCP data offset is 4 (it builds an illegal-packet object there).
     *
     * @return the holder, marked not decoded
     */
    @Benchmark
    public DecodedSyn pcap4jRejectBadTcpHeader() {
        return decodeWithPcap4j(badTcpFrame, badTcpFrame.length, decoded);
    }

    /**
     * The overlaykit side: one parse through both stacks, then the option values in one pass
     * ({@link PacketParser#innerTcpOptionValues()}).
     *
     * @param parser a reusable parser
     * @param buffer the frame at index 0
     * @param length the frame's length
     * @param out    where the fields go
     * @return {@code out}
     */
    static DecodedSyn decode(PacketParser parser, ByteBuffer buffer, int length, DecodedSyn out) {
        if (parser.parse(buffer, 0, length) != PacketParser.OK
                || !parser.has(PacketParser.VXLAN | PacketParser.INNER_TCP)
                || parser.udp().destinationPort() != UdpPorts.VXLAN_LINUX) {
            return out.none();
        }
        TcpOptionValues options = parser.innerTcpOptionValues();
        Ipv4Packet ip = parser.innerIpv4();
        TcpPacket tcp = parser.innerTcp();
        return out.set(parser.vxlan().vni(), ip.sourceAddress(), ip.destinationAddress(), tcp.sourcePort(),
                tcp.destinationPort(), tcp.flags(), options.maximumSegmentSize(), options.windowScale(),
                options.timestampValue());
    }

    /**
     * {@link #decode} with the options walked by the cursor instead of decoded in one pass.
     *
     * @param parser a reusable parser
     * @param buffer the frame at index 0
     * @param length the frame's length
     * @param out    where the fields go
     * @return {@code out}
     */
    static DecodedSyn decodeWithCursor(PacketParser parser, ByteBuffer buffer, int length, DecodedSyn out) {
        if (parser.parse(buffer, 0, length) != PacketParser.OK
                || !parser.has(PacketParser.VXLAN | PacketParser.INNER_TCP)
                || parser.udp().destinationPort() != UdpPorts.VXLAN_LINUX) {
            return out.none();
        }
        int mss = -1;
        int windowScale = -1;
        long timestamp = -1;
        TcpOptionCursor options = parser.innerTcpOptions();
        while (options.next()) {
            if (!options.lengthValid()) {
                continue;
            }
            switch (options.kind()) {
                case TcpOptionCursor.MSS:
                    mss = options.maximumSegmentSize();
                    break;
                case TcpOptionCursor.WINDOW_SCALE:
                    windowScale = options.windowScale();
                    break;
                case TcpOptionCursor.TIMESTAMPS:
                    timestamp = options.timestampValue();
                    break;
                default:
                    break;
            }
        }
        Ipv4Packet ip = parser.innerIpv4();
        TcpPacket tcp = parser.innerTcp();
        return out.set(parser.vxlan().vni(), ip.sourceAddress(), ip.destinationAddress(), tcp.sourcePort(),
                tcp.destinationPort(), tcp.flags(), mss, windowScale, timestamp);
    }

    /**
     * The pcap4j side: the outer stack, the VXLAN header from the bytes, the inner Ethernet packet from
     * the bytes after it, then the option list.
     *
     * @param frame  the frame at index 0
     * @param length the frame's length
     * @param out    where the fields go
     * @return {@code out}
     */
    static DecodedSyn decodeWithPcap4j(byte[] frame, int length, DecodedSyn out) {
        try {
            EthernetPacket outer = EthernetPacket.newPacket(frame, 0, length);
            if (!(outer.getPayload() instanceof IpV4Packet)) {
                return out.none();
            }
            IpV4Packet ip = (IpV4Packet) outer.getPayload();
            if (!(ip.getPayload() instanceof UdpPacket)) {
                return out.none();
            }
            UdpPacket udp = (UdpPacket) ip.getPayload();
            UdpPacket.UdpHeader udpHeader = udp.getHeader();
            int vxlanLength = udpHeader.getLengthAsInt() - udpHeader.length();
            if (udpHeader.getDstPort().valueAsInt() != UdpPorts.VXLAN_LINUX
                    || vxlanLength < VxlanPacket.HEADER_LENGTH) {
                return out.none();
            }
            int vxlan = outer.getHeader().length() + ip.getHeader().length() + udpHeader.length();
            if ((frame[vxlan] & VxlanPacket.FLAG_I) == 0) {
                return out.none();
            }
            int vni = ByteArrays.getInt(frame, vxlan + VxlanPacket.VNI_OFFSET) >>> 8;
            EthernetPacket inner = EthernetPacket.newPacket(frame, vxlan + VxlanPacket.HEADER_LENGTH,
                    vxlanLength - VxlanPacket.HEADER_LENGTH);
            Packet innerPayload = inner.getPayload();
            if (!(innerPayload instanceof IpV4Packet)) {
                return out.none();
            }
            IpV4Packet innerIp = (IpV4Packet) innerPayload;
            if (!(innerIp.getPayload() instanceof org.pcap4j.packet.TcpPacket)) {
                return out.none();
            }
            TcpHeader tcp = ((org.pcap4j.packet.TcpPacket) innerIp.getPayload()).getHeader();
            int mss = -1;
            int windowScale = -1;
            long timestamp = -1;
            for (TcpOption option : tcp.getOptions()) {
                if (option instanceof TcpMaximumSegmentSizeOption) {
                    mss = ((TcpMaximumSegmentSizeOption) option).getMaxSegSizeAsInt();
                } else if (option instanceof TcpWindowScaleOption) {
                    windowScale = ((TcpWindowScaleOption) option).getShiftCountAsInt();
                } else if (option instanceof TcpTimestampsOption) {
                    timestamp = ((TcpTimestampsOption) option).getTsValueAsLong();
                }
            }
            // pcap4j follows RFC 793: 6 reserved bits, the low two of which are CWR and ECE.
            int flags = (tcp.getReserved() & 0x03) << 6 | (tcp.getUrg() ? TcpPacket.URG : 0)
                    | (tcp.getAck() ? TcpPacket.ACK : 0) | (tcp.getPsh() ? TcpPacket.PSH : 0)
                    | (tcp.getRst() ? TcpPacket.RST : 0) | (tcp.getSyn() ? TcpPacket.SYN : 0)
                    | (tcp.getFin() ? TcpPacket.FIN : 0);
            return out.set(vni, addressBits(innerIp.getHeader().getSrcAddr()),
                    addressBits(innerIp.getHeader().getDstAddr()), tcp.getSrcPort().valueAsInt(),
                    tcp.getDstPort().valueAsInt(), flags, mss, windowScale, timestamp);
        } catch (IllegalRawDataException e) {
            return out.none();
        }
    }

    private static int addressBits(Inet4Address address) {
        return ByteArrays.getInt(address.getAddress(), 0);
    }
}
