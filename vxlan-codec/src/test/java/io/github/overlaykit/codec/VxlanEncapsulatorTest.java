package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VxlanEncapsulatorTest {
    /** tcpdump tests/vxlan_port_8472.pcap frame 1: the outer headers Linux wrote, and the inner frame. */
    private static final byte[] GOLDEN = Captures.frame("vxlan_port_8472.pcap", 0);
    private static final byte[] INNER = Arrays.copyOfRange(GOLDEN, 50, GOLDEN.length);

    /** An encapsulator set up like the sender of the golden frame. */
    private static VxlanEncapsulator goldenSender() {
        return new VxlanEncapsulator().destinationMac(MacAddress.parseLong("00:16:3e:08:71:cf"))
                .sourceMac(MacAddress.parseLong("36:dc:85:1e:b3:40"))
                .sourceAddress(Ipv4Address.parse("192.168.203.1").bits())
                .destinationAddress(Ipv4Address.parse("192.168.202.1").bits())
                .vni(100).destinationPort(UdpPorts.VXLAN_LINUX).ttl(64).typeOfService(0).dontFragment(true)
                .identification(53952);
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldWriteTheGoldenOuterHeadersIntoHeadroomWithoutMovingTheFrame(BufferKind kind) {
        int headroom = 64;
        ByteBuffer buffer = kind.allocate(headroom + INNER.length, (byte) 0xA5);
        int innerOffset = kind.base() + headroom;
        buffer.put(innerOffset, INNER);
        VxlanEncapsulator encapsulator = goldenSender();

        int outer = encapsulator.encapsulate(buffer, innerOffset, INNER.length);

        assertEquals(innerOffset - VxlanEncapsulator.HEADROOM, outer);
        byte[] expected = GOLDEN.clone();
        int sourcePort = encapsulator.sourcePort(buffer, innerOffset, INNER.length);
        expected[34] = (byte) (sourcePort >>> 8); // Linux's port comes from its keyed hash; ours from the same flow
        expected[35] = (byte) sourcePort;
        assertArrayEquals(expected, BufferKind.bytes(buffer, outer, GOLDEN.length),
                "Ethernet, IPv4 (checksum 0x5152 included), UDP and VXLAN as Linux wrote them");
        assertEquals((byte) 0xA5, buffer.get(outer - 1), "nothing written before the headroom used");
        assertEquals(53953, encapsulator.identification(), "identification counts per packet");
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldDecapsulateWhatItEncapsulated(BufferKind kind) {
        Random random = new Random(7348);
        VxlanEncapsulator encapsulator = new VxlanEncapsulator().sourceAddress(random.nextInt())
                .destinationAddress(random.nextInt()).sourceMac(0x0E2B_2A1F_0439L).destinationMac(0x02AA_BBCC_DDEEL)
                .vni(1).udpChecksum(true).typeOfService(0xB8).ttl(3);
        VxlanDecapsulator decapsulator = new VxlanDecapsulator().strictness(VxlanStrictness.LINUX);
        PacketParser parser = new PacketParser().verifyIpv4Checksum(true);
        for (Captures.Frame frame : Captures.tcpdump("vxlan.pcap")) {
            byte[] inner = Arrays.copyOfRange(frame.bytes(), 50, frame.bytes().length);
            ByteBuffer buffer = kind.allocate(VxlanEncapsulator.HEADROOM + inner.length, (byte) 0xA5);
            int innerOffset = kind.base() + VxlanEncapsulator.HEADROOM;
            buffer.put(innerOffset, inner);

            int outer = encapsulator.encapsulate(buffer, innerOffset, inner.length);
            int length = inner.length + VxlanEncapsulator.HEADROOM;

            assertEquals(PacketParser.OK, decapsulator.decapsulate(buffer, outer, length));
            assertEquals(innerOffset, decapsulator.innerOffset());
            assertEquals(inner.length, decapsulator.innerLength());
            assertEquals(1, decapsulator.vni());
            assertArrayEquals(inner, BufferKind.bytes(buffer, decapsulator.innerOffset(), decapsulator.innerLength()));

            assertEquals(PacketParser.OK, parser.parse(buffer, outer, length));
            assertTrue(parser.hasVxlan());
            assertEquals(0xB8, parser.ipv4().typeOfService());
            assertEquals(3, parser.ipv4().ttl());
            assertTrue(parser.ipv4().verifyChecksum());
            UdpPacket udp = parser.udp();
            assertNotEquals(0, udp.checksum());
            assertTrue(udp.verifyChecksum(parser.ipv4().sourceAddress(), parser.ipv4().destinationAddress()));
            byte[] datagram = BufferKind.bytes(buffer, udp.offset(), udp.length());
            datagram[6] = 0;
            datagram[7] = 0;
            assertEquals(NaiveChecksum.transportChecksum(parser.ipv4().sourceAddress(), parser.ipv4().destinationAddress(),
                    IpProtocol.UDP, datagram, 0, datagram.length), udp.checksum());
            assertEquals(inner.length, parser.innerFrameLength());
        }
    }

    @Test
    void shouldSendUdpChecksumZeroByDefault() {
        ByteBuffer buffer = ByteBuffer.allocate(VxlanEncapsulator.HEADROOM + INNER.length);
        buffer.put(VxlanEncapsulator.HEADROOM, INNER);
        int outer = goldenSender().encapsulate(buffer, VxlanEncapsulator.HEADROOM, INNER.length);
        UdpPacket udp = new UdpPacket().wrap(buffer, outer + 34);
        assertEquals(0, udp.checksum());
        assertEquals(8472, udp.destinationPort());
        assertEquals(INNER.length + 16, udp.length());
    }

    @Test
    void shouldMapTheFlowHashIntoThePortRangeAsUdpFlowSrcPortDoes() {
        VxlanEncapsulator encapsulator = new VxlanEncapsulator();
        assertEquals(32768, encapsulator.sourcePortMin());
        assertEquals(60999, encapsulator.sourcePortMax());
        Random random = new Random(8472);
        Set<Integer> ports = new HashSet<>();
        byte[] frame = INNER.clone();
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        for (int i = 0; i < 10_000; i++) {
            new Ipv4Packet().wrap(buffer, 14).sourceAddress(random.nextInt());
            int port = encapsulator.sourcePort(buffer, 0, frame.length);
            // include/net/udp.h: hash ^= hash << 16; return (((u64) hash * (max - min)) >> 32) + min;
            long hash = encapsulator.flowHash(buffer, 0, frame.length) & 0xFFFF_FFFFL;
            hash = (hash ^ (hash << 16)) & 0xFFFF_FFFFL;
            assertEquals((int) ((hash * (60999 - 32768)) >>> 32) + 32768, port);
            assertTrue(port >= 32768 && port < 60999, "port " + port);
            ports.add(port);
        }
        assertTrue(ports.size() > 8_000, "flows spread over the range: " + ports.size() + " distinct ports");

        encapsulator.sourcePortRange(49152, 65536);
        for (int i = 0; i < 1000; i++) {
            new Ipv4Packet().wrap(buffer, 14).destinationAddress(random.nextInt());
            int port = encapsulator.sourcePort(buffer, 0, frame.length);
            assertTrue(port >= 49152 && port <= 65535, "RFC 7348 range: " + port);
        }
        encapsulator.sourcePortRange(5, 5);
        assertEquals(32768, encapsulator.sourcePortMin(), "min >= max means Linux's default range");
    }

    @Test
    void shouldHashTheInnerFlowOnly() {
        VxlanEncapsulator encapsulator = new VxlanEncapsulator().hashSeed(42);
        byte[] tcp = Arrays.copyOfRange(Captures.frame("gso-ipv4-vxlan-ipv4.pcap", 0), 50, 50 + 100);
        ByteBuffer buffer = ByteBuffer.wrap(tcp);
        int port = encapsulator.sourcePort(buffer, 0, tcp.length);
        buffer.put(60, (byte) 0x12); // payload byte: same flow, same port
        assertEquals(port, encapsulator.sourcePort(buffer, 0, tcp.length));
        buffer.put(6, (byte) 0x12); // inner source MAC is not part of an IPv4 flow
        assertEquals(port, encapsulator.sourcePort(buffer, 0, tcp.length));
        int flow = encapsulator.flowHash(buffer, 0, tcp.length);
        new TcpPacket().wrap(buffer, 34).sourcePort(37100); // another connection
        assertNotEquals(flow, encapsulator.flowHash(buffer, 0, tcp.length));
        assertNotEquals(flow, new VxlanEncapsulator().hashSeed(43).flowHash(ByteBuffer.wrap(tcp), 0, tcp.length));

        byte[] arp = Arrays.copyOfRange(Captures.frame("vxlan.pcap", 1), 50, 92);
        int arpHash = encapsulator.flowHash(ByteBuffer.wrap(arp), 0, arp.length);
        arp[0] ^= 1;
        assertNotEquals(arpHash, encapsulator.flowHash(ByteBuffer.wrap(arp), 0, arp.length),
                "non-IP frames hash their MAC addresses, as Linux's fallback does");
        encapsulator.flowHash(ByteBuffer.wrap(new byte[5]), 0, 5); // too short for a header: still a hash
    }

    @Test
    void shouldHashEveryFlowAsDocumentedAlsoWhenTheLastFlowIsReused() {
        byte[] tcp = Arrays.copyOfRange(Captures.frame("gso-ipv4-vxlan-ipv4.pcap", 0), 50, 50 + 100);
        VxlanEncapsulator reused = new VxlanEncapsulator().hashSeed(7);
        Random random = new Random(5);
        byte[] previous = tcp.clone();
        for (int i = 0; i < 20_000; i++) {
            // Half the frames repeat the previous flow (payload or TTL changed), half change one flow byte.
            byte[] frame = previous.clone();
            int at = random.nextBoolean() ? 14 + random.nextInt(24) : 40 + random.nextInt(60);
            frame[at] = (byte) random.nextInt(256);
            if (random.nextInt(8) == 0) {
                frame[14] = (byte) (0x45 + random.nextInt(3)); // IHL 5..7: the ports move
            }
            if (random.nextInt(50) == 0) {
                reused.hashSeed(random.nextInt(3) + 6); // also forgets the last flow
            }
            int seed = reusedSeed(reused, frame);
            ByteBuffer buffer = ByteBuffer.wrap(frame);
            String where = "frame " + i + " " + Arrays.toString(frame);
            int expected = documentedIpv4FlowHash(seed, frame);
            assertEquals(expected, reused.flowHash(buffer, 0, frame.length), where);
            assertEquals(expected, reused.flowHash(buffer, 0, frame.length), where + " (again)");
            assertEquals(expected, new VxlanEncapsulator().hashSeed(seed).flowHash(buffer, 0, frame.length), where);
            previous = frame;
        }
    }

    /** The seed an encapsulator hashes with, found by comparing with fresh ones (it has no getter). */
    private static int reusedSeed(VxlanEncapsulator encapsulator, byte[] frame) {
        byte[] probe = frame.clone();
        probe[12] = 0x08; // a non-IP EtherType: the MAC fallback, never taken from the last flow
        probe[13] = 0x06;
        int hash = encapsulator.flowHash(ByteBuffer.wrap(probe), 0, probe.length);
        for (int seed = 6; seed <= 8; seed++) {
            if (new VxlanEncapsulator().hashSeed(seed).flowHash(ByteBuffer.wrap(probe), 0, probe.length) == hash) {
                return seed;
            }
        }
        throw new AssertionError("unknown seed");
    }

    /**
     * The documented flow hash, written out: source and destination as one word, ports, protocol and a
     * has-ports bit as the other, each times its odd constant, plus the mixed seed, through Mix13.
     */
    private static int documentedIpv4FlowHash(int seed, byte[] frame) {
        ByteBuffer bytes = ByteBuffer.wrap(frame);
        int ip = 14;
        int protocol = frame[ip + 9] & 0xFF;
        int transport = ip + (frame[ip] & 0x0F) * 4;
        boolean ports = (protocol == 6 || protocol == 17) && (bytes.getShort(ip + 6) & 0x1FFF) == 0
                && transport >= ip + 20 && frame.length - transport >= 4;
        long addresses = bytes.getLong(ip + 12);
        long second = ports ? Integer.toUnsignedLong(bytes.getInt(transport)) * 512 + 256 + protocol : protocol;
        long z = addresses * 0x9E3779B97F4A7C15L + second * 0xC2B2AE3D27D4EB4FL + mix13(Integer.toUnsignedLong(seed));
        return (int) (mix13(z) >>> 32);
    }

    /** Stafford's Mix13 (the splitmix64 finaliser). */
    private static long mix13(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Test
    void shouldFlipEveryHashBitWithProbabilityOneHalfWhenAnyKeyBitFlips() {
        // The strict avalanche criterion over the key bits a flow varies in: addresses and ports. With
        // 2,000 random flows per key bit, one standard deviation of a flip rate is 0.011.
        VxlanEncapsulator encapsulator = new VxlanEncapsulator().hashSeed(8472);
        byte[] tcp = Arrays.copyOfRange(Captures.frame("gso-ipv4-vxlan-ipv4.pcap", 0), 50, 50 + 100);
        int[] keyBytes = {26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37}; // addresses, then both TCP ports
        Random random = new Random(4789);
        int flows = 2_000;
        int[][] flips = new int[keyBytes.length * 8][32];
        for (int n = 0; n < flows; n++) {
            for (int at : keyBytes) {
                tcp[at] = (byte) random.nextInt(256);
            }
            int hash = encapsulator.flowHash(ByteBuffer.wrap(tcp), 0, tcp.length);
            for (int bit = 0; bit < keyBytes.length * 8; bit++) {
                tcp[keyBytes[bit / 8]] ^= (byte) (1 << (bit % 8));
                int changed = hash ^ encapsulator.flowHash(ByteBuffer.wrap(tcp), 0, tcp.length);
                tcp[keyBytes[bit / 8]] ^= (byte) (1 << (bit % 8));
                for (int out = 0; out < 32; out++) {
                    flips[bit][out] += (changed >>> out) & 1;
                }
            }
        }
        for (int bit = 0; bit < flips.length; bit++) {
            for (int out = 0; out < 32; out++) {
                double rate = flips[bit][out] / (double) flows;
                assertTrue(rate > 0.44 && rate < 0.56, "key byte " + keyBytes[bit / 8] + " bit " + bit % 8
                        + " flips hash bit " + out + " at rate " + rate);
            }
        }
    }

    @Test
    void shouldRefuseFramesWithoutHeadroomOrWithBadVni() {
        VxlanEncapsulator encapsulator = new VxlanEncapsulator();
        ByteBuffer buffer = ByteBuffer.allocate(100);
        assertThrows(IllegalArgumentException.class, () -> encapsulator.encapsulate(buffer, 49, 10));
        assertThrows(IllegalArgumentException.class, () -> encapsulator.encapsulate(buffer, 50, 51));
        assertThrows(IllegalArgumentException.class, () -> encapsulator.vni(1 << 24));
        assertThrows(IllegalArgumentException.class, () -> encapsulator.vni(-1));
        assertEquals(0, encapsulator.encapsulate(buffer, 50, 50), "exactly 50 bytes of headroom is enough");
    }

    @Test
    void shouldRejectWhatLinuxWouldDropWhenDecapsulating() {
        VxlanDecapsulator decapsulator = new VxlanDecapsulator();
        assertEquals(PacketParser.OK, decapsulate(decapsulator, GOLDEN));
        assertEquals(50, decapsulator.innerOffset());
        assertEquals(98, decapsulator.innerLength());
        assertEquals(100, decapsulator.vxlan().vni());
        assertEquals(8472, decapsulator.udp().destinationPort());
        assertEquals(PacketParser.OK, decapsulate(decapsulator, Arrays.copyOf(GOLDEN, GOLDEN.length + 20)),
                "outer padding ignored");
        assertEquals(98, decapsulator.innerLength());

        assertEquals(PacketParser.NOT_VXLAN, decapsulate(new VxlanDecapsulator().removeVxlanPort(8472), GOLDEN));
        assertEquals(PacketParser.OK, decapsulate(new VxlanDecapsulator().removeVxlanPort(8472).addVxlanPort(8472), GOLDEN));
        assertEquals(PacketParser.NOT_VXLAN, decapsulate(decapsulator, patch(GOLDEN, 13, 0x06)));
        assertEquals(PacketParser.NOT_VXLAN, decapsulate(decapsulator, fixIp(patch(GOLDEN, 23, 6))));
        assertEquals(PacketParser.BAD_CHECKSUM, decapsulate(decapsulator, patch(GOLDEN, 24, 0)));
        assertEquals(PacketParser.IPV4, decapsulator.rejectLayer());
        assertEquals(14, decapsulator.rejectOffset());
        assertEquals(PacketParser.FRAGMENTED, decapsulate(decapsulator, fixIp(patch(GOLDEN, 20, 0x20))));
        assertEquals(PacketParser.BAD_CHECKSUM, decapsulate(decapsulator, patch(GOLDEN, 41, 1)),
                "a non-zero UDP checksum that is wrong MUST be dropped");
        assertEquals(PacketParser.OK, decapsulate(new VxlanDecapsulator().verifyUdpChecksum(false),
                patch(GOLDEN, 41, 1)));
        assertEquals(PacketParser.VXLAN_NO_VNI, decapsulate(decapsulator, patch(GOLDEN, 42, 0)));
        byte[] reserved = patch(GOLDEN, 49, 1);
        assertEquals(PacketParser.OK, decapsulate(decapsulator, reserved), "RFC 7348 ignores reserved bits");
        assertEquals(VxlanStrictness.LINUX, decapsulator.strictness(VxlanStrictness.LINUX).strictness());
        assertEquals(PacketParser.VXLAN_RESERVED_BITS, decapsulate(decapsulator, reserved));
        assertEquals(PacketParser.VXLAN, decapsulator.rejectLayer());
        assertEquals(42, decapsulator.rejectOffset());
        assertEquals(0, decapsulator.innerLength());

        for (int cut = 0; cut < GOLDEN.length; cut++) {
            assertNotEquals(PacketParser.OK, decapsulate(decapsulator, Arrays.copyOf(GOLDEN, cut)), "cut " + cut);
        }
        byte[] tinyInner = fixIp(patch(patch(patch(GOLDEN, 17, 20 + 8 + 8 + 13), 38, 0), 39, 8 + 8 + 13));
        assertEquals(PacketParser.TRUNCATED, decapsulate(decapsulator, Arrays.copyOf(tinyInner, 14 + 20 + 8 + 8 + 13)));
        assertEquals(PacketParser.INNER_ETHERNET, decapsulator.rejectLayer());
        assertEquals(PacketParser.BAD_RANGE, decapsulator.decapsulate(ByteBuffer.wrap(GOLDEN), 10, GOLDEN.length));
    }

    private static int decapsulate(VxlanDecapsulator decapsulator, byte[] frame) {
        return decapsulator.decapsulate(ByteBuffer.wrap(frame), 0, frame.length);
    }

    private static byte[] patch(byte[] frame, int index, int value) {
        byte[] copy = frame.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static byte[] fixIp(byte[] frame) {
        new Ipv4Packet().wrap(ByteBuffer.wrap(frame), 14).fillChecksum();
        return frame;
    }
}
