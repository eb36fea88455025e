package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InternetChecksumTest {

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldMatchTheNaiveSumAtEveryLengthAndAlignment(BufferKind kind) {
        Random random = new Random(1071);
        for (int length = 0; length <= 300; length++) {
            byte[] data = new byte[length + 7];
            random.nextBytes(data);
            ByteBuffer buffer = kind.of(data);
            for (int start = 0; start < 7; start++) {
                int expected = NaiveChecksum.onesComplementSum(data, start, length, 0);
                long sum = InternetChecksum.sum(buffer, kind.base() + start, length);
                assertEquals(expected, InternetChecksum.fold(sum), "length " + length + " start " + start);
                assertEquals(~expected & 0xFFFF, InternetChecksum.checksum(buffer, kind.base() + start, length));
                assertEquals(expected, InternetChecksum.fold(InternetChecksum.sum(data, start, length)), "byte[]");
            }
        }
    }

    @Test
    void shouldSumAllOnesBuffersWithoutLosingCarries() {
        // 64 KiB of 0xFF: every 32-bit half is 0xFFFFFFFF, the worst case for deferred carries.
        byte[] data = new byte[65536 + 3];
        java.util.Arrays.fill(data, (byte) 0xFF);
        assertEquals(NaiveChecksum.onesComplementSum(data, 0, data.length, 0),
                InternetChecksum.fold(InternetChecksum.sum(ByteBuffer.wrap(data), 0, data.length)));
        assertEquals(0xFFFF, InternetChecksum.fold(InternetChecksum.sum(data, 0, 65536)));
        assertEquals(0xFF00, InternetChecksum.fold(InternetChecksum.sum(data, 0, 65537)), "odd byte padded with zero");
    }

    @Test
    void shouldAddPiecesWhenTheFirstHasEvenLength() {
        byte[] data = new byte[101];
        new Random(2).nextBytes(data);
        ByteBuffer buffer = ByteBuffer.wrap(data);
        long pieces = InternetChecksum.sum(buffer, 0, 40) + InternetChecksum.sum(buffer, 40, 61);
        assertEquals(InternetChecksum.fold(InternetChecksum.sum(buffer, 0, 101)), InternetChecksum.fold(pieces));
    }

    @Test
    void shouldSumThePseudoHeader() {
        int source = Ipv4Address.parse("10.25.132.11").bits();
        int destination = Ipv4Address.parse("10.25.132.13").bits();
        // The partial checksum Linux leaves for TX offload in tcpdump's gso-ipv4-vxlan-ipv4.pcap.
        assertEquals(0x37FC, InternetChecksum.fold(InternetChecksum.pseudoHeaderSum(source, destination,
                IpProtocol.UDP, 7072)));
        byte[] pseudo = Captures.hex("0a19840b 0a19840d 0011 1ba0");
        assertEquals(NaiveChecksum.onesComplementSum(pseudo, 0, 12, 0),
                InternetChecksum.fold(InternetChecksum.pseudoHeaderSum(source, destination, IpProtocol.UDP, 7072)));
    }

    @Test
    void shouldFoldEdgeValues() {
        assertEquals(0, InternetChecksum.fold(0));
        assertEquals(0xFFFF, InternetChecksum.fold(0xFFFF));
        assertEquals(1, InternetChecksum.fold(0x10000));
        assertEquals(0xFFFF, InternetChecksum.fold(0xFFFF_FFFFL));
        assertEquals(NaiveChecksum.onesComplementSum(new byte[] {0x12, 0x34, 0x56, 0x78, (byte) 0x9A, (byte) 0xBC,
            (byte) 0xDE, (byte) 0xF0}, 0, 8, 0), InternetChecksum.fold(0x1234 + 0x5678 + 0x9ABC + 0xDEF0L));
        assertEquals(0xFFFF, InternetChecksum.finish(0));
        assertEquals(0, InternetChecksum.finish(0xFFFF));
    }

    @Test
    void shouldAvoidMinusZeroAsRfc1624Section4Shows() {
        // RFC 1624 §4: other header words sum to 0xCD7A, m = 0x5555 becomes m' = 0x3285, HC = 0xDD2F.
        // Recomputation gives 0x0000; RFC 1141's equation gives 0xFFFF; equation 3 must give 0x0000.
        assertEquals(0xDD2F, InternetChecksum.finish(0xCD7A + 0x5555));
        assertEquals(0x0000, InternetChecksum.update16(0xDD2F, 0x5555, 0x3285));
        assertEquals(0x0000, InternetChecksum.finish(0xCD7A + 0x3285), "full recomputation");
    }

    @Test
    void shouldUpdateLikeAFullRecomputation() {
        Random random = new Random(1624);
        for (int i = 0; i < 20_000; i++) {
            byte[] header = new byte[20];
            random.nextBytes(header);
            ByteBuffer buffer = ByteBuffer.wrap(header);
            Ipv4Packet ip = new Ipv4Packet().wrap(buffer, 0).version(4).ihl(5).fillChecksum();
            if (random.nextBoolean()) {
                int old = ip.sourceAddress();
                int updated = random.nextInt();
                int incremental = InternetChecksum.update32(ip.headerChecksum(), old, updated);
                ip.sourceAddress(updated);
                assertEquals(ip.computeChecksum(), incremental, "address change " + i);
            } else {
                int old = ip.identification();
                int updated = random.nextInt(0x10000);
                int incremental = InternetChecksum.update16(ip.headerChecksum(), old, updated);
                ip.identification(updated);
                assertEquals(ip.computeChecksum(), incremental, "16-bit change " + i);
            }
        }
    }

    @Test
    void shouldDecrementTtlIncrementally() {
        byte[] header = Captures.frame("vxlan_port_8472.pcap", 0);
        Ipv4Packet ip = new Ipv4Packet().wrap(ByteBuffer.wrap(header), 14);
        int oldWord = ip.ttl() << 8 | ip.protocol();
        ip.ttl(ip.ttl() - 1);
        ip.headerChecksum(InternetChecksum.update16(ip.headerChecksum(), oldWord, ip.ttl() << 8 | ip.protocol()));
        assertEquals(0x5252, ip.headerChecksum());
        assertEquals(ip.computeChecksum(), ip.headerChecksum());
    }

    @Test
    void shouldRefuseRangesOutsideTheBuffer() {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        assertThrows(IndexOutOfBoundsException.class, () -> InternetChecksum.sum(buffer, 10, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> InternetChecksum.sum(new byte[16], 10, 8));
    }
}
