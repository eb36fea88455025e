package io.github.overlaykit.codec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
import org.pcap4j.packet.IpV4Rfc1349Tos;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.UdpPort;
import org.pcap4j.util.MacAddress;

/**
 * VXLAN encapsulation of the flannel article's inner SYN (74 bytes) from node 172.17.16.14 to node
 * 106.55.227.160, VNI 1, port 8472: each operation writes the 50 outer bytes again into the headroom
 * in front of the same inner frame, with the next IPv4 identification and the source port hashed from
 * the inner flow.
 *
 * <p>Baselines in the same run: {@code naive}, the obvious hand-written version (relative
 * {@code ByteBuffer} puts, the IPv4 header checksum recomputed over its 20 bytes, the same flow hash);
 * and {@code pcap4j}, which cannot write into headroom, so it builds the outer packet around a new array
 * holding the VXLAN header and a copy of the inner frame and serialises it with {@code getRawData()} —
 * how a pcap4j user produces the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class VxlanEncapsulateBenchmark {
    private static final int INNER_OFFSET = VxlanEncapsulator.HEADROOM;
    private static final int INNER_LENGTH = FlannelFrames.INNER_SYN_LENGTH;

    private final byte[] inner = FlannelFrames.innerSyn(0);
    private final ByteBuffer heap = withHeadroom(ByteBuffer.allocate(INNER_OFFSET + INNER_LENGTH), inner);
    private final ByteBuffer direct = withHeadroom(ByteBuffer.allocateDirect(INNER_OFFSET + INNER_LENGTH), inner);
    private final ByteBuffer naiveHeap = withHeadroom(ByteBuffer.allocate(INNER_OFFSET + INNER_LENGTH), inner);
    private final VxlanEncapsulator encapsulator = flannelEncapsulator();
    private final ByteBuffer[] twoFlows = {connection(8741), connection(8742)};
    private final VxlanEncapsulator alternating = flannelEncapsulator();
    private int packets;
    private final NaiveEncapsulator naive = new NaiveEncapsulator();
    private final Pcap4jEncapsulator pcap4j = new Pcap4jEncapsulator();

    /** Creates the state: the inner frame behind 50 bytes of headroom in each buffer, the encapsulators. */
    public VxlanEncapsulateBenchmark() {
    }

    static ByteBuffer withHeadroom(ByteBuffer buffer, byte[] inner) {
        buffer.put(INNER_OFFSET, inner);
        return buffer;
    }

    /** The inner SYN from another client port (another connection), behind headroom in a heap buffer. */
    static ByteBuffer connection(int clientPort) {
        byte[] inner = FlannelFrames.innerSyn(0);
        new TcpPacket().wrap(ByteBuffer.wrap(inner), EthernetFrame.HEADER_LENGTH + 20).sourcePort(clientPort);
        return withHeadroom(ByteBuffer.allocate(INNER_OFFSET + INNER_LENGTH), inner);
    }

    /** The encapsulator configured as flannel on node 172.17.16.14 sending to 106.55.227.160. */
    static VxlanEncapsulator flannelEncapsulator() {
        return new VxlanEncapsulator().sourceMac(FlannelFrames.OUTER_SOURCE_MAC)
                .destinationMac(FlannelFrames.OUTER_DESTINATION_MAC).sourceAddress(FlannelFrames.NODE_SOURCE)
                .destinationAddress(FlannelFrames.NODE_DESTINATION).vni(FlannelFrames.VNI)
                .destinationPort(FlannelFrames.VXLAN_PORT);
    }

    /**
     * Encapsulates in a heap buffer.
     *
     * @return the outer frame's offset
     */
    @Benchmark
    public int overlaykit() {
        return encapsulator.encapsulate(heap, INNER_OFFSET, INNER_LENGTH);
    }

    /**
     * Encapsulates packets of two connections in turn (heap buffers), so that every packet's flow differs
     * from the one before and is hashed: what a node forwarding many interleaved connections does.
     *
     * @return the outer frame's offset
     */
    @Benchmark
    public int overlaykitNewFlow() {
        return alternating.encapsulate(twoFlows[packets++ & 1], INNER_OFFSET, INNER_LENGTH);
    }

    /**
     * Encapsulates in a direct buffer.
     *
     * @return the outer frame's offset
     */
    @Benchmark
    public int overlaykitDirect() {
        return encapsulator.encapsulate(direct, INNER_OFFSET, INNER_LENGTH);
    }

    /**
     * The obvious hand-written encapsulation into the same headroom.
     *
     * @return the outer frame's offset
     */
    @Benchmark
    public int naive() {
        return naive.encapsulate(naiveHeap, INNER_OFFSET, INNER_LENGTH,
                encapsulator.sourcePort(naiveHeap, INNER_OFFSET, INNER_LENGTH));
    }

    /**
     * pcap4j builds the same outer frame as a new packet.
     *
     * @return the outer frame's bytes
     */
    @Benchmark
    public byte[] pcap4j() {
        return pcap4j.encapsulate(inner, encapsulator.sourcePort(heap, INNER_OFFSET, INNER_LENGTH));
    }

    ByteBuffer heap() {
        return heap;
    }

    ByteBuffer direct() {
        return direct;
    }

    ByteBuffer connectionBuffer(int index) {
        return twoFlows[index];
    }

    ByteBuffer naiveHeap() {
        return naiveHeap;
    }

    VxlanEncapsulator encapsulator() {
        return encapsulator;
    }

    /** Relative puts and a full header checksum: what one writes without thinking about speed. */
    static final class NaiveEncapsulator {
        private int identification;

        int encapsulate(ByteBuffer buffer, int innerOffset, int innerLength, int sourcePort) {
            int outer = innerOffset - VxlanEncapsulator.HEADROOM;
            int ip = outer + EthernetFrame.HEADER_LENGTH;
            int totalLength = innerLength + 36;
            buffer.position(outer);
            putMac(buffer, FlannelFrames.OUTER_DESTINATION_MAC);
            putMac(buffer, FlannelFrames.OUTER_SOURCE_MAC);
            buffer.putShort((short) EtherType.IPV4);
            buffer.put((byte) 0x45).put((byte) 0).putShort((short) totalLength).putShort((short) identification)
                    .putShort((short) 0).put((byte) FlannelFrames.TTL).put((byte) IpProtocol.UDP).putShort((short) 0)
                    .putInt(FlannelFrames.NODE_SOURCE).putInt(FlannelFrames.NODE_DESTINATION);
            identification = (identification + 1) & 0xFFFF;
            int sum = 0;
            for (int i = ip; i < ip + 20; i += 2) {
                sum += buffer.getShort(i) & 0xFFFF;
            }
            while (sum >>> 16 != 0) {
                sum = (sum & 0xFFFF) + (sum >>> 16);
            }
            buffer.putShort(ip + Ipv4Packet.CHECKSUM_OFFSET, (short) ~sum);
            buffer.putShort((short) sourcePort).putShort((short) FlannelFrames.VXLAN_PORT)
                    .putShort((short) (totalLength - 20)).putShort((short) 0);
            buffer.putInt(VxlanPacket.FLAG_I << 24).putInt(FlannelFrames.VNI << 8);
            buffer.position(0);
            return outer;
        }

        private static void putMac(ByteBuffer buffer, long mac) {
            for (int shift = 40; shift >= 0; shift -= 8) {
                buffer.put((byte) (mac >>> shift));
            }
        }
    }

    /** pcap4j's builders, with every value object that can be made once made once. */
    static final class Pcap4jEncapsulator {
        private final MacAddress sourceMac = MacAddress.getByAddress(macBytes(FlannelFrames.OUTER_SOURCE_MAC));
        private final MacAddress destinationMac =
                MacAddress.getByAddress(macBytes(FlannelFrames.OUTER_DESTINATION_MAC));
        private final Inet4Address source = inet(FlannelFrames.NODE_SOURCE);
        private final Inet4Address destination = inet(FlannelFrames.NODE_DESTINATION);
        private final IpV4Rfc1349Tos tos = IpV4Rfc1349Tos.newInstance((byte) 0);
        private final UdpPort vxlanPort = UdpPort.getInstance((short) FlannelFrames.VXLAN_PORT);
        private int identification;

        byte[] encapsulate(byte[] inner, int sourcePort) {
            byte[] vxlan = new byte[VxlanPacket.HEADER_LENGTH + inner.length];
            vxlan[0] = (byte) VxlanPacket.FLAG_I;
            vxlan[VxlanPacket.VNI_OFFSET + 2] = (byte) FlannelFrames.VNI;
            System.arraycopy(inner, 0, vxlan, VxlanPacket.HEADER_LENGTH, inner.length);
            org.pcap4j.packet.UdpPacket.Builder udp = new org.pcap4j.packet.UdpPacket.Builder()
                    .srcPort(UdpPort.getInstance((short) sourcePort)).dstPort(vxlanPort).srcAddr(source)
                    .dstAddr(destination).correctLengthAtBuild(true).correctChecksumAtBuild(false)
                    .payloadBuilder(new UnknownPacket.Builder().rawData(vxlan));
            org.pcap4j.packet.IpV4Packet.Builder ip = new org.pcap4j.packet.IpV4Packet.Builder()
                    .version(IpVersion.IPV4).ihl((byte) 5).tos(tos).identification((short) identification)
                    .ttl((byte) FlannelFrames.TTL).protocol(IpNumber.UDP).srcAddr(source).dstAddr(destination)
                    .correctLengthAtBuild(true).correctChecksumAtBuild(true).payloadBuilder(udp);
            identification = (identification + 1) & 0xFFFF;
            return new EthernetPacket.Builder().dstAddr(destinationMac).srcAddr(sourceMac)
                    .type(org.pcap4j.packet.namednumber.EtherType.IPV4).payloadBuilder(ip).paddingAtBuild(true)
                    .build().getRawData();
        }

        private static byte[] macBytes(long mac) {
            byte[] bytes = new byte[6];
            for (int i = 0; i < 6; i++) {
                bytes[i] = (byte) (mac >>> (40 - 8 * i));
            }
            return bytes;
        }

        private static Inet4Address inet(int address) {
            try {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (address >>> 24),
                        (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // four bytes are always a valid address
            }
        }
    }
}
