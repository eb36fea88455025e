package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Validates the outer Ethernet/IPv4/UDP/VXLAN headers of a received frame and locates the inner frame,
 * without copying it: the inner frame is {@code [innerOffset(), innerOffset() + innerLength())} of the
 * same buffer.
 *
 * <pre>
 *  offset                                              innerOffset()
 *  |                                                   |
 *  +----------------+-----------+--------+-------------+----------------------------+-----------+
 *  | Ethernet(+tags)| IPv4      | UDP    | VXLAN       | inner Ethernet frame       | padding   |
 *  +----------------+-----------+--------+-------------+----------------------------+-----------+
 *                                                      |&lt;----- innerLength() ------&gt;|
 * </pre>
 *
 * <p>Checks, in order: Ethernet header and tags; EtherType IPv4; IPv4 version, IHL, total length within
 * the data, header checksum; not a fragment (RFC 7348 §4.3 lets the receiver discard fragments); protocol
 * UDP; UDP length; destination port in the configured set (4789 and 8472 by default); a non-zero UDP
 * checksum verifies (RFC 7348: if verified and wrong, the packet MUST be dropped; 0 is always accepted);
 * the VXLAN header with the I flag, and reserved bits according to {@link VxlanStrictness}; an inner
 * frame of at least 14 bytes. {@link #decapsulate(ByteBuffer, int, int)} returns a {@link PacketParser}
 * status code and never throws or allocates; the outer headers stay available through the flyweight
 * getters after success.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class VxlanDecapsulator {
    private final EthernetFrame ethernet = new EthernetFrame();
    private final Ipv4Packet ipv4 = new Ipv4Packet();
    private final UdpPacket udp = new UdpPacket();
    private final VxlanPacket vxlan = new VxlanPacket();
    private final long[] vxlanPorts = new long[1024];
    private VxlanStrictness strictness = VxlanStrictness.RFC_7348;
    private boolean verifyUdpChecksum = true;
    private int innerOffset;
    private int innerLength;
    private int rejectLayer;
    private int rejectOffset;

    /** Creates a decapsulator for ports 4789 and 8472 with {@link VxlanStrictness#RFC_7348}. */
    public VxlanDecapsulator() {
        addVxlanPort(UdpPorts.VXLAN);
        addVxlanPort(UdpPorts.VXLAN_LINUX);
    }

    /**
     * Chooses how reserved VXLAN bits are treated.
     *
     * @param strictness RFC 7348 (ignore, the default), or Linux (drop unknown flags)
     * @return this
     */
    public VxlanDecapsulator strictness(VxlanStrictness strictness) {
        this.strictness = strictness;
        return this;
    }

    /**
     * Returns how reserved VXLAN bits are treated.
     *
     * @return the strictness
     */
    public VxlanStrictness strictness() {
        return strictness;
    }

    /**
     * Accepts a UDP destination port as VXLAN.
     *
     * @param port 0..65535
     * @return this
     */
    public VxlanDecapsulator addVxlanPort(int port) {
        vxlanPorts[(port & 0xFFFF) >>> 6] |= 1L << port;
        return this;
    }

    /**
     * Stops accepting a UDP destination port as VXLAN.
     *
     * @param port 0..65535
     * @return this
     */
    public VxlanDecapsulator removeVxlanPort(int port) {
        vxlanPorts[(port & 0xFFFF) >>> 6] &= ~(1L << port);
        return this;
    }

    /**
     * Chooses whether a non-zero outer UDP checksum is verified (default true).
     *
     * @param verify false to trust it, e.g. after NIC checksum offload
     * @return this
     */
    public VxlanDecapsulator verifyUdpChecksum(boolean verify) {
        this.verifyUdpChecksum = verify;
        return this;
    }

    /**
     * Validates the outer headers of a frame and locates the inner frame.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset index of the outer Ethernet header
     * @param length bytes of the frame present
     * @return {@link PacketParser#OK}, or a reject code such as {@link PacketParser#NOT_VXLAN},
     *         {@link PacketParser#TRUNCATED}, {@link PacketParser#BAD_CHECKSUM},
     *         {@link PacketParser#FRAGMENTED}, {@link PacketParser#VXLAN_RESERVED_BITS}
     */
    public int decapsulate(ByteBuffer buffer, int offset, int length) {
        innerOffset = 0;
        innerLength = 0;
        rejectLayer = 0;
        rejectOffset = 0;
        if (buffer == null || offset < 0 || length < 0 || length > buffer.limit() - offset) {
            return reject(PacketParser.BAD_RANGE, PacketParser.ETHERNET, 0);
        }
        int end = offset + length;
        if (length < EthernetFrame.HEADER_LENGTH) {
            return reject(PacketParser.TRUNCATED, PacketParser.ETHERNET, 0);
        }
        int typeIndex = offset + EthernetFrame.TYPE_OFFSET;
        int type = Bytes.u16(buffer, typeIndex);
        for (int tags = 1; EtherType.isVlanTag(type); tags++) {
            if (tags > EthernetFrame.MAX_TAGS) {
                return reject(PacketParser.TOO_MANY_VLAN_TAGS, PacketParser.ETHERNET, 0);
            }
            if (EthernetFrame.HEADER_LENGTH + EthernetFrame.TAG_LENGTH * tags > length) {
                return reject(PacketParser.TRUNCATED, PacketParser.ETHERNET, 0);
            }
            typeIndex += EthernetFrame.TAG_LENGTH;
            type = Bytes.u16(buffer, typeIndex);
        }
        ethernet.wrap(buffer, offset);
        if (type != EtherType.IPV4) {
            return reject(PacketParser.NOT_VXLAN, PacketParser.ETHERNET, 0);
        }
        int ip = typeIndex + 2;
        int available = end - ip;
        if (available < Ipv4Packet.MIN_HEADER_LENGTH) {
            return reject(PacketParser.TRUNCATED, PacketParser.IPV4, ip - offset);
        }
        ipv4.wrap(buffer, ip);
        int headerLength = ipv4.headerLength();
        int totalLength = ipv4.totalLength();
        if (ipv4.version() != 4) {
            return reject(PacketParser.BAD_VERSION, PacketParser.IPV4, ip - offset);
        }
        if (headerLength < Ipv4Packet.MIN_HEADER_LENGTH) {
            return reject(PacketParser.BAD_HEADER_LENGTH, PacketParser.IPV4, ip - offset);
        }
        if (headerLength > available) {
            return reject(PacketParser.TRUNCATED, PacketParser.IPV4, ip - offset);
        }
        if (totalLength < headerLength) {
            return reject(PacketParser.BAD_LENGTH_FIELD, PacketParser.IPV4, ip - offset);
        }
        if (totalLength > available) {
            return reject(PacketParser.LENGTH_EXCEEDS_DATA, PacketParser.IPV4, ip - offset);
        }
        if (!ipv4.verifyChecksum()) {
            return reject(PacketParser.BAD_CHECKSUM, PacketParser.IPV4, ip - offset);
        }
        if (ipv4.protocol() != IpProtocol.UDP) {
            return reject(PacketParser.NOT_VXLAN, PacketParser.IPV4, ip - offset);
        }
        if (ipv4.isFragment()) {
            return reject(PacketParser.FRAGMENTED, PacketParser.IPV4, ip - offset);
        }
        int u = ip + headerLength;
        int udpAvailable = totalLength - headerLength;
        if (udpAvailable < UdpPacket.HEADER_LENGTH) {
            return reject(PacketParser.TRUNCATED, PacketParser.UDP, u - offset);
        }
        udp.wrap(buffer, u);
        int udpLength = udp.length();
        if (udpLength < UdpPacket.HEADER_LENGTH) {
            return reject(PacketParser.BAD_LENGTH_FIELD, PacketParser.UDP, u - offset);
        }
        if (udpLength > udpAvailable) {
            return reject(PacketParser.LENGTH_EXCEEDS_DATA, PacketParser.UDP, u - offset);
        }
        int port = udp.destinationPort();
        if ((vxlanPorts[port >>> 6] & (1L << port)) == 0) {
            return reject(PacketParser.NOT_VXLAN, PacketParser.UDP, u - offset);
        }
        if (verifyUdpChecksum && !udp.verifyChecksum(ipv4.sourceAddress(), ipv4.destinationAddress())) {
            return reject(PacketParser.BAD_CHECKSUM, PacketParser.UDP, u - offset);
        }
        int v = u + UdpPacket.HEADER_LENGTH;
        if (udpLength - UdpPacket.HEADER_LENGTH < VxlanPacket.HEADER_LENGTH) {
            return reject(PacketParser.TRUNCATED, PacketParser.VXLAN, v - offset);
        }
        vxlan.wrap(buffer, v);
        if (!vxlan.iFlag()) {
            return reject(PacketParser.VXLAN_NO_VNI, PacketParser.VXLAN, v - offset);
        }
        if (!strictness.accepts(vxlan)) {
            return reject(PacketParser.VXLAN_RESERVED_BITS, PacketParser.VXLAN, v - offset);
        }
        int inner = v + VxlanPacket.HEADER_LENGTH;
        int innerEnd = u + udpLength;
        if (innerEnd - inner < EthernetFrame.HEADER_LENGTH) {
            return reject(PacketParser.TRUNCATED, PacketParser.INNER_ETHERNET, inner - offset);
        }
        innerOffset = inner;
        innerLength = innerEnd - inner;
        return PacketParser.OK;
    }

    private int reject(int code, int layer, int relativeOffset) {
        rejectLayer = layer;
        rejectOffset = relativeOffset;
        return code;
    }

    /**
     * Returns where the inner frame starts after a successful {@code decapsulate}.
     *
     * @return an absolute index, 0 after a reject
     */
    public int innerOffset() {
        return innerOffset;
    }

    /**
     * Returns the inner frame's length after a successful {@code decapsulate} (bounded by the UDP length,
     * so outer Ethernet padding is excluded).
     *
     * @return bytes, 0 after a reject
     */
    public int innerLength() {
        return innerLength;
    }

    /**
     * Returns the layer that failed.
     *
     * @return a {@link PacketParser} layer bit, 0 after success
     */
    public int rejectLayer() {
        return rejectLayer;
    }

    /**
     * Returns where the failing layer starts.
     *
     * @return bytes from the {@code offset} given to {@code decapsulate}
     */
    public int rejectOffset() {
        return rejectOffset;
    }

    /**
     * Returns the outer Ethernet header of the last frame.
     *
     * @return the flyweight
     */
    public EthernetFrame ethernet() {
        return ethernet;
    }

    /**
     * Returns the outer IPv4 header of the last frame (valid after success).
     *
     * @return the flyweight
     */
    public Ipv4Packet ipv4() {
        return ipv4;
    }

    /**
     * Returns the outer UDP header of the last frame (valid after success).
     *
     * @return the flyweight
     */
    public UdpPacket udp() {
        return udp;
    }

    /**
     * Returns the VXLAN header of the last frame (valid after success).
     *
     * @return the flyweight
     */
    public VxlanPacket vxlan() {
        return vxlan;
    }

    /**
     * Returns the VNI of the last accepted frame.
     *
     * @return 0..16777215
     */
    public int vni() {
        return vxlan.vni();
    }
}
