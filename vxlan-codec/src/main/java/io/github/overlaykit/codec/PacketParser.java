package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Decodes a frame's whole layer stack in one pass, through VXLAN into the inner frame, into reusable
 * flyweights — outer and inner layers are available at the same time.
 *
 * <pre>
 * Ethernet (+ 802.1Q/802.1ad tags) ─┬─ ARP
 *                                   └─ IPv4 ─┬─ ICMP
 *                                            ├─ TCP
 *                                            └─ UDP ── (destination port in {@link #isVxlanPort(int)}: 4789, 8472)
 *                                                 └─ VXLAN ── inner Ethernet ─┬─ inner ARP
 *                                                                             └─ inner IPv4 ─ inner ICMP / TCP / UDP
 * </pre>
 *
 * <pre>{@code
 * PacketParser parser = new PacketParser();
 * if (parser.parse(buffer, 0, buffer.remaining()) == PacketParser.OK && parser.hasVxlan()) {
 *     int vni = parser.vxlan().vni();
 *     int innerSource = parser.innerIpv4().sourceAddress();
 * }
 * }</pre>
 *
 * <h2>Hot path</h2>
 * {@link #parse(ByteBuffer, int, int)} returns {@link #OK} or a reject code ({@link #TRUNCATED},
 * {@link #BAD_HEADER_LENGTH}, ...) and never throws or allocates, whatever the bytes. After a reject,
 * {@link #rejectLayer()}, {@link #rejectOffset()}, {@link #rejectNeeded()} and {@link #rejectActual()}
 * say where, and the layers decoded before the failing one stay usable ({@link #layers()}). An unknown
 * EtherType, IP protocol or UDP port is not a reject: decoding simply stops there. Every flyweight a
 * present layer bit points to has passed its length checks, so its accessors stay inside
 * {@code [offset, offset + length)}; a flyweight whose bit is absent holds stale state.
 *
 * <h2>Convenient API</h2>
 * {@link #parseOrThrow(ByteBuffer, int, int)} throws {@link MalformedPacketException} with the layer,
 * offset, needed and actual length instead of returning a code.
 *
 * <h2>Rules</h2>
 * IPv4 and UDP payloads are bounded by their length fields, not by the captured data (Ethernet padding
 * is ignored); a length field longer than the data is {@link #LENGTH_EXCEEDS_DATA}, unless
 * {@link #truncatedAllowed(boolean)} is on, in which case the layer is cut at the data's end and
 * {@link #truncated()} is set (for captures with a snap length; an IPv4 total length of 0 is then taken
 * as Linux BIG TCP/TSO and bounded by the data). Fragments: a non-first fragment has no transport
 * header and decoding stops after IPv4; a first fragment's TCP/UDP header is decoded but its length is
 * not checked against the fragment, and VXLAN is never decoded from a fragment (RFC 7348 §4.3: VTEPs
 * MUST NOT fragment). VXLAN is decoded only at the outer level (VXLAN in VXLAN stops at the inner UDP).
 * Checksums are not verified unless {@link #verifyIpv4Checksum(boolean)} is on; the flyweights' verify
 * methods are there for the rest.
 *
 * <p>Offsets reported by the reject accessors are relative to the {@code offset} passed to
 * {@code parse}. Not thread-safe: one parser per thread.
 */
public final class PacketParser extends BufferView {
    /** Status: every layer present was decoded. */
    public static final int OK = 0;
    /** Status: a header is cut off (needed more bytes than there are). */
    public static final int TRUNCATED = 1;
    /** Status: IPv4 version is not 4. */
    public static final int BAD_VERSION = 2;
    /** Status: IPv4 IHL or TCP data offset below 5. */
    public static final int BAD_HEADER_LENGTH = 3;
    /** Status: IPv4 total length below the header length, or UDP length below 8. */
    public static final int BAD_LENGTH_FIELD = 4;
    /** Status: IPv4 total length or UDP length larger than the data present. */
    public static final int LENGTH_EXCEEDS_DATA = 5;
    /** Status: a verified checksum is wrong. */
    public static final int BAD_CHECKSUM = 6;
    /** Status: more than {@link EthernetFrame#MAX_TAGS} VLAN tags. */
    public static final int TOO_MANY_VLAN_TAGS = 7;
    /** Status: VXLAN I flag clear (no valid VNI). */
    public static final int VXLAN_NO_VNI = 8;
    /** Status: VXLAN reserved bits set under {@link VxlanStrictness#LINUX} / {@code LINUX_GBP}. */
    public static final int VXLAN_RESERVED_BITS = 9;
    /** Status: offset/length do not describe a range inside the buffer's limit. */
    public static final int BAD_RANGE = 10;
    /** Status (decapsulation): the frame is not VXLAN (not IPv4, not UDP, or another port). */
    public static final int NOT_VXLAN = 11;
    /** Status (decapsulation): the outer IPv4 datagram is a fragment. */
    public static final int FRAGMENTED = 12;

    /** Layer bit: outer Ethernet. */
    public static final int ETHERNET = 1;
    /** Layer bit: outer ARP. */
    public static final int ARP = 1 << 1;
    /** Layer bit: outer IPv4. */
    public static final int IPV4 = 1 << 2;
    /** Layer bit: outer ICMP. */
    public static final int ICMP = 1 << 3;
    /** Layer bit: outer UDP. */
    public static final int UDP = 1 << 4;
    /** Layer bit: outer TCP. */
    public static final int TCP = 1 << 5;
    /** Layer bit: VXLAN. */
    public static final int VXLAN = 1 << 6;
    /** Layer bit: inner Ethernet (inside VXLAN). */
    public static final int INNER_ETHERNET = ETHERNET << 7;
    /** Layer bit: inner ARP. */
    public static final int INNER_ARP = ARP << 7;
    /** Layer bit: inner IPv4. */
    public static final int INNER_IPV4 = IPV4 << 7;
    /** Layer bit: inner ICMP. */
    public static final int INNER_ICMP = ICMP << 7;
    /** Layer bit: inner UDP. */
    public static final int INNER_UDP = UDP << 7;
    /** Layer bit: inner TCP. */
    public static final int INNER_TCP = TCP << 7;

    private static final int INNER_SHIFT = 7;
    /** Internal result of the outer decode: VXLAN is valid, the inner frame is still to be decoded. */
    private static final int INNER_FRAME_PENDING = -1;
    /** Internal result of the straight-line path: not the common shape, use the general path. */
    private static final int NOT_DECODED = -2;
    /** Outer Ethernet, IPv4, UDP and VXLAN, inner Ethernet and IPv4 headers at their smallest. */
    private static final int HEADROOM_AND_INNER_IPV4 = EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH
            + UdpPacket.HEADER_LENGTH + VxlanPacket.HEADER_LENGTH + EthernetFrame.HEADER_LENGTH
            + Ipv4Packet.MIN_HEADER_LENGTH;

    private final EthernetFrame ethernet = new EthernetFrame();
    private final ArpPacket arp = new ArpPacket();
    private final Ipv4Packet ipv4 = new Ipv4Packet();
    private final IcmpPacket icmp = new IcmpPacket();
    private final UdpPacket udp = new UdpPacket();
    private final TcpPacket tcp = new TcpPacket();
    private final TcpOptionCursor tcpOptions = new TcpOptionCursor();
    private final VxlanPacket vxlan = new VxlanPacket();
    private final EthernetFrame innerEthernet = new EthernetFrame();
    private final ArpPacket innerArp = new ArpPacket();
    private final Ipv4Packet innerIpv4 = new Ipv4Packet();
    private final IcmpPacket innerIcmp = new IcmpPacket();
    private final UdpPacket innerUdp = new UdpPacket();
    private final TcpPacket innerTcp = new TcpPacket();
    private final TcpOptionCursor innerTcpOptions = new TcpOptionCursor();
    private final TcpOptionValues tcpOptionValues = new TcpOptionValues();
    private final TcpOptionValues innerTcpOptionValues = new TcpOptionValues();

    private final long[] vxlanPorts = new long[1024];
    private VxlanStrictness vxlanStrictness = VxlanStrictness.RFC_7348;
    private boolean truncatedAllowed;
    private boolean verifyIpv4Checksum;
    /** Tests turn the straight-line path off to prove that the general path decodes the same. */
    private boolean commonPathEnabled = true;
    /** The straight-line path applies: enabled, no checksum to verify, RFC 7348 strictness (one load in parse). */
    private boolean commonPath = true;

    private int start;
    private int layers;
    private int status;
    private boolean truncated;
    private int rejectLayer;
    private int rejectOffset;
    private int rejectNeeded;
    private int rejectActual;
    private int ipv4PayloadLength;
    private int innerIpv4PayloadLength;
    private int innerFrameOffset;
    private int innerFrameLength;

    /** Creates a parser that treats UDP destination ports 4789 and 8472 as VXLAN, RFC 7348 strictness. */
    public PacketParser() {
        addVxlanPort(UdpPorts.VXLAN);
        addVxlanPort(UdpPorts.VXLAN_LINUX);
    }

    // ---------------------------------------------------------------- configuration

    /**
     * Treats a UDP destination port as VXLAN.
     *
     * @param port 0..65535
     * @return this
     */
    public PacketParser addVxlanPort(int port) {
        vxlanPorts[(port & 0xFFFF) >>> 6] |= 1L << port;
        return this;
    }

    /**
     * Stops treating a UDP destination port as VXLAN.
     *
     * @param port 0..65535
     * @return this
     */
    public PacketParser removeVxlanPort(int port) {
        vxlanPorts[(port & 0xFFFF) >>> 6] &= ~(1L << port);
        return this;
    }

    /**
     * Tells whether a UDP destination port is decoded as VXLAN.
     *
     * @param port 0..65535
     * @return true for 4789 and 8472 unless changed
     */
    public boolean isVxlanPort(int port) {
        return (vxlanPorts[(port & 0xFFFF) >>> 6] & (1L << port)) != 0;
    }

    /**
     * Chooses how reserved VXLAN bits are treated.
     *
     * @param strictness {@link VxlanStrictness#RFC_7348} (the default) ignores them
     * @return this
     */
    public PacketParser vxlanStrictness(VxlanStrictness strictness) {
        this.vxlanStrictness = strictness;
        return updateCommonPath();
    }

    /**
     * Returns how reserved VXLAN bits are treated.
     *
     * @return the strictness
     */
    public VxlanStrictness vxlanStrictness() {
        return vxlanStrictness;
    }

    /**
     * Accepts IPv4 and UDP length fields larger than the data present (captures cut by a snap length),
     * bounding the layer by the data and setting {@link #truncated()}; off by default.
     *
     * @param allowed true for capture files
     * @return this
     */
    public PacketParser truncatedAllowed(boolean allowed) {
        this.truncatedAllowed = allowed;
        return this;
    }

    /**
     * Tells whether truncated layers are accepted.
     *
     * @return the setting of {@link #truncatedAllowed(boolean)}
     */
    public boolean truncatedAllowed() {
        return truncatedAllowed;
    }

    /**
     * Verifies outer and inner IPv4 header checksums and rejects with {@link #BAD_CHECKSUM}; off by
     * default.
     *
     * @param verify true to verify
     * @return this
     */
    public PacketParser verifyIpv4Checksum(boolean verify) {
        this.verifyIpv4Checksum = verify;
        return updateCommonPath();
    }

    /**
     * Tells whether IPv4 header checksums are verified.
     *
     * @return the setting of {@link #verifyIpv4Checksum(boolean)}
     */
    public boolean verifyIpv4Checksum() {
        return verifyIpv4Checksum;
    }

    /** Tests turn the straight-line path off to prove that the general path decodes the same. */
    PacketParser commonPathEnabled(boolean enabled) {
        this.commonPathEnabled = enabled;
        return updateCommonPath();
    }

    private PacketParser updateCommonPath() {
        commonPath = commonPathEnabled && !verifyIpv4Checksum && vxlanStrictness == VxlanStrictness.RFC_7348;
        return this;
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Decodes a frame. Never throws and never allocates, whatever the bytes.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset index of the first byte of the Ethernet header
     * @param length bytes of the frame present
     * @return {@link #OK} or a reject code
     */
    public int parse(ByteBuffer buffer, int offset, int length) {
        view(buffer);
        this.start = offset;
        truncated = false;
        if (status != OK) { // only a reject sets them
            rejectLayer = 0;
            rejectOffset = 0;
            rejectNeeded = 0;
            rejectActual = 0;
        }
        int end = offset + length;
        boolean inRange = buffer != null && offset >= 0 && length >= 0 && length <= buffer.limit() - offset;
        if (inRange && commonPath) {
            int common = decodeCommonVxlan(offset, end); // sets every field zeroed below when it decodes
            if (common != NOT_DECODED) {
                return status = common;
            }
        }
        layers = 0;
        ipv4PayloadLength = 0;
        innerIpv4PayloadLength = 0;
        innerFrameOffset = 0;
        innerFrameLength = 0;
        if (!inRange) {
            return status = reject(BAD_RANGE, ETHERNET, offset, length, 0);
        }
        int result = decodeEthernet(0, offset, end);
        if (result == INNER_FRAME_PENDING) {
            // Called here rather than from decodeVxlan: a recursive chain keeps C2 from inlining it.
            result = decodeEthernet(1, innerFrameOffset, innerFrameOffset + innerFrameLength);
        }
        return status = result;
    }

    /**
     * Decodes a frame and throws if it is malformed.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset index of the first byte of the Ethernet header
     * @param length bytes of the frame present
     * @return this, for chained accessors
     * @throws MalformedPacketException naming the layer, its offset (relative to {@code offset}), the bytes
     *                                  needed and the bytes there were
     */
    public PacketParser parseOrThrow(ByteBuffer buffer, int offset, int length) {
        int result = parse(buffer, offset, length);
        if (result != OK) {
            throw new MalformedPacketException(layerName(rejectLayer), rejectOffset, rejectNeeded, rejectActual,
                    statusName(result));
        }
        return this;
    }

    /**
     * The common VXLAN shape in one straight pass, each field read once: untagged Ethernet, IPv4 without
     * fragmentation whose total length fits the data, UDP to a VXLAN port whose length fits, VXLAN with
     * the I flag, then the same inner Ethernet/IPv4 and inner TCP, UDP, ICMP or another protocol; a bad
     * inner TCP header length is rejected here as the general path would. Anything else — tags, ARP,
     * fragments, truncation, other rejects — returns {@link #NOT_DECODED}, and {@link #decodeEthernet}
     * decodes the frame by the general rules, which give the same result on the frames accepted here.
     *
     * <p>The flyweights of the outer headers and the inner Ethernet header are wrapped as soon as the outer
     * checks pass, the inner IPv4 one as soon as its own pass, rather than all at the end: the offsets are
     * then stored while they are in registers instead of being kept alive through the inner checks, which
     * made C2 spill them (about 2.5 ns of the decode with the default heap, docs/benchmarks.md). On
     * {@link #NOT_DECODED} the general path wraps every layer it finds again and {@link #parse} resets the
     * lengths; the flyweight of a layer that ends up absent has no defined offset either way.
     *
     * <pre>
     * from: Ethernet 14 | IPv4 ip, ihl | UDP u, 8 | VXLAN v, 8 | inner Ethernet 14 | inner IPv4 | TCP/UDP/ICMP
     * </pre>
     *
     * @return the status, or {@link #NOT_DECODED} to use the general path
     */
    private int decodeCommonVxlan(int from, int end) {
        if (end - from < HEADROOM_AND_INNER_IPV4) {
            return NOT_DECODED;
        }
        int typeAndVersion = s32(from + EthernetFrame.TYPE_OFFSET);
        if (typeAndVersion >>> 16 != EtherType.IPV4) {
            return NOT_DECODED;
        }
        int ip = from + EthernetFrame.HEADER_LENGTH;
        int headerLength = (typeAndVersion >>> 6) & 0x3C;
        int totalLength = u16(ip + Ipv4Packet.TOTAL_LENGTH_OFFSET);
        int fragmentAndProtocol = s32(ip + Ipv4Packet.FRAGMENT_OFFSET);
        if ((typeAndVersion & 0xF000) != 0x4000 || headerLength < Ipv4Packet.MIN_HEADER_LENGTH
                || totalLength < headerLength || totalLength > end - ip
                || (fragmentAndProtocol & 0x3FFF_0000) != 0 || (fragmentAndProtocol & 0xFF) != IpProtocol.UDP) {
            return NOT_DECODED;
        }
        int datagramEnd = ip + totalLength;
        int u = ip + headerLength;
        if (datagramEnd - u < UdpPacket.HEADER_LENGTH + VxlanPacket.HEADER_LENGTH) {
            return NOT_DECODED;
        }
        int portAndLength = s32(u + UdpPacket.DESTINATION_PORT_OFFSET);
        int udpLength = portAndLength & 0xFFFF;
        int udpEnd = u + udpLength;
        int v = u + UdpPacket.HEADER_LENGTH;
        int e = v + VxlanPacket.HEADER_LENGTH;
        if (udpLength > datagramEnd - u || udpEnd - e < EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH
                || (vxlanPorts[portAndLength >>> 22] & (1L << (portAndLength >>> 16))) == 0 // isVxlanPort, inlined
                || (u8(v) & VxlanPacket.FLAG_I) == 0) {
            return NOT_DECODED;
        }
        wrapCommonOuter(from, u, datagramEnd, udpEnd);
        return decodeCommonInner(u, udpEnd);
    }

    /** The outer headers and the inner Ethernet header, once the outer checks have passed. */
    private void wrapCommonOuter(int from, int u, int datagramEnd, int udpEnd) {
        int e = u + UdpPacket.HEADER_LENGTH + VxlanPacket.HEADER_LENGTH;
        ethernet.wrap(this, from);
        ipv4.wrap(this, from + EthernetFrame.HEADER_LENGTH);
        ipv4PayloadLength = datagramEnd - u;
        udp.wrap(this, u);
        vxlan.wrap(this, u + UdpPacket.HEADER_LENGTH);
        innerFrameOffset = e;
        innerFrameLength = udpEnd - e;
        innerEthernet.wrap(this, e);
    }

    /** {@link #decodeCommonVxlan} from the inner frame on: inner Ethernet, IPv4 and the transport header. */
    private int decodeCommonInner(int u, int udpEnd) {
        int e = u + UdpPacket.HEADER_LENGTH + VxlanPacket.HEADER_LENGTH;
        int innerTypeAndVersion = s32(e + EthernetFrame.TYPE_OFFSET);
        if (innerTypeAndVersion >>> 16 != EtherType.IPV4) {
            return NOT_DECODED;
        }
        int innerIp = e + EthernetFrame.HEADER_LENGTH;
        int innerHeaderLength = (innerTypeAndVersion >>> 6) & 0x3C;
        int innerTotalLength = u16(innerIp + Ipv4Packet.TOTAL_LENGTH_OFFSET);
        int innerFragmentAndProtocol = s32(innerIp + Ipv4Packet.FRAGMENT_OFFSET);
        if ((innerTypeAndVersion & 0xF000) != 0x4000 || innerHeaderLength < Ipv4Packet.MIN_HEADER_LENGTH
                || innerTotalLength < innerHeaderLength || innerTotalLength > udpEnd - innerIp
                || (innerFragmentAndProtocol & 0x3FFF_0000) != 0) {
            return NOT_DECODED;
        }
        int innerDatagramEnd = innerIp + innerTotalLength;
        int transport = innerIp + innerHeaderLength;
        int transportAvailable = innerDatagramEnd - transport;
        innerIpv4.wrap(this, innerIp);
        innerIpv4PayloadLength = transportAvailable;
        int transportLayer;
        switch (innerFragmentAndProtocol & 0xFF) {
            case IpProtocol.TCP:
                int tcpHeaderLength = transportAvailable < TcpPacket.MIN_HEADER_LENGTH ? 0
                        : (u8(transport + TcpPacket.DATA_OFFSET_OFFSET) >>> 4) << 2;
                if (tcpHeaderLength < TcpPacket.MIN_HEADER_LENGTH || tcpHeaderLength > transportAvailable) {
                    wrapCommonTransport(transport, 0);
                    return rejectInnerTcp(transport, transportAvailable, tcpHeaderLength);
                }
                transportLayer = INNER_TCP;
                break;
            case IpProtocol.UDP:
                if (!udpLengthFits(transport, transportAvailable)) {
                    return NOT_DECODED;
                }
                transportLayer = INNER_UDP;
                break;
            case IpProtocol.ICMP:
                if (transportAvailable < IcmpPacket.HEADER_LENGTH) {
                    return NOT_DECODED;
                }
                transportLayer = INNER_ICMP;
                break;
            default:
                transportLayer = 0;
                break;
        }
        return wrapCommonTransport(transport, transportLayer);
    }

    /** The UDP header is there and its length field within {@code available}, as the general path checks. */
    private boolean udpLengthFits(int at, int available) {
        if (available < UdpPacket.HEADER_LENGTH) {
            return false;
        }
        int length = u16(at + UdpPacket.LENGTH_OFFSET);
        return length >= UdpPacket.HEADER_LENGTH && length <= available;
    }

    /** What the general path says about an inner TCP header too short or longer than the datagram. */
    private int rejectInnerTcp(int transport, int available, int headerLength) {
        if (available < TcpPacket.MIN_HEADER_LENGTH) {
            return reject(TRUNCATED, INNER_TCP, transport, TcpPacket.MIN_HEADER_LENGTH, available);
        }
        if (headerLength < TcpPacket.MIN_HEADER_LENGTH) {
            return reject(BAD_HEADER_LENGTH, INNER_TCP, transport, TcpPacket.MIN_HEADER_LENGTH, headerLength);
        }
        return reject(TRUNCATED, INNER_TCP, transport, headerLength, available);
    }

    /**
     * The inner transport header and the layer bits, once every check has passed. {@link #decodeCommonVxlan}
     * is split in parts (outer checks, outer wraps, inner checks, this) so that each stays under C2's
     * inlining size and the whole path inlines into the caller of {@link #parse}, whose accessor reads then
     * come from registers rather than from the fields just stored.
     *
     * @return {@link #OK}
     */
    private int wrapCommonTransport(int transport, int transportLayer) {
        if (transportLayer == INNER_TCP) {
            innerTcp.wrap(this, transport);
        } else if (transportLayer == INNER_UDP) {
            innerUdp.wrap(this, transport);
        } else if (transportLayer == INNER_ICMP) {
            innerIcmp.wrap(this, transport);
        }
        layers = ETHERNET | IPV4 | UDP | VXLAN | INNER_ETHERNET | INNER_IPV4 | transportLayer;
        return OK;
    }

    private int reject(int code, int layer, int at, int needed, int actual) {
        rejectLayer = layer;
        rejectOffset = at - start;
        rejectNeeded = needed;
        rejectActual = actual;
        return code;
    }

    private int decodeEthernet(int level, int from, int end) {
        int shift = level * INNER_SHIFT;
        int available = end - from;
        if (available < EthernetFrame.HEADER_LENGTH) {
            return reject(TRUNCATED, ETHERNET << shift, from, EthernetFrame.HEADER_LENGTH, available);
        }
        int typeIndex = from + EthernetFrame.TYPE_OFFSET;
        int type = u16(typeIndex);
        int tags = 0;
        while (EtherType.isVlanTag(type)) {
            tags++;
            int needed = EthernetFrame.HEADER_LENGTH + EthernetFrame.TAG_LENGTH * tags;
            if (tags > EthernetFrame.MAX_TAGS) {
                return reject(TOO_MANY_VLAN_TAGS, ETHERNET << shift, from, needed, available);
            }
            if (needed > available) {
                return reject(TRUNCATED, ETHERNET << shift, from, needed, available);
            }
            typeIndex += EthernetFrame.TAG_LENGTH;
            type = u16(typeIndex);
        }
        (level == 0 ? ethernet : innerEthernet).wrap(this, from);
        layers |= ETHERNET << shift;
        int payload = typeIndex + 2;
        if (type == EtherType.IPV4) {
            return decodeIpv4(level, payload, end);
        }
        if (type == EtherType.ARP) {
            return decodeArp(level, payload, end);
        }
        return OK;
    }

    private int decodeArp(int level, int from, int end) {
        int shift = level * INNER_SHIFT;
        int available = end - from;
        if (available < ArpPacket.FIXED_LENGTH) {
            return reject(TRUNCATED, ARP << shift, from, ArpPacket.FIXED_LENGTH, available);
        }
        int needed = ArpPacket.FIXED_LENGTH + 2 * (u8(from + 4) + u8(from + 5));
        if (needed > available) {
            return reject(TRUNCATED, ARP << shift, from, needed, available);
        }
        (level == 0 ? arp : innerArp).wrap(this, from);
        layers |= ARP << shift;
        return OK;
    }

    private int decodeIpv4(int level, int from, int end) {
        int shift = level * INNER_SHIFT;
        int layer = IPV4 << shift;
        int available = end - from;
        if (available < Ipv4Packet.MIN_HEADER_LENGTH) {
            return reject(TRUNCATED, layer, from, Ipv4Packet.MIN_HEADER_LENGTH, available);
        }
        int versionAndIhl = u8(from);
        if (versionAndIhl >>> 4 != 4) {
            return reject(BAD_VERSION, layer, from, Ipv4Packet.MIN_HEADER_LENGTH, available);
        }
        int headerLength = (versionAndIhl & 0x0F) << 2;
        if (headerLength < Ipv4Packet.MIN_HEADER_LENGTH) {
            return reject(BAD_HEADER_LENGTH, layer, from, Ipv4Packet.MIN_HEADER_LENGTH, headerLength);
        }
        if (headerLength > available) {
            return reject(TRUNCATED, layer, from, headerLength, available);
        }
        int totalLength = u16(from + Ipv4Packet.TOTAL_LENGTH_OFFSET);
        int datagramEnd = from + totalLength;
        if (totalLength < headerLength || totalLength > available) {
            datagramEnd = unusualDatagramEnd(layer, from, end, headerLength, totalLength);
            if (datagramEnd < 0) {
                return ~datagramEnd;
            }
        }
        if (verifyIpv4Checksum && !ipv4ChecksumValid(from, headerLength)) {
            return reject(BAD_CHECKSUM, layer, from, headerLength, available);
        }
        int payload = from + headerLength;
        if (level == 0) {
            ipv4.wrap(this, from);
            ipv4PayloadLength = datagramEnd - payload;
        } else {
            innerIpv4.wrap(this, from);
            innerIpv4PayloadLength = datagramEnd - payload;
        }
        layers |= layer;
        int fragment = u16(from + Ipv4Packet.FRAGMENT_OFFSET);
        if ((fragment & 0x1FFF) != 0) {
            return OK; // a non-first fragment carries no transport header
        }
        boolean firstFragment = (fragment & Ipv4Packet.FLAG_MORE_FRAGMENTS) != 0;
        switch (u8(from + Ipv4Packet.PROTOCOL_OFFSET)) {
            case IpProtocol.UDP:
                return decodeUdp(level, payload, datagramEnd, firstFragment);
            case IpProtocol.TCP:
                return decodeTcp(level, payload, datagramEnd);
            case IpProtocol.ICMP:
                return decodeIcmp(level, payload, datagramEnd);
            default:
                return OK;
        }
    }

    /**
     * The IPv4 total length is below the header length or beyond the data: BIG TCP, truncation or a
     * reject. Kept out of {@link #decodeIpv4} so that C2 can inline that into {@link #parse}.
     *
     * @return the datagram's end, or {@code ~status} for a reject
     */
    private int unusualDatagramEnd(int layer, int from, int end, int headerLength, int totalLength) {
        int available = end - from;
        if (totalLength == 0 && truncatedAllowed) {
            // Linux BIG TCP / TSO super-packets are captured with total length 0 (tcpdump: "presumed BIG TCP").
            return end;
        }
        if (totalLength < headerLength) {
            return ~reject(BAD_LENGTH_FIELD, layer, from, headerLength, totalLength);
        }
        if (!truncatedAllowed) {
            return ~reject(LENGTH_EXCEEDS_DATA, layer, from, totalLength, available);
        }
        truncated = true;
        return end;
    }

    private boolean ipv4ChecksumValid(int from, int headerLength) {
        return InternetChecksum.fold(InternetChecksum.sum(buffer, from, headerLength)) == 0xFFFF;
    }

    private int decodeUdp(int level, int from, int end, boolean firstFragment) {
        int shift = level * INNER_SHIFT;
        int layer = UDP << shift;
        int available = end - from;
        if (available < UdpPacket.HEADER_LENGTH) {
            return reject(TRUNCATED, layer, from, UdpPacket.HEADER_LENGTH, available);
        }
        int length = u16(from + UdpPacket.LENGTH_OFFSET);
        if (length < UdpPacket.HEADER_LENGTH) {
            return reject(BAD_LENGTH_FIELD, layer, from, UdpPacket.HEADER_LENGTH, length);
        }
        (level == 0 ? udp : innerUdp).wrap(this, from);
        if (firstFragment) {
            layers |= layer; // the rest of the datagram is in later fragments
            return OK;
        }
        int datagramEnd;
        if (length > available) {
            if (!truncatedAllowed) {
                return reject(LENGTH_EXCEEDS_DATA, layer, from, length, available);
            }
            truncated = true;
            datagramEnd = end;
        } else {
            datagramEnd = from + length;
        }
        layers |= layer;
        if (level == 0 && isVxlanPort(u16(from + UdpPacket.DESTINATION_PORT_OFFSET))) {
            return decodeVxlan(from + UdpPacket.HEADER_LENGTH, datagramEnd);
        }
        return OK;
    }

    private int decodeVxlan(int from, int end) {
        int available = end - from;
        if (available < VxlanPacket.HEADER_LENGTH) {
            return reject(TRUNCATED, VXLAN, from, VxlanPacket.HEADER_LENGTH, available);
        }
        vxlan.wrap(this, from);
        if ((u8(from) & VxlanPacket.FLAG_I) == 0) {
            return reject(VXLAN_NO_VNI, VXLAN, from, VxlanPacket.HEADER_LENGTH, available);
        }
        if (vxlanStrictness != VxlanStrictness.RFC_7348 && !vxlanStrictness.accepts(vxlan)) {
            return reject(VXLAN_RESERVED_BITS, VXLAN, from, VxlanPacket.HEADER_LENGTH, available);
        }
        layers |= VXLAN;
        innerFrameOffset = from + VxlanPacket.HEADER_LENGTH;
        innerFrameLength = end - innerFrameOffset;
        return INNER_FRAME_PENDING;
    }

    private int decodeTcp(int level, int from, int end) {
        int shift = level * INNER_SHIFT;
        int layer = TCP << shift;
        int available = end - from;
        if (available < TcpPacket.MIN_HEADER_LENGTH) {
            return reject(TRUNCATED, layer, from, TcpPacket.MIN_HEADER_LENGTH, available);
        }
        int headerLength = (u8(from + TcpPacket.DATA_OFFSET_OFFSET) >>> 4) << 2;
        if (headerLength < TcpPacket.MIN_HEADER_LENGTH) {
            return reject(BAD_HEADER_LENGTH, layer, from, TcpPacket.MIN_HEADER_LENGTH, headerLength);
        }
        if (headerLength > available) {
            return reject(TRUNCATED, layer, from, headerLength, available);
        }
        (level == 0 ? tcp : innerTcp).wrap(this, from);
        layers |= layer;
        return OK;
    }

    private int decodeIcmp(int level, int from, int end) {
        int shift = level * INNER_SHIFT;
        int available = end - from;
        if (available < IcmpPacket.HEADER_LENGTH) {
            return reject(TRUNCATED, ICMP << shift, from, IcmpPacket.HEADER_LENGTH, available);
        }
        (level == 0 ? icmp : innerIcmp).wrap(this, from);
        layers |= ICMP << shift;
        return OK;
    }

    // ---------------------------------------------------------------- results

    /**
     * Returns the result of the last {@code parse}.
     *
     * @return {@link #OK} or a reject code
     */
    public int status() {
        return status;
    }

    /**
     * Returns the layers decoded by the last {@code parse} (also after a reject: those before it).
     *
     * @return a mask of {@link #ETHERNET}, {@link #IPV4}, ..., {@link #INNER_TCP}
     */
    public int layers() {
        return layers;
    }

    /**
     * Tells whether every given layer was decoded.
     *
     * @param layerBits one or more layer bits, e.g. {@code VXLAN | INNER_TCP}
     * @return true if all are present
     */
    public boolean has(int layerBits) {
        return (layers & layerBits) == layerBits;
    }

    /**
     * Tells whether a VXLAN header was decoded.
     *
     * @return true if {@link #VXLAN} is present
     */
    public boolean hasVxlan() {
        return (layers & VXLAN) != 0;
    }

    /**
     * Tells whether a layer was cut at the end of the data (only with {@link #truncatedAllowed(boolean)}).
     *
     * @return true if a length field exceeded the data
     */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Returns the layer that failed.
     *
     * @return a layer bit, or 0 after {@link #OK}
     */
    public int rejectLayer() {
        return rejectLayer;
    }

    /**
     * Returns where the failing layer starts.
     *
     * @return bytes from the {@code offset} given to {@code parse}
     */
    public int rejectOffset() {
        return rejectOffset;
    }

    /**
     * Returns how many bytes the failing layer needed (or the smallest valid value of the field that
     * failed).
     *
     * @return a byte count
     */
    public int rejectNeeded() {
        return rejectNeeded;
    }

    /**
     * Returns how many bytes there were for the failing layer (or the field value that failed).
     *
     * @return a byte count
     */
    public int rejectActual() {
        return rejectActual;
    }

    /**
     * Returns the buffer of the last {@code parse}.
     *
     * @return the buffer
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    /**
     * Returns the outer Ethernet header (valid if {@link #ETHERNET} is present).
     *
     * @return the flyweight
     */
    public EthernetFrame ethernet() {
        return ethernet;
    }

    /**
     * Returns the outer ARP packet (valid if {@link #ARP} is present).
     *
     * @return the flyweight
     */
    public ArpPacket arp() {
        return arp;
    }

    /**
     * Returns the outer IPv4 header (valid if {@link #IPV4} is present).
     *
     * @return the flyweight
     */
    public Ipv4Packet ipv4() {
        return ipv4;
    }

    /**
     * Returns the outer IPv4 payload length as decoded: bounded by the total length and, when truncation
     * is allowed, by the data.
     *
     * @return bytes after the IPv4 header
     */
    public int ipv4PayloadLength() {
        return ipv4PayloadLength;
    }

    /**
     * Returns the outer ICMP header (valid if {@link #ICMP} is present).
     *
     * @return the flyweight
     */
    public IcmpPacket icmp() {
        return icmp;
    }

    /**
     * Returns the outer UDP header (valid if {@link #UDP} is present).
     *
     * @return the flyweight
     */
    public UdpPacket udp() {
        return udp;
    }

    /**
     * Returns the outer TCP header (valid if {@link #TCP} is present).
     *
     * @return the flyweight
     */
    public TcpPacket tcp() {
        return tcp;
    }

    /**
     * Positions the parser's reusable cursor before the outer TCP options (again on every call).
     *
     * @return the cursor, not yet advanced; over no options if {@link #TCP} is not present
     */
    public TcpOptionCursor tcpOptions() {
        return options(TCP, tcp, tcpOptions);
    }

    // Positioned here rather than in parse: most callers never walk the options, and a cursor rewind is
    // eight stores on every parse.
    private TcpOptionCursor options(int layer, TcpPacket header, TcpOptionCursor cursor) {
        if ((layers & layer) == 0) {
            return cursor.wrap(this, start, 0);
        }
        // the header's own buffer: a caller may have re-wrapped the parser's flyweight on another one
        return cursor.wrap(header, header.optionsOffset(), Math.max(0, header.optionsLength()));
    }

    /**
     * Decodes the outer TCP options into the parser's reusable holder (again on every call).
     *
     * @return MSS, window scale, timestamps, ...; every option absent if {@link #TCP} is not present
     */
    public TcpOptionValues tcpOptionValues() {
        return optionValues(TCP, tcp, tcpOptionValues);
    }

    private TcpOptionValues optionValues(int layer, TcpPacket header, TcpOptionValues values) {
        if ((layers & layer) == 0) {
            return values.clear();
        }
        // the header's own buffer: a caller may have re-wrapped the parser's flyweight on another one
        return values.decode(header, header.optionsOffset(), header.optionsLength());
    }

    /**
     * Returns the VXLAN header (valid if {@link #VXLAN} is present).
     *
     * @return the flyweight
     */
    public VxlanPacket vxlan() {
        return vxlan;
    }

    /**
     * Returns where the inner frame starts.
     *
     * @return the absolute index after the VXLAN header, or 0 without VXLAN
     */
    public int innerFrameOffset() {
        return innerFrameOffset;
    }

    /**
     * Returns the inner frame's length (to the end of the UDP datagram).
     *
     * @return bytes, or 0 without VXLAN
     */
    public int innerFrameLength() {
        return innerFrameLength;
    }

    /**
     * Returns the inner Ethernet header (valid if {@link #INNER_ETHERNET} is present).
     *
     * @return the flyweight
     */
    public EthernetFrame innerEthernet() {
        return innerEthernet;
    }

    /**
     * Returns the inner ARP packet (valid if {@link #INNER_ARP} is present).
     *
     * @return the flyweight
     */
    public ArpPacket innerArp() {
        return innerArp;
    }

    /**
     * Returns the inner IPv4 header (valid if {@link #INNER_IPV4} is present).
     *
     * @return the flyweight
     */
    public Ipv4Packet innerIpv4() {
        return innerIpv4;
    }

    /**
     * Returns the inner IPv4 payload length as decoded.
     *
     * @return bytes after the inner IPv4 header
     */
    public int innerIpv4PayloadLength() {
        return innerIpv4PayloadLength;
    }

    /**
     * Returns the inner ICMP header (valid if {@link #INNER_ICMP} is present).
     *
     * @return the flyweight
     */
    public IcmpPacket innerIcmp() {
        return innerIcmp;
    }

    /**
     * Returns the inner UDP header (valid if {@link #INNER_UDP} is present).
     *
     * @return the flyweight
     */
    public UdpPacket innerUdp() {
        return innerUdp;
    }

    /**
     * Returns the inner TCP header (valid if {@link #INNER_TCP} is present).
     *
     * @return the flyweight
     */
    public TcpPacket innerTcp() {
        return innerTcp;
    }

    /**
     * Positions the parser's reusable cursor before the inner TCP options (again on every call).
     *
     * @return the cursor, not yet advanced; over no options if {@link #INNER_TCP} is not present
     */
    public TcpOptionCursor innerTcpOptions() {
        return options(INNER_TCP, innerTcp, innerTcpOptions);
    }

    /**
     * Decodes the inner TCP options into the parser's reusable holder (again on every call): one pass,
     * for when the values are wanted rather than each option.
     *
     * @return MSS, window scale, timestamps, ...; every option absent if {@link #INNER_TCP} is not present
     */
    public TcpOptionValues innerTcpOptionValues() {
        return optionValues(INNER_TCP, innerTcp, innerTcpOptionValues);
    }

    /**
     * Names a status code.
     *
     * @param status {@link #OK} or a reject code
     * @return e.g. {@code "truncated"}
     */
    public static String statusName(int status) {
        switch (status) {
            case OK:
                return "ok";
            case TRUNCATED:
                return "truncated";
            case BAD_VERSION:
                return "IP version is not 4";
            case BAD_HEADER_LENGTH:
                return "header length below the minimum";
            case BAD_LENGTH_FIELD:
                return "length field below the header length";
            case LENGTH_EXCEEDS_DATA:
                return "length field exceeds the data";
            case BAD_CHECKSUM:
                return "bad checksum";
            case TOO_MANY_VLAN_TAGS:
                return "too many VLAN tags";
            case VXLAN_NO_VNI:
                return "VXLAN I flag not set";
            case VXLAN_RESERVED_BITS:
                return "VXLAN reserved bits set";
            case BAD_RANGE:
                return "offset and length outside the buffer";
            case NOT_VXLAN:
                return "not a VXLAN packet";
            case FRAGMENTED:
                return "fragmented";
            default:
                return "status " + status;
        }
    }

    /**
     * Names a layer bit.
     *
     * @param layer one layer bit
     * @return e.g. {@code "inner IPv4"}
     */
    public static String layerName(int layer) {
        switch (layer) {
            case ETHERNET:
                return "Ethernet";
            case ARP:
                return "ARP";
            case IPV4:
                return "IPv4";
            case ICMP:
                return "ICMP";
            case UDP:
                return "UDP";
            case TCP:
                return "TCP";
            case VXLAN:
                return "VXLAN";
            case INNER_ETHERNET:
                return "inner Ethernet";
            case INNER_ARP:
                return "inner ARP";
            case INNER_IPV4:
                return "inner IPv4";
            case INNER_ICMP:
                return "inner ICMP";
            case INNER_UDP:
                return "inner UDP";
            case INNER_TCP:
                return "inner TCP";
            default:
                return "layer 0x" + Integer.toHexString(layer);
        }
    }
}
