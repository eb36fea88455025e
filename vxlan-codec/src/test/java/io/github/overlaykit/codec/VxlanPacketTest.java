package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VxlanPacketTest {
    /** VXLAN header of tcpdump tests/vxlan_port_8472.pcap frame 1 (offset 42): flags 0x08, VNI 100. */
    private static final byte[] HEADER = Arrays.copyOfRange(Captures.frame("vxlan_port_8472.pcap", 0), 42, 50);
    /** Group Based Policy: G and I, D and A, policy ID 0x1234, VNI 0xABCDEF (byte layout of Linux's vxlanhdr_gbp). */
    private static final byte[] GBP = Captures.hex("88 48 1234 abcdef 00");

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldReadEveryFieldOfGoldenPacket(BufferKind kind) {
        VxlanPacket vxlan = new VxlanPacket().wrap(kind.of(HEADER), kind.base()).checkLength(HEADER.length);
        assertEquals(0x08, vxlan.flags());
        assertTrue(vxlan.iFlag());
        assertEquals(100, vxlan.vni());
        assertEquals(0, vxlan.reserved1());
        assertEquals(0, vxlan.reserved2());
        assertFalse(vxlan.reservedBitsSet());
        assertFalse(vxlan.groupPolicyExtension());
        assertFalse(vxlan.dontLearn());
        assertFalse(vxlan.policyApplied());
        assertEquals(0, vxlan.groupPolicyId());
        assertEquals(kind.base() + 8, vxlan.payloadOffset());
        assertEquals("VXLAN flags=0x8 vni=100", vxlan.toString());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldReadGroupPolicyBitsWhereLinuxPutsThem(BufferKind kind) {
        VxlanPacket vxlan = new VxlanPacket().wrap(kind.of(GBP), kind.base());
        assertTrue(vxlan.groupPolicyExtension());
        assertTrue(vxlan.iFlag());
        assertTrue(vxlan.dontLearn());
        assertTrue(vxlan.policyApplied());
        assertEquals(0x1234, vxlan.groupPolicyId());
        assertEquals(0xABCDEF, vxlan.vni(), "24-bit VNI with the top bit set stays positive");
        assertTrue(vxlan.reservedBitsSet());
        assertFalse(vxlan.reservedBitsSetWithGroupPolicy());
        assertEquals("VXLAN flags=0x88 vni=11259375 gbp=4660 D A", vxlan.toString());
    }

    @Test
    void shouldNotMistakeBit0x80OfByte1ForPolicyApplied() {
        // gopacket reads A as 0x80 of byte 1; the draft and Linux (VXLAN_GBP_POLICY_APPLIED = BIT(3) << 16) use 0x08.
        VxlanPacket vxlan = new VxlanPacket().wrap(ByteBuffer.wrap(Captures.hex("88 80 0000 000001 00")), 0);
        assertFalse(vxlan.policyApplied());
        assertFalse(vxlan.dontLearn());
        assertTrue(vxlan.reservedBitsSetWithGroupPolicy(), "0x80 in byte 1 is reserved");
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"HEAP", "DIRECT", "OFFSET", "OFFSET_DIRECT"})
    void shouldWriteGoldenPacketIntoPoisonedBuffer(BufferKind kind) {
        ByteBuffer buffer = kind.allocate(10, (byte) 0xA5);
        new VxlanPacket().wrap(buffer, kind.base()).header(100);
        assertArrayEquals(HEADER, BufferKind.bytes(buffer, kind.base(), 8));
        assertEquals((byte) 0xA5, buffer.get(kind.base() + 8));

        ByteBuffer gbp = kind.allocate(8, (byte) 0xA5);
        new VxlanPacket().wrap(gbp, kind.base()).flags(0).reserved1(0).reserved2(0).iFlag(true)
                .groupPolicyExtension(true).dontLearn(true).policyApplied(true).groupPolicyId(0x1234).vni(0xABCDEF);
        assertArrayEquals(GBP, BufferKind.bytes(gbp, kind.base(), 8));
    }

    @Test
    void shouldRoundTripEveryField() {
        VxlanPacket in = new VxlanPacket().wrap(ByteBuffer.wrap(GBP), 0);
        ByteBuffer out = ByteBuffer.allocate(8);
        new VxlanPacket().wrap(out, 0).flags(in.flags()).reserved1(in.reserved1()).vni(in.vni())
                .reserved2(in.reserved2());
        assertArrayEquals(GBP, out.array());
        VxlanPacket cleared = new VxlanPacket().wrap(out, 0).dontLearn(false).policyApplied(false)
                .groupPolicyExtension(false).groupPolicyId(0).iFlag(false);
        assertEquals(0, cleared.flags());
        assertEquals(0, cleared.reserved1());
        assertEquals(0xABCDEF, cleared.vni());
    }

    @Test
    void shouldApplyEachStrictness() {
        VxlanPacket plain = new VxlanPacket().wrap(ByteBuffer.wrap(HEADER), 0);
        VxlanPacket gbp = new VxlanPacket().wrap(ByteBuffer.wrap(GBP), 0);
        // Zeek's vxlan-triple-v2.pcap: flags 0x0c, I plus a reserved bit.
        VxlanPacket reservedFlag = new VxlanPacket().wrap(ByteBuffer.wrap(Captures.hex("0c 000000 000001 00")), 0);
        VxlanPacket reservedByte = new VxlanPacket().wrap(ByteBuffer.wrap(Captures.hex("08 000000 000001 01")), 0);
        VxlanPacket noVni = new VxlanPacket().wrap(ByteBuffer.wrap(Captures.hex("00 000000 000001 00")), 0);
        for (VxlanStrictness strictness : VxlanStrictness.values()) {
            assertTrue(strictness.accepts(plain), strictness.name());
            assertFalse(strictness.accepts(noVni), strictness.name());
        }
        assertTrue(VxlanStrictness.RFC_7348.accepts(reservedFlag));
        assertTrue(VxlanStrictness.RFC_7348.accepts(reservedByte));
        assertTrue(VxlanStrictness.RFC_7348.accepts(gbp));
        assertFalse(VxlanStrictness.LINUX.accepts(reservedFlag));
        assertFalse(VxlanStrictness.LINUX.accepts(reservedByte));
        assertFalse(VxlanStrictness.LINUX.accepts(gbp));
        assertTrue(VxlanStrictness.LINUX_GBP.accepts(gbp));
        assertFalse(VxlanStrictness.LINUX_GBP.accepts(reservedFlag));
        assertFalse(VxlanStrictness.LINUX_GBP.accepts(reservedByte));
    }

    @Test
    void shouldRejectImpossibleLengths() {
        VxlanPacket vxlan = new VxlanPacket().wrap(ByteBuffer.wrap(HEADER), 0);
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> vxlan.checkLength(7));
        assertEquals("VXLAN", e.layer());
        assertEquals(8, e.needed());
        assertThrows(MalformedPacketException.class, () -> vxlan.checkLength(9), "beyond the buffer");
        assertThrows(MalformedPacketException.class, () -> new VxlanPacket().wrap(ByteBuffer.wrap(HEADER), 1)
                .checkLength(8), "window shifted past the limit");
    }
}
