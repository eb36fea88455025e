package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * The frames every codec benchmark works on, built byte by byte from the flannel article's capture
 * ({@code ../shared/seed/k8s-service-flannel-article.zh.md}): the pod's SYN
 * {@code 10.244.0.0.8741 > 10.244.1.8.9000: Flags [S], seq 1220826812, win 29200,
 * options [mss 1460,sackOK,TS val 2079738924 ecr 0,nop,wscale 7]}, as flannel sends it from node
 * 172.17.16.14 to node 106.55.227.160 on UDP port 8472 with VNI 1.
 *
 * <pre>
 * offset  0 outer Ethernet   52:54:00:f4:44:15 → fe:ee:b5:81:6a:26, 0x0800
 *        14 outer IPv4       172.17.16.14 → 106.55.227.160, proto 17, total length 110
 *        34 UDP              51945 → 8472, length 90, checksum 0
 *        42 VXLAN            flags 0x08 (I), VNI 1
 *        50 inner Ethernet   f6:f2:b0:fa:75:73 → da:a9:48:cb:15:3b, 0x0800
 *        64 inner IPv4       10.244.0.0 → 10.244.1.8, proto 6, DF, total length 60 (+ payload)
 *        84 inner TCP        8741 → 9000, SYN, data offset 10 (40 bytes)
 *       104 TCP options      02 04 05b4 | 04 02 | 08 0a TSval TSecr | 01 | 03 03 07
 *       124 payload          (none in the SYN)
 * </pre>
 *
 * <p>Checksums (outer and inner IPv4, inner TCP) are filled and valid.
 */
final class FlannelFrames {
    static final long OUTER_SOURCE_MAC = 0x52_54_00_f4_44_15L;
    static final long OUTER_DESTINATION_MAC = 0xfe_ee_b5_81_6a_26L;
    static final long INNER_SOURCE_MAC = 0xf6_f2_b0_fa_75_73L;
    static final long INNER_DESTINATION_MAC = 0xda_a9_48_cb_15_3bL;
    static final int NODE_SOURCE = 0xAC_11_10_0E;       // 172.17.16.14
    static final int NODE_DESTINATION = 0x6A_37_E3_A0;  // 106.55.227.160
    static final int POD_SOURCE = 0x0A_F4_00_00;        // 10.244.0.0
    static final int POD_DESTINATION = 0x0A_F4_01_08;   // 10.244.1.8
    static final int SERVICE_ADDRESS = 0x0A_67_05_58;   // 10.103.5.88, the Service's cluster IP
    static final int UNDERLAY_SOURCE_PORT = 51945;
    static final int VXLAN_PORT = UdpPorts.VXLAN_LINUX;
    static final int VNI = 1;
    static final int SOURCE_PORT = 8741;
    static final int DESTINATION_PORT = 9000;
    static final long SEQUENCE = 1220826812L;
    static final int WINDOW = 29200;
    static final int MSS = 1460;
    static final int WINDOW_SCALE = 7;
    static final long TIMESTAMP = 2079738924L;
    static final int TTL = 64;

    /** Bytes from the inner frame's start to the inner IPv4 header. */
    static final int INNER_IPV4_OFFSET = EthernetFrame.HEADER_LENGTH;
    /** The SYN's inner frame length: 14 + 20 + 40. */
    static final int INNER_SYN_LENGTH = 74;

    private FlannelFrames() {
    }

    /**
     * The inner frame: Ethernet, IPv4, TCP with the SYN's options and {@code payloadLength} bytes of
     * payload (a SYN carries none; the NAT benchmark also uses a full-size segment).
     */
    static byte[] innerSyn(int payloadLength) {
        int tcpLength = 40 + payloadLength;
        ByteBuffer b = ByteBuffer.allocate(EthernetFrame.HEADER_LENGTH + 20 + tcpLength);
        putMac(b, 0, INNER_DESTINATION_MAC);
        putMac(b, 6, INNER_SOURCE_MAC);
        b.putShort(12, (short) EtherType.IPV4);

        int ip = INNER_IPV4_OFFSET;
        b.put(ip, (byte) 0x45);
        b.putShort(ip + 2, (short) (20 + tcpLength));
        b.putShort(ip + 4, (short) 0x4a3b);
        b.putShort(ip + 6, (short) Ipv4Packet.FLAG_DONT_FRAGMENT);
        b.put(ip + 8, (byte) TTL);
        b.put(ip + 9, (byte) IpProtocol.TCP);
        b.putInt(ip + 12, POD_SOURCE);
        b.putInt(ip + 16, POD_DESTINATION);
        b.putShort(ip + 10, (short) InternetChecksum.checksum(b, ip, 20));

        int tcp = ip + 20;
        b.putShort(tcp, (short) SOURCE_PORT);
        b.putShort(tcp + 2, (short) DESTINATION_PORT);
        b.putInt(tcp + 4, (int) SEQUENCE);
        b.put(tcp + 12, (byte) (10 << 4));
        b.put(tcp + 13, (byte) TcpPacket.SYN);
        b.putShort(tcp + 14, (short) WINDOW);
        int o = tcp + 20;
        b.put(o, (byte) TcpOptionCursor.MSS).put(o + 1, (byte) 4).putShort(o + 2, (short) MSS);
        b.put(o + 4, (byte) TcpOptionCursor.SACK_PERMITTED).put(o + 5, (byte) 2);
        b.put(o + 6, (byte) TcpOptionCursor.TIMESTAMPS).put(o + 7, (byte) 10).putInt(o + 8, (int) TIMESTAMP)
                .putInt(o + 12, 0);
        b.put(o + 16, (byte) TcpOptionCursor.NOP);
        b.put(o + 17, (byte) TcpOptionCursor.WINDOW_SCALE).put(o + 18, (byte) 3).put(o + 19, (byte) WINDOW_SCALE);
        for (int i = 0; i < payloadLength; i++) {
            b.put(tcp + 40 + i, (byte) (0x20 + i % 90));
        }
        b.putShort(tcp + TcpPacket.CHECKSUM_OFFSET, (short) InternetChecksum.finish(
                InternetChecksum.pseudoHeaderSum(POD_SOURCE, POD_DESTINATION, IpProtocol.TCP, tcpLength)
                        + InternetChecksum.sum(b, tcp, tcpLength)));
        return b.array();
    }

    /** The whole frame on the underlay: outer Ethernet, IPv4, UDP (checksum 0), VXLAN, inner SYN. */
    static byte[] vxlanSyn() {
        byte[] inner = innerSyn(0);
        int udpLength = 8 + VxlanPacket.HEADER_LENGTH + inner.length;
        ByteBuffer b = ByteBuffer.allocate(VxlanEncapsulator.HEADROOM + inner.length);
        putMac(b, 0, OUTER_DESTINATION_MAC);
        putMac(b, 6, OUTER_SOURCE_MAC);
        b.putShort(12, (short) EtherType.IPV4);

        int ip = EthernetFrame.HEADER_LENGTH;
        b.put(ip, (byte) 0x45);
        b.putShort(ip + 2, (short) (20 + udpLength));
        b.putShort(ip + 4, (short) 0x1c2d);
        b.put(ip + 8, (byte) TTL);
        b.put(ip + 9, (byte) IpProtocol.UDP);
        b.putInt(ip + 12, NODE_SOURCE);
        b.putInt(ip + 16, NODE_DESTINATION);
        b.putShort(ip + 10, (short) InternetChecksum.checksum(b, ip, 20));

        int udp = ip + 20;
        b.putShort(udp, (short) UNDERLAY_SOURCE_PORT);
        b.putShort(udp + 2, (short) VXLAN_PORT);
        b.putShort(udp + 4, (short) udpLength);

        int vxlan = udp + 8;
        b.put(vxlan, (byte) VxlanPacket.FLAG_I);
        b.putInt(vxlan + 4, VNI << 8);
        b.put(VxlanEncapsulator.HEADROOM, inner);
        return b.array();
    }

    /** A copy of {@code array} in a direct buffer, position 0, limit its length. */
    static ByteBuffer direct(byte[] array) {
        ByteBuffer direct = ByteBuffer.allocateDirect(array.length);
        direct.put(0, array);
        return direct;
    }

    private static void putMac(ByteBuffer b, int index, long mac) {
        b.putShort(index, (short) (mac >>> 32));
        b.putInt(index + 2, (int) mac);
    }
}
