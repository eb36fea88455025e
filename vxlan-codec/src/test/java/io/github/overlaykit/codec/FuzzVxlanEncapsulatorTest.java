package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;

class FuzzVxlanEncapsulatorTest {
    private final VxlanEncapsulator encapsulator = new VxlanEncapsulator().hashSeed(0x5EED).sourceAddress(0xC0000201)
            .destinationAddress(0xC0000202).vni(1);
    private final PacketParser parser = new PacketParser();

    /**
     * Any inner frame (the first byte of the input picks the buffer kind, the rest is the frame): the flow
     * hash reads nothing outside the frame (the same frame with other bytes around it, through the buffer
     * or the array, hashes the same), and the encapsulation leaves the frame as it was and writes 50 bytes
     * that decode as outer Ethernet/IPv4/UDP/VXLAN with a valid IPv4 checksum, the frame's length and the
     * source port of its flow.
     */
    @FuzzTest(maxDuration = "20s")
    void encapsulationReadsOnlyTheFrameAndWritesValidOuterHeaders(byte[] data) {
        if (data == null || data.length < 1) {
            return;
        }
        byte[] frame = Arrays.copyOfRange(data, 1, data.length);
        int hash = encapsulator.flowHash(ByteBuffer.wrap(frame.clone()), 0, frame.length);

        // other bytes before and after the frame, which must not change its hash
        byte[] around = new byte[VxlanEncapsulator.HEADROOM + frame.length + 64];
        Arrays.fill(around, data[0]);
        System.arraycopy(frame, 0, around, VxlanEncapsulator.HEADROOM, frame.length);
        ByteBuffer buffer = bufferOfKind(data[0] & 3, around);
        assertEquals(hash, encapsulator.flowHash(buffer, VxlanEncapsulator.HEADROOM, frame.length));
        assertEquals(hash, new VxlanEncapsulator().hashSeed(0x5EED).flowHash(buffer.asReadOnlyBuffer(),
                VxlanEncapsulator.HEADROOM, frame.length), "through the buffer, no last flow kept");

        int sourcePort = encapsulator.sourcePort(buffer, VxlanEncapsulator.HEADROOM, frame.length);
        assertEquals(0, encapsulator.encapsulate(buffer, VxlanEncapsulator.HEADROOM, frame.length));
        byte[] inner = new byte[frame.length];
        buffer.get(VxlanEncapsulator.HEADROOM, inner);
        assertArrayEquals(frame, inner, "the inner frame is not touched");
        assertEquals(data[0], buffer.get(VxlanEncapsulator.HEADROOM + frame.length), "nothing after it");

        int outerLength = VxlanEncapsulator.HEADROOM + frame.length;
        parser.parse(buffer, 0, outerLength);
        assertTrue(parser.has(PacketParser.ETHERNET | PacketParser.IPV4 | PacketParser.UDP | PacketParser.VXLAN),
                "layers 0x" + Integer.toHexString(parser.layers()));
        assertTrue(parser.ipv4().verifyChecksum());
        assertEquals(outerLength - EthernetFrame.HEADER_LENGTH, parser.ipv4().totalLength());
        assertEquals(sourcePort, parser.udp().sourcePort());
        assertEquals(frame.length + UdpPacket.HEADER_LENGTH + VxlanPacket.HEADER_LENGTH, parser.udp().length());
        assertEquals(1, parser.vxlan().vni());
        assertEquals(VxlanEncapsulator.HEADROOM, parser.innerFrameOffset());
        assertEquals(frame.length, parser.innerFrameLength());
    }

    /** Heap (read through its array), direct, a heap slice (through the buffer), a heap buffer at offset 0. */
    private static ByteBuffer bufferOfKind(int kind, byte[] bytes) {
        switch (kind) {
            case 0:
                return ByteBuffer.wrap(bytes);
            case 1:
                return ByteBuffer.allocateDirect(bytes.length).put(0, bytes);
            case 2:
                byte[] larger = new byte[bytes.length + 7];
                System.arraycopy(bytes, 0, larger, 7, bytes.length);
                return ByteBuffer.wrap(larger).position(7).slice();
            default:
                return ByteBuffer.allocate(bytes.length).put(0, bytes);
        }
    }
}
