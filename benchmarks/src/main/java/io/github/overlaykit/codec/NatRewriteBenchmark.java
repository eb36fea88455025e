package io.github.overlaykit.codec;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * kube-proxy's DNAT from the article ({@code DNAT --to-destination 10.244.1.8:9000} for the Service
 * 10.103.5.88:9000) on the inner IPv4/TCP packet of the SYN, with {@code payloadLength} bytes of TCP
 * payload: {@link NatRewriter#dnat(ByteBuffer, int, int, int)} (RFC 1624 incremental updates) against
 * rewriting the same fields and recomputing both checksums over the header and the whole segment (with
 * the same fast {@link InternetChecksum#sum(ByteBuffer, int, int)}, so only the algorithm differs).
 *
 * <p>Each operation rewrites the destination to the other of the two endpoints (Service, then pod,
 * then Service...), so every call really changes the packet. Each method returns the TCP checksum it
 * left in the packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class NatRewriteBenchmark {
    private static final int IPV4 = FlannelFrames.INNER_IPV4_OFFSET;
    private static final int TCP = IPV4 + Ipv4Packet.MIN_HEADER_LENGTH;
    // Indexed by the turn, which is 1 on the first operation: the packet starts addressed to the pod.
    private static final int[] ADDRESSES = {FlannelFrames.POD_DESTINATION, FlannelFrames.SERVICE_ADDRESS};
    private static final int[] PORTS = {FlannelFrames.DESTINATION_PORT, FlannelFrames.DESTINATION_PORT};

    /** TCP payload bytes: 0 (the SYN) or 1400 (a full segment). */
    @Param({"0", "1400"})
    public int payloadLength;

    private ByteBuffer incrementalPacket;
    private ByteBuffer recomputedPacket;
    private int incrementalTurn;
    private int recomputedTurn;

    /** Creates the state; {@link #setUp()} builds the packets once {@link #payloadLength} is set. */
    public NatRewriteBenchmark() {
    }

    /** Builds two copies of the inner frame, one per method. */
    @Setup(Level.Trial)
    public void setUp() {
        incrementalPacket = ByteBuffer.wrap(FlannelFrames.innerSyn(payloadLength));
        recomputedPacket = ByteBuffer.wrap(FlannelFrames.innerSyn(payloadLength));
    }

    /**
     * DNAT with incremental checksum updates.
     *
     * @return the TCP checksum after the rewrite
     */
    @Benchmark
    public int incremental() {
        int turn = incrementalTurn ^= 1;
        NatRewriter.dnat(incrementalPacket, IPV4, ADDRESSES[turn], PORTS[turn]);
        return incrementalPacket.getShort(TCP + TcpPacket.CHECKSUM_OFFSET);
    }

    /**
     * DNAT recomputing the IPv4 header checksum and the TCP checksum from scratch.
     *
     * @return the TCP checksum after the rewrite
     */
    @Benchmark
    public int fullRecompute() {
        int turn = recomputedTurn ^= 1;
        return dnatRecomputing(recomputedPacket, IPV4, ADDRESSES[turn], PORTS[turn]);
    }

    /** Rewrites destination address and port, then recomputes both checksums; returns the TCP one. */
    static int dnatRecomputing(ByteBuffer packet, int ipv4, int address, int port) {
        int headerLength = (packet.get(ipv4) & 0x0F) << 2;
        int tcp = ipv4 + headerLength;
        int segmentLength = (packet.getShort(ipv4 + Ipv4Packet.TOTAL_LENGTH_OFFSET) & 0xFFFF) - headerLength;
        packet.putInt(ipv4 + Ipv4Packet.DESTINATION_OFFSET, address);
        packet.putShort(tcp + TcpPacket.DESTINATION_PORT_OFFSET, (short) port);
        packet.putShort(ipv4 + Ipv4Packet.CHECKSUM_OFFSET, (short) 0);
        packet.putShort(ipv4 + Ipv4Packet.CHECKSUM_OFFSET, (short) InternetChecksum.checksum(packet, ipv4, headerLength));
        packet.putShort(tcp + TcpPacket.CHECKSUM_OFFSET, (short) 0);
        int checksum = InternetChecksum.finish(InternetChecksum.pseudoHeaderSum(
                packet.getInt(ipv4 + Ipv4Packet.SOURCE_OFFSET), address, IpProtocol.TCP, segmentLength)
                + InternetChecksum.sum(packet, tcp, segmentLength));
        packet.putShort(tcp + TcpPacket.CHECKSUM_OFFSET, (short) checksum);
        return (short) checksum;
    }

    ByteBuffer incrementalPacket() {
        return incrementalPacket;
    }

    ByteBuffer recomputedPacket() {
        return recomputedPacket;
    }
}
