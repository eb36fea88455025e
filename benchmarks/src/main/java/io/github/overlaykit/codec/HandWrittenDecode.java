package io.github.overlaykit.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The floor for {@link VxlanDecodeBenchmark}: the same checks and the same nine fields as
 * {@link VxlanDecodeBenchmark#decode}, written as one method over a {@code byte[]} with local variables
 * only — no flyweights, no parser state, nothing another caller could use. It shows how much of the
 * library's time is the library (its stored state and accessors) and how much is the work itself on this
 * machine.
 *
 * <pre>
 * Ethernet 14 | IPv4 (IHL) | UDP 8 → 8472 | VXLAN 8 (I flag) | Ethernet 14 | IPv4 (IHL) | TCP (data offset, options)
 * </pre>
 *
 * <p>It accepts only what the benchmark's frame is (untagged, unfragmented, lengths that fit) and
 * returns {@link DecodedSyn#none()} for anything else.
 */
final class HandWrittenDecode {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private HandWrittenDecode() {
    }

    private static int u8(byte[] frame, int index) {
        return frame[index] & 0xFF;
    }

    private static int u16(byte[] frame, int index) {
        return (short) SHORT.get(frame, index) & 0xFFFF;
    }

    private static int s32(byte[] frame, int index) {
        return (int) INT.get(frame, index);
    }

    /**
     * Decodes the VXLAN-encapsulated TCP frame.
     *
     * @param frame  the bytes, frame at index 0
     * @param length the frame's length
     * @param out    where the fields go
     * @return {@code out}
     */
    static DecodedSyn decode(byte[] frame, int length, DecodedSyn out) {
        if (length < 84 || length > frame.length) {
            return out.none();
        }
        int typeAndVersion = s32(frame, 12);
        int ip = 14;
        int headerLength = (typeAndVersion >>> 6) & 0x3C;
        int totalLength = u16(frame, ip + 2);
        int fragmentAndProtocol = s32(frame, ip + 6);
        if (typeAndVersion >>> 16 != EtherType.IPV4 || (typeAndVersion & 0xF000) != 0x4000 || headerLength < 20
                || totalLength < headerLength || totalLength > length - ip
                || (fragmentAndProtocol & 0x3FFF_0000) != 0 || (fragmentAndProtocol & 0xFF) != IpProtocol.UDP) {
            return out.none();
        }
        int datagramEnd = ip + totalLength;
        int udp = ip + headerLength;
        int portAndLength = s32(frame, udp + 2);
        int udpEnd = udp + (portAndLength & 0xFFFF);
        int vxlan = udp + 8;
        int inner = vxlan + 8;
        if (datagramEnd - udp < 16 || udpEnd > datagramEnd || udpEnd - inner < 34
                || portAndLength >>> 16 != UdpPorts.VXLAN_LINUX || (u8(frame, vxlan) & VxlanPacket.FLAG_I) == 0) {
            return out.none();
        }
        int vni = s32(frame, vxlan + 4) >>> 8;
        int innerTypeAndVersion = s32(frame, inner + 12);
        int innerIp = inner + 14;
        int innerHeaderLength = (innerTypeAndVersion >>> 6) & 0x3C;
        int innerTotalLength = u16(frame, innerIp + 2);
        int innerFragmentAndProtocol = s32(frame, innerIp + 6);
        if (innerTypeAndVersion >>> 16 != EtherType.IPV4 || (innerTypeAndVersion & 0xF000) != 0x4000
                || innerHeaderLength < 20 || innerTotalLength < innerHeaderLength
                || innerTotalLength > udpEnd - innerIp || (innerFragmentAndProtocol & 0x3FFF_0000) != 0
                || (innerFragmentAndProtocol & 0xFF) != IpProtocol.TCP) {
            return out.none();
        }
        int tcp = innerIp + innerHeaderLength;
        int tcpAvailable = innerIp + innerTotalLength - tcp;
        if (tcpAvailable < 20) {
            return out.none();
        }
        int tcpHeaderLength = (u8(frame, tcp + 12) >>> 4) << 2;
        if (tcpHeaderLength < 20 || tcpHeaderLength > tcpAvailable) {
            return out.none();
        }
        int mss = -1;
        int windowScale = -1;
        long timestamp = -1;
        int at = tcp + 20;
        int optionsEnd = tcp + tcpHeaderLength;
        while (at < optionsEnd) {
            int kind = u8(frame, at);
            if (kind == TcpOptionCursor.EOL) {
                break;
            }
            if (kind == TcpOptionCursor.NOP) {
                at++;
                continue;
            }
            if (at + 1 >= optionsEnd) {
                break;
            }
            int optionLength = u8(frame, at + 1);
            if (optionLength < 2 || at + optionLength > optionsEnd) {
                break;
            }
            if (kind == TcpOptionCursor.MSS && optionLength == 4) {
                mss = u16(frame, at + 2);
            } else if (kind == TcpOptionCursor.WINDOW_SCALE && optionLength == 3) {
                windowScale = u8(frame, at + 2);
            } else if (kind == TcpOptionCursor.TIMESTAMPS && optionLength == 10) {
                timestamp = s32(frame, at + 2) & 0xFFFF_FFFFL;
            }
            at += optionLength;
        }
        int ports = s32(frame, tcp);
        return out.set(vni, s32(frame, innerIp + 12), s32(frame, innerIp + 16), ports >>> 16, ports & 0xFFFF,
                u8(frame, tcp + 13), mss, windowScale, timestamp);
    }
}
