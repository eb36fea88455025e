package io.github.overlaykit.codec;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Encapsulates an Ethernet frame in VXLAN in place: writes the 50 bytes of outer Ethernet, IPv4, UDP and
 * VXLAN headers into the headroom in front of the inner frame, in the same buffer, without copying the
 * frame (RFC 7348 §5; Linux {@code vxlan_xmit_one}).
 *
 * <pre>
 *  innerOffset − 50                                               innerOffset
 *  |                                                              |
 *  +-----------------+--------------+---------+-----------+-------+------------------------+
 *  | outer Ethernet  | outer IPv4   | UDP     | VXLAN     |       | inner Ethernet frame   |
 *  | 14 B, 0x0800    | 20 B, proto  | 8 B     | 8 B, I,   |       | (untouched, no FCS)    |
 *  |                 | 17, checksum | → 8472  | VNI       |       |                        |
 *  +-----------------+--------------+---------+-----------+-------+------------------------+
 * </pre>
 *
 * <p>Configure once (addresses, VNI, port, TTL, TOS, DF), then call {@link #encapsulate(ByteBuffer, int,
 * int)} per frame. The IPv4 header checksum is filled from a precomputed sum of the constant words plus
 * the per-packet total length and identification. The UDP checksum is 0 by default (RFC 7348 "SHOULD be
 * transmitted as zero"; Linux's default {@code noudpcsum} over IPv4) or computed over the whole datagram
 * when {@link #udpChecksum(boolean)} is on. The identification counts up per packet.
 *
 * <p>The UDP source port is derived from a hash of the inner flow — inner IPv4 source, destination,
 * protocol and TCP/UDP ports, or the inner MAC addresses and EtherType for non-IPv4 frames — mapped into
 * {@code [sourcePortMin, sourcePortMax)} with the multiply-shift of Linux's {@code udp_flow_src_port}:
 * {@code hash ^= hash << 16; port = ((u64) hash * (max − min)) >> 32) + min}. The default range is the
 * one Linux uses when a VXLAN device has none, the local port range 32768..60999 (not RFC 7348's
 * recommended 49152..65535). Linux keys its flow hash with a random boot-time secret, so the exact port
 * for a flow differs from the kernel's; the range and the spreading match. Set the seed with
 * {@link #hashSeed(int)}. The hash of the last IPv4 flow is kept, so the packets of one flow in a row (a
 * TCP burst) are hashed once: a frame with the same addresses, protocol and ports reuses it.
 *
 * <p>Not thread-safe; {@link #encapsulate(ByteBuffer, int, int)} does not allocate. No outer VLAN tag,
 * no IPv6 underlay.
 */
public final class VxlanEncapsulator {
    /** Bytes written in front of the inner frame: 14 Ethernet + 20 IPv4 + 8 UDP + 8 VXLAN. */
    public static final int HEADROOM = 50;
    /** Lowest source port by default (Linux {@code ip_local_port_range} default). */
    public static final int DEFAULT_SOURCE_PORT_MIN = 32768;
    /** Upper bound (exclusive, as in {@code udp_flow_src_port}) of the default source port range. */
    public static final int DEFAULT_SOURCE_PORT_MAX = 60999;
    /** Largest inner frame: the outer IPv4 total length is 36 bytes more and must fit 16 bits. */
    public static final int MAX_INNER_LENGTH = 0xFFFF - 36;
    /** A ports key no flow has (keys are at most 41 bits). */
    private static final long NO_FLOW = -1;
    /** The flow hash's odd multipliers: 2^64 / golden ratio, and xxHash64's PRIME64_2. */
    private static final long FIRST_WORD_MULTIPLIER = 0x9E37_79B9_7F4A_7C15L;
    private static final long SECOND_WORD_MULTIPLIER = 0xC2B2_AE3D_27D4_EB4FL;

    private long sourceMac;
    private long destinationMac;
    private int sourceAddress;
    private int destinationAddress;
    private int vni;
    private int destinationPort = UdpPorts.VXLAN_LINUX;
    private int ttl = 64;
    private int typeOfService;
    private boolean dontFragment;
    private boolean udpChecksum;
    private int sourcePortMin = DEFAULT_SOURCE_PORT_MIN;
    private int sourcePortMax = DEFAULT_SOURCE_PORT_MAX;
    /** The hash seed spread over 64 bits ({@code mix13(seed)}), added to every key. */
    private long seedWord;
    private int identification;
    private long constantIpv4Sum;
    // The 50 header bytes as seven big-endian words, constant parts precomputed by recompute():
    // bytes 0-7 MACs, 8-15 MAC, type, version/IHL, TOS, 16-23 length, id, flags, TTL, protocol,
    // 24-31 checksum, addresses, 32-39 address, ports, UDP length, 40-47 UDP checksum 0, VXLAN flags,
    // reserved, VNI high 16 bits, 48-49 VNI low 8 bits, reserved.
    private long macWord;
    private long macTypeWord;
    private long fragmentTtlWord;
    private long addressWord;
    private long destinationLowWord;
    private long vxlanWord;
    private int vniLowWord;
    private final UdpPacket udp = new UdpPacket();
    // The last IPv4 flow hashed, so that the packets of one flow (a TCP burst) are hashed once: both
    // addresses, and the ports shifted left 9 | 0x100 (ports hashed) | protocol; NO_FLOW when empty.
    private long cachedAddresses;
    private long cachedPortsKey = NO_FLOW;
    private int cachedHash;

    /** Creates an encapsulator: VNI 0, destination port 8472, TTL 64, TOS 0, DF clear, UDP checksum 0. */
    public VxlanEncapsulator() {
        recompute();
    }

    private void recompute() {
        constantIpv4Sum = (0x4500 | typeOfService) + (dontFragment ? Ipv4Packet.FLAG_DONT_FRAGMENT : 0)
                + (ttl << 8 | IpProtocol.UDP) + (sourceAddress >>> 16) + (sourceAddress & 0xFFFF)
                + (destinationAddress >>> 16) + (destinationAddress & 0xFFFF);
        long source = sourceMac & 0xFFFF_FFFF_FFFFL;
        macWord = (destinationMac & 0xFFFF_FFFF_FFFFL) << 16 | source >>> 32;
        macTypeWord = (source & 0xFFFF_FFFFL) << 32 | (long) EtherType.IPV4 << 16 | 0x4500 | typeOfService;
        fragmentTtlWord = (dontFragment ? Ipv4Packet.FLAG_DONT_FRAGMENT : 0) << 16 | ttl << 8 | IpProtocol.UDP;
        addressWord = (sourceAddress & 0xFFFF_FFFFL) << 16 | destinationAddress >>> 16;
        destinationLowWord = (long) (destinationAddress & 0xFFFF) << 48 | (long) destinationPort << 16;
        vxlanWord = (long) VxlanPacket.FLAG_I << 40 | vni >>> 8;
        vniLowWord = (vni & 0xFF) << 8;
    }

    /**
     * Sets the outer source MAC (the local VTEP's underlay interface).
     *
     * @param mac 48 bits
     * @return this
     */
    public VxlanEncapsulator sourceMac(long mac) {
        this.sourceMac = mac;
        recompute();
        return this;
    }

    /**
     * Sets the outer destination MAC (the underlay next hop).
     *
     * @param mac 48 bits
     * @return this
     */
    public VxlanEncapsulator destinationMac(long mac) {
        this.destinationMac = mac;
        recompute();
        return this;
    }

    /**
     * Sets the outer source address (the local VTEP).
     *
     * @param address 32 bits
     * @return this
     */
    public VxlanEncapsulator sourceAddress(int address) {
        this.sourceAddress = address;
        recompute();
        return this;
    }

    /**
     * Sets the outer destination address (the remote VTEP).
     *
     * @param address 32 bits
     * @return this
     */
    public VxlanEncapsulator destinationAddress(int address) {
        this.destinationAddress = address;
        recompute();
        return this;
    }

    /**
     * Sets the VNI.
     *
     * @param vni 0..16777215
     * @return this
     * @throws IllegalArgumentException if it does not fit 24 bits
     */
    public VxlanEncapsulator vni(int vni) {
        if (vni < 0 || vni > VxlanPacket.MAX_VNI) {
            throw new IllegalArgumentException("VNI " + vni + " is outside 0..16777215");
        }
        this.vni = vni;
        recompute();
        return this;
    }

    /**
     * Sets the UDP destination port.
     *
     * @param port {@link UdpPorts#VXLAN_LINUX} (8472, the default, flannel) or {@link UdpPorts#VXLAN} (4789)
     * @return this
     */
    public VxlanEncapsulator destinationPort(int port) {
        this.destinationPort = port & 0xFFFF;
        recompute();
        return this;
    }

    /**
     * Sets the outer TTL.
     *
     * @param ttl 1..255, default 64
     * @return this
     */
    public VxlanEncapsulator ttl(int ttl) {
        this.ttl = ttl & 0xFF;
        recompute();
        return this;
    }

    /**
     * Sets the outer type-of-service byte.
     *
     * @param typeOfService DSCP and ECN, default 0
     * @return this
     */
    public VxlanEncapsulator typeOfService(int typeOfService) {
        this.typeOfService = typeOfService & 0xFF;
        recompute();
        return this;
    }

    /**
     * Sets the outer Don't Fragment flag (RFC 7348 §4.3: VTEPs MUST NOT fragment).
     *
     * @param dontFragment default false, as Linux's {@code df unset}
     * @return this
     */
    public VxlanEncapsulator dontFragment(boolean dontFragment) {
        this.dontFragment = dontFragment;
        recompute();
        return this;
    }

    /**
     * Computes the outer UDP checksum instead of sending 0.
     *
     * @param compute default false
     * @return this
     */
    public VxlanEncapsulator udpChecksum(boolean compute) {
        this.udpChecksum = compute;
        return this;
    }

    /**
     * Sets the source port range, as {@code ip link add ... vxlan srcport MIN MAX}.
     *
     * @param min lowest port
     * @param max upper bound, exclusive; if {@code min >= max} the default 32768..60999 is used, as Linux does
     * @return this
     */
    public VxlanEncapsulator sourcePortRange(int min, int max) {
        if (min >= max) {
            min = DEFAULT_SOURCE_PORT_MIN;
            max = DEFAULT_SOURCE_PORT_MAX;
        }
        if (min < 0 || max > 0x10000) {
            throw new IllegalArgumentException("source port range " + min + ".." + max + " is outside 0..65536");
        }
        this.sourcePortMin = min;
        this.sourcePortMax = max;
        return this;
    }

    /**
     * Returns the lowest source port.
     *
     * @return the range's lower bound
     */
    public int sourcePortMin() {
        return sourcePortMin;
    }

    /**
     * Returns the exclusive upper bound of source ports.
     *
     * @return the range's upper bound
     */
    public int sourcePortMax() {
        return sourcePortMax;
    }

    /**
     * Sets the seed of the flow hash.
     *
     * @param seed any value; default 0
     * @return this
     */
    public VxlanEncapsulator hashSeed(int seed) {
        this.seedWord = mix13(seed & 0xFFFF_FFFFL);
        this.cachedPortsKey = NO_FLOW; // cached under the old seed
        return this;
    }

    /**
     * Sets the identification the next packet gets.
     *
     * @param identification 0..65535
     * @return this
     */
    public VxlanEncapsulator identification(int identification) {
        this.identification = identification & 0xFFFF;
        return this;
    }

    /**
     * Returns the identification the next packet gets.
     *
     * @return 0..65535
     */
    public int identification() {
        return identification;
    }

    /**
     * Writes the outer headers in front of an inner frame.
     *
     * @param buffer      writable bytes holding the inner frame, with {@link #HEADROOM} bytes free before it
     * @param innerOffset absolute index of the inner frame's first byte
     * @param innerLength the inner frame's length (no FCS)
     * @return the absolute index of the outer frame, {@code innerOffset − 50}; the outer frame is
     *         {@code innerLength + 50} bytes long
     * @throws IllegalArgumentException if there is no headroom, the frame is outside the buffer's limit or
     *                                  longer than {@link #MAX_INNER_LENGTH}
     */
    public int encapsulate(ByteBuffer buffer, int innerOffset, int innerLength) {
        int outer = innerOffset - HEADROOM;
        if (outer < 0 || innerLength < 0 || innerLength > MAX_INNER_LENGTH
                || innerLength > buffer.limit() - innerOffset) {
            throw new IllegalArgumentException("cannot encapsulate " + innerLength + " bytes at " + innerOffset
                    + ": needs " + HEADROOM + " bytes of headroom and the frame inside the limit " + buffer.limit());
        }
        byte[] array = Bytes.arrayOf(buffer); // null for direct and read-only buffers (the latter then throw)
        int sourcePort = sourcePort(array, buffer, innerOffset, innerLength);
        int totalLength = innerLength + 36;
        int id = identification;
        identification = (id + 1) & 0xFFFF;

        int checksum = InternetChecksum.finish(constantIpv4Sum + totalLength + id);
        Bytes.put64(array, buffer, outer, macWord);
        Bytes.put64(array, buffer, outer + 8, macTypeWord);
        Bytes.put64(array, buffer, outer + 16, (long) totalLength << 48 | (long) id << 32 | fragmentTtlWord);
        Bytes.put64(array, buffer, outer + 24, (long) checksum << 48 | addressWord);
        Bytes.put64(array, buffer, outer + 32, destinationLowWord | (long) sourcePort << 32 | (totalLength - 20));
        Bytes.put64(array, buffer, outer + 40, vxlanWord);
        Bytes.put16(array, buffer, outer + 48, vniLowWord);

        int u = outer + EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH;
        if (udpChecksum) {
            udp.wrap(buffer, u).fillChecksum(sourceAddress, destinationAddress);
        }
        return outer;
    }

    /**
     * Computes the UDP source port for an inner frame: the flow hash mapped into the configured range.
     *
     * @param buffer      the bytes
     * @param innerOffset absolute index of the inner frame
     * @param innerLength the inner frame's length
     * @return a port in {@code [sourcePortMin, sourcePortMax)}
     * @throws IndexOutOfBoundsException if the frame is not within the buffer's limit
     */
    public int sourcePort(ByteBuffer buffer, int innerOffset, int innerLength) {
        Objects.checkFromIndexSize(innerOffset, innerLength, buffer.limit());
        return sourcePort(Bytes.arrayOf(buffer), buffer, innerOffset, innerLength);
    }

    private int sourcePort(byte[] array, ByteBuffer buffer, int innerOffset, int innerLength) {
        long hash = flowHash(array, buffer, innerOffset, innerLength) & 0xFFFF_FFFFL;
        hash = (hash ^ (hash << 16)) & 0xFFFF_FFFFL;
        return (int) ((hash * (sourcePortMax - sourcePortMin)) >>> 32) + sourcePortMin;
    }

    /**
     * Hashes the inner flow: for IPv4 (after up to {@link EthernetFrame#MAX_TAGS} VLAN tags) the source,
     * destination, protocol and, for unfragmented or first-fragment TCP/UDP, both ports; otherwise the two
     * MAC addresses and the EtherType. Reads only within {@code [innerOffset, innerOffset + innerLength)}.
     *
     * @param buffer      the bytes
     * @param innerOffset absolute index of the inner frame
     * @param innerLength the inner frame's length
     * @return a 32-bit hash, seeded with {@link #hashSeed(int)}: the IPv4 key is source and destination as
     *         one 64-bit word and {@code ports << 9 | 0x100 | protocol} (without ports: the protocol) as the
     *         second; the fallback's are the first 8 bytes of the frame and {@code next 4 bytes << 16 |
     *         EtherType}; a frame too short for Ethernet hashes its length with 0
     * @throws IndexOutOfBoundsException if the frame is not within the buffer's limit
     */
    public int flowHash(ByteBuffer buffer, int innerOffset, int innerLength) {
        Objects.checkFromIndexSize(innerOffset, innerLength, buffer.limit());
        return flowHash(Bytes.arrayOf(buffer), buffer, innerOffset, innerLength);
    }

    private int flowHash(byte[] array, ByteBuffer buffer, int innerOffset, int innerLength) {
        int end = innerOffset + innerLength;
        if (innerLength < EthernetFrame.HEADER_LENGTH) {
            return hash(innerLength, 0);
        }
        int typeIndex = innerOffset + EthernetFrame.TYPE_OFFSET;
        int type = Bytes.u16(array, buffer, typeIndex);
        for (int tags = 0; tags < EthernetFrame.MAX_TAGS && EtherType.isVlanTag(type)
                && typeIndex + 6 <= end; tags++) {
            typeIndex += EthernetFrame.TAG_LENGTH;
            type = Bytes.u16(array, buffer, typeIndex);
        }
        int ip = typeIndex + 2;
        if (type == EtherType.IPV4 && end - ip >= Ipv4Packet.MIN_HEADER_LENGTH) {
            // Two wide reads: identification, flags/fragment, TTL, protocol, checksum; then both addresses.
            long fragmentAndProtocol = Bytes.s64(array, buffer, ip + Ipv4Packet.IDENTIFICATION_OFFSET);
            long addresses = Bytes.s64(array, buffer, ip + Ipv4Packet.SOURCE_OFFSET);
            int protocol = (int) (fragmentAndProtocol >>> 16) & 0xFF;
            int transport = ip + ((Bytes.u8(array, buffer, ip) & 0x0F) << 2);
            boolean hasPorts = (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP)
                    && (fragmentAndProtocol & 0x1FFF_0000_0000L) == 0
                    && transport >= ip + Ipv4Packet.MIN_HEADER_LENGTH && end - transport >= 4;
            long portsKey = hasPorts ? (Bytes.s32(array, buffer, transport) & 0xFFFF_FFFFL) << 9 | 0x100 | protocol
                    : protocol;
            if (addresses == cachedAddresses && portsKey == cachedPortsKey) {
                return cachedHash; // the same flow as the packet before
            }
            int h = hash(addresses, portsKey);
            cachedAddresses = addresses;
            cachedPortsKey = portsKey;
            cachedHash = h;
            return h;
        }
        // Linux's fallback when the flow dissector finds nothing: the Ethernet addresses and protocol.
        return hash(Bytes.s64(array, buffer, innerOffset),
                (Bytes.s32(array, buffer, innerOffset + 8) & 0xFFFF_FFFFL) << 16 | type);
    }

    /**
     * The flow hash of two 64-bit key words: both multiplied by odd constants (two independent
     * multiplies), summed with the seed's word, then Stafford's "Mix13" (splitmix64's finaliser: a
     * bijection whose every output bit depends on every input bit); the high 32 bits. Every key bit flips
     * each result bit with probability ½ ({@code VxlanEncapsulatorTest}). Its chain of dependent operations
     * is about half as long as that of the murmur3 it replaced (four rounds and a finaliser over 32-bit
     * words), which made hashing most of a new flow's encapsulation time.
     */
    private int hash(long first, long second) {
        return (int) (mix13(first * FIRST_WORD_MULTIPLIER + second * SECOND_WORD_MULTIPLIER + seedWord) >>> 32);
    }

    private static long mix13(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
