package io.github.overlaykit.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds well-formed (or deliberately broken) frames byte by byte for the capture and printer tests. */
final class TestFrames {
    static final long MAC_A = 0x02_00_00_00_00_0AL;
    static final long MAC_B = 0x02_00_00_00_00_0BL;
    static final int IP_A = 0xC0_00_02_0A;  // 192.0.2.10
    static final int IP_B = 0xC6_33_64_14;  // 198.51.100.20

    private TestFrames() {
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] ethernet(long dst, long src, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        Bytes.put48(b, 0, dst);
        Bytes.put48(b, 6, src);
        b.putShort(12, (short) type);
        b.put(14, payload);
        return b.array();
    }

    /** An 802.1Q (or 802.1ad) tag: TPID, TCI; the frame's real EtherType follows. */
    static byte[] tagged(long dst, long src, int[] tpids, int[] tcis, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * tpids.length + payload.length);
        Bytes.put48(b, 0, dst);
        Bytes.put48(b, 6, src);
        int at = 12;
        for (int i = 0; i < tpids.length; i++) {
            b.putShort(at, (short) tpids[i]);
            b.putShort(at + 2, (short) tcis[i]);
            at += 4;
        }
        b.putShort(at, (short) type);
        b.put(at + 2, payload);
        return b.array();
    }

    static byte[] ipv4(int src, int dst, int protocol, int id, int flagsAndOffset, int ttl, int tos, byte[] options,
            byte[] payload) {
        int hlen = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(hlen + payload.length);
        b.put(0, (byte) (0x40 | hlen / 4));
        b.put(1, (byte) tos);
        b.putShort(2, (short) (hlen + payload.length));
        b.putShort(4, (short) id);
        b.putShort(6, (short) flagsAndOffset);
        b.put(8, (byte) ttl);
        b.put(9, (byte) protocol);
        b.putInt(12, src);
        b.putInt(16, dst);
        b.put(20, options);
        b.putShort(10, (short) InternetChecksum.checksum(b, 0, hlen));
        b.put(hlen, payload);
        return b.array();
    }

    static byte[] ipv4(int src, int dst, int protocol, byte[] payload) {
        return ipv4(src, dst, protocol, 0x1234, 0x4000, 64, 0, new byte[0], payload);
    }

    static byte[] udp(int src, int dst, int sport, int dport, byte[] payload, boolean checksum) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort(0, (short) sport);
        b.putShort(2, (short) dport);
        b.putShort(4, (short) (8 + payload.length));
        b.put(8, payload);
        if (checksum) {
            int sum = InternetChecksum.finish(InternetChecksum.pseudoHeaderSum(src, dst, 17, 8 + payload.length)
                    + InternetChecksum.sum(b, 0, 8 + payload.length));
            b.putShort(6, (short) (sum == 0 ? 0xFFFF : sum));
        }
        return b.array();
    }

    static byte[] tcp(int src, int dst, int sport, int dport, long seq, long ack, int flags, int window,
            byte[] options, byte[] payload) {
        int hlen = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(hlen + payload.length);
        b.putShort(0, (short) sport);
        b.putShort(2, (short) dport);
        b.putInt(4, (int) seq);
        b.putInt(8, (int) ack);
        b.put(12, (byte) ((hlen / 4) << 4));
        b.put(13, (byte) flags);
        b.putShort(14, (short) window);
        b.put(20, options);
        b.put(hlen, payload);
        int sum = InternetChecksum.finish(InternetChecksum.pseudoHeaderSum(src, dst, 6, hlen + payload.length)
                + InternetChecksum.sum(b, 0, hlen + payload.length));
        b.putShort(16, (short) sum);
        return b.array();
    }

    /** MSS 1460, SACK permitted, timestamps, NOP, window scale 7: what Linux puts in a SYN. */
    static byte[] synOptions(int tsval, int tsecr) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.put(new byte[] {2, 4, 0x05, (byte) 0xB4, 4, 2, 8, 10});
        b.putInt(tsval).putInt(tsecr);
        b.put(new byte[] {1, 3, 3, 7});
        return b.array();
    }

    static byte[] icmpEcho(boolean request, int id, int seq, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        b.put(0, (byte) (request ? 8 : 0));
        b.putShort(4, (short) id);
        b.putShort(6, (short) seq);
        b.put(8, data);
        b.putShort(2, (short) InternetChecksum.checksum(b, 0, 8 + data.length));
        return b.array();
    }

    static byte[] arp(int op, long sha, int spa, long tha, int tpa) {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.putShort(0, (short) 1).putShort(2, (short) 0x0800).put(4, (byte) 6).put(5, (byte) 4).putShort(6, (short) op);
        Bytes.put48(b, 8, sha);
        b.putInt(14, spa);
        Bytes.put48(b, 18, tha);
        b.putInt(24, tpa);
        return b.array();
    }

    /**
     * A flannel-style frame: Ethernet, IPv4 192.0.2.1 → 192.0.2.2, UDP 40000 → 8472, VXLAN VNI 1, around an
     * inner Ethernet frame of {@code innerType} carrying {@code innerPayload}.
     */
    static byte[] vxlanFrame(int innerType, byte[] innerPayload) {
        int outerSource = 0xC000_0201;
        int outerDestination = 0xC000_0202;
        byte[] inner = ethernet(0x0200_0000_0001L, 0x0200_0000_0002L, innerType, innerPayload);
        return ethernet(0x0200_0000_0003L, 0x0200_0000_0004L, EtherType.IPV4,
                ipv4(outerSource, outerDestination, IpProtocol.UDP,
                        udp(outerSource, outerDestination, 40000, UdpPorts.VXLAN_LINUX, vxlan(1, inner), false)));
    }

    static byte[] vxlan(int vni, byte[] inner) {
        ByteBuffer b = ByteBuffer.allocate(8 + inner.length);
        b.put(0, (byte) 0x08);
        b.putInt(4, vni << 8);
        b.put(8, inner);
        return b.array();
    }

    static byte[] payload(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (0x20 + i % 90);
        }
        return data;
    }

    /** Linux cooked v1 header (16 bytes) before an IPv4 packet. */
    static byte[] sll(int packetType, long mac, int protocol, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload.length);
        b.putShort(0, (short) packetType).putShort(2, (short) 1).putShort(4, (short) 6);
        Bytes.put48(b, 6, mac);
        b.putShort(14, (short) protocol);
        b.put(16, payload);
        return b.array();
    }

    /** Linux cooked v2 header (20 bytes) before an IPv4 packet. */
    static byte[] sll2(int protocol, int ifIndex, int packetType, long mac, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort(0, (short) protocol).putInt(4, ifIndex).putShort(8, (short) 1).put(10, (byte) packetType)
                .put(11, (byte) 6);
        Bytes.put48(b, 12, mac);
        b.put(20, payload);
        return b.array();
    }

    /** A pcapng file written block by block, in the byte order of its current section. */
    static final class Pcapng {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

        Pcapng section(ByteOrder byteOrder) {
            order = byteOrder;
            ByteBuffer body = ByteBuffer.allocate(16 + 12).order(order);
            body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
            // an shb_userappl option the reader must skip: code 4, length 3, padded to 4
            body.putShort((short) 4).putShort((short) 3).put(new byte[] {'o', 'k', '!', 0});
            body.putInt(0); // opt_endofopt
            return block(0x0A0D0D0A, body.array());
        }

        Pcapng interfaceBlock(int linkType, int snaplen, Integer tsresol) {
            ByteBuffer body = ByteBuffer.allocate(8 + 12 + 8 + 4).order(order);
            body.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
            body.putShort((short) 2).putShort((short) 4).put(new byte[] {'e', 't', 'h', '0'}); // if_name
            if (tsresol != null) {
                body.putShort((short) 9).putShort((short) 1).put(tsresol.byteValue()).put(new byte[3]);
            }
            body.putInt(0);
            byte[] bytes = new byte[body.position()];
            body.flip().get(bytes);
            return block(1, bytes);
        }

        Pcapng enhancedPacket(int interfaceId, long timestamp, byte[] data, int originalLength) {
            int padded = (data.length + 3) & ~3;
            ByteBuffer body = ByteBuffer.allocate(20 + padded + 12).order(order);
            body.putInt(interfaceId).putInt((int) (timestamp >>> 32)).putInt((int) timestamp).putInt(data.length)
                    .putInt(originalLength).put(data);
            body.position(20 + padded);
            // an epb_flags option (inbound) and the end of options
            body.putShort((short) 2).putShort((short) 4).putInt(1).putInt(0);
            return block(6, body.array());
        }

        Pcapng simplePacket(byte[] data) {
            int padded = (data.length + 3) & ~3;
            ByteBuffer body = ByteBuffer.allocate(4 + padded).order(order);
            body.putInt(data.length).put(data);
            return block(3, body.array());
        }

        Pcapng block(int type, byte[] body) {
            ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(order);
            b.putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length);
            out.writeBytes(b.array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
