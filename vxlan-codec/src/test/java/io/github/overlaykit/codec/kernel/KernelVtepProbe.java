package io.github.overlaykit.codec.kernel;

import io.github.overlaykit.codec.EtherType;
import io.github.overlaykit.codec.EthernetFrame;
import io.github.overlaykit.codec.IcmpPacket;
import io.github.overlaykit.codec.IpProtocol;
import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Packet;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.codec.PacketParser;
import io.github.overlaykit.codec.TcpPacket;
import io.github.overlaykit.codec.VxlanEncapsulator;
import io.github.overlaykit.codec.VxlanPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Runs inside a test namespace ({@code ip netns exec NS java … KernelVtepProbe …}): builds an inner ICMP
 * echo request or TCP SYN with the codec, encapsulates it with {@link VxlanEncapsulator}, sends the
 * VXLAN part as a plain UDP datagram to a kernel VTEP, waits for the kernel's encapsulated reply on the
 * same port and prints what the codec decodes from it, one {@code key=value} line.
 *
 * <p>Arguments: {@code icmp|tcp localUnderlay remoteUnderlay port vni innerSrcMac innerDstMac innerSrc
 * innerDst}. Exit status 0 with a {@code reply …} line, 3 when no reply came within 3 seconds.
 */
public final class KernelVtepProbe {
    private KernelVtepProbe() {
    }

    /**
     * Sends one probe and prints the decoded reply.
     *
     * @param args see the class comment
     * @throws Exception on socket errors (the test reports the output)
     */
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int localUnderlay = Ipv4Address.parse(args[1]).bits();
        int remoteUnderlay = Ipv4Address.parse(args[2]).bits();
        int port = Integer.parseInt(args[3]);
        int vni = Integer.parseInt(args[4]);
        long innerSrcMac = MacAddress.parseLong(args[5]);
        long innerDstMac = MacAddress.parseLong(args[6]);
        int innerSrc = Ipv4Address.parse(args[7]).bits();
        int innerDst = Ipv4Address.parse(args[8]).bits();

        ByteBuffer buffer = ByteBuffer.allocate(2048);
        int innerOffset = VxlanEncapsulator.HEADROOM;
        int innerLength = "tcp".equals(kind)
                ? writeTcpSyn(buffer, innerOffset, innerSrcMac, innerDstMac, innerSrc, innerDst)
                : writeEchoRequest(buffer, innerOffset, innerSrcMac, innerDstMac, innerSrc, innerDst);
        VxlanEncapsulator encapsulator = new VxlanEncapsulator()
                .sourceMac(0x02_00_00_00_00_01L).destinationMac(0x02_00_00_00_00_02L)
                .sourceAddress(localUnderlay).destinationAddress(remoteUnderlay)
                .destinationPort(port).vni(vni);
        int outerOffset = encapsulator.encapsulate(buffer, innerOffset, innerLength);
        // The kernel writes Ethernet/IPv4/UDP of a plain datagram; we hand it the VXLAN header onward.
        int vxlanOffset = outerOffset + 14 + 20 + 8;

        try (DatagramChannel channel = DatagramChannel.open();
                Selector selector = Selector.open()) {
            channel.bind(new InetSocketAddress(Ipv4Address.toString(localUnderlay), port));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            channel.send(buffer.duplicate().position(vxlanOffset).limit(innerOffset + innerLength),
                    new InetSocketAddress(Ipv4Address.toString(remoteUnderlay), port));
            long deadline = System.nanoTime() + 3_000_000_000L;
            ByteBuffer reply = ByteBuffer.allocate(2048);
            while (System.nanoTime() < deadline) {
                if (selector.select(200) == 0) {
                    continue;
                }
                selector.selectedKeys().clear();
                reply.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(reply);
                if (from == null) {
                    continue;
                }
                reply.flip();
                String decoded = decode(reply, kind, innerSrc);
                if (decoded != null) {
                    System.out.println("reply from=" + from.getAddress().getHostAddress() + " " + decoded);
                    return;
                }
            }
        }
        System.out.println("no reply");
        System.exit(3);
    }

    private static String decode(ByteBuffer datagram, String kind, int expectedInnerDestination) {
        VxlanPacket vxlan = new VxlanPacket().wrap(datagram, 0);
        if (datagram.remaining() < VxlanPacket.HEADER_LENGTH + 14 || !vxlan.iFlag()) {
            return null;
        }
        int inner = vxlan.payloadOffset();
        // Put a dummy outer stack in front so the one parser decodes the inner frame with its checks.
        ByteBuffer frame = ByteBuffer.allocate(VxlanEncapsulator.HEADROOM + datagram.remaining() - inner);
        frame.position(VxlanEncapsulator.HEADROOM);
        frame.put(datagram.duplicate().position(inner));
        new VxlanEncapsulator().vni(vxlan.vni()).encapsulate(frame, VxlanEncapsulator.HEADROOM,
                datagram.remaining() - inner);
        PacketParser parser = new PacketParser();
        int status = parser.parse(frame, 0, frame.capacity());
        if (status != PacketParser.OK || !parser.hasVxlan()) {
            return "undecodable status=" + PacketParser.statusName(status);
        }
        Ipv4Packet ip = parser.innerIpv4();
        if (ip.destinationAddress() != expectedInnerDestination) {
            return null;
        }
        StringBuilder out = new StringBuilder()
                .append("vni=").append(parser.vxlan().vni())
                .append(" src=").append(Ipv4Address.toString(ip.sourceAddress()))
                .append(" dst=").append(Ipv4Address.toString(ip.destinationAddress()))
                .append(" ipChecksumOk=").append(ip.verifyChecksum());
        if ("tcp".equals(kind) && parser.innerTcp() != null) {
            TcpPacket tcp = parser.innerTcp();
            out.append(" tcpFlags=").append(tcp.flags())
                    .append(" sport=").append(tcp.sourcePort()).append(" dport=").append(tcp.destinationPort())
                    .append(" ack=").append(tcp.acknowledgmentNumber())
                    .append(" tcpChecksumOk=").append(tcp.verifyChecksum(ip.sourceAddress(), ip.destinationAddress(),
                            ip.totalLength() - ip.headerLength()));
        } else if (parser.innerIcmp() != null) {
            IcmpPacket icmp = parser.innerIcmp();
            out.append(" icmpType=").append(icmp.type())
                    .append(" id=").append(icmp.identifier()).append(" seq=").append(icmp.sequenceNumber())
                    .append(" icmpChecksumOk=").append(icmp.verifyChecksum(ip.totalLength() - ip.headerLength()));
        }
        return out.toString();
    }

    private static int writeEchoRequest(ByteBuffer buffer, int offset, long srcMac, long dstMac, int src, int dst) {
        int payload = 32;
        int ipLength = 20 + 8 + payload;
        writeEthernetAndIpv4(buffer, offset, srcMac, dstMac, src, dst, IpProtocol.ICMP, ipLength);
        int icmpOffset = offset + 14 + 20;
        for (int i = 0; i < payload; i++) {
            buffer.put(icmpOffset + 8 + i, (byte) ('a' + i % 26));
        }
        new IcmpPacket().wrap(buffer, icmpOffset).type(8).code(0).identifier(0x4f4b).sequenceNumber(7)
                .fillChecksum(8 + payload);
        return 14 + ipLength;
    }

    private static int writeTcpSyn(ByteBuffer buffer, int offset, long srcMac, long dstMac, int src, int dst) {
        int tcpLength = 24;
        writeEthernetAndIpv4(buffer, offset, srcMac, dstMac, src, dst, IpProtocol.TCP, 20 + tcpLength);
        int tcpOffset = offset + 14 + 20;
        TcpPacket tcp = new TcpPacket().wrap(buffer, tcpOffset).sourcePort(40000).destinationPort(9000)
                .sequenceNumber(1220826812L).acknowledgmentNumber(0).dataOffset(6).flags(0x02)
                .window(29200).urgentPointer(0);
        // MSS 1460: kind 2, length 4.
        buffer.put(tcpOffset + 20, (byte) 2).put(tcpOffset + 21, (byte) 4).putShort(tcpOffset + 22, (short) 1460);
        tcp.fillChecksum(src, dst, tcpLength);
        return 14 + 20 + tcpLength;
    }

    private static void writeEthernetAndIpv4(ByteBuffer buffer, int offset, long srcMac, long dstMac, int src,
            int dst, int protocol, int ipLength) {
        new EthernetFrame().wrap(buffer, offset).destination(dstMac).source(srcMac).etherType(EtherType.IPV4);
        new Ipv4Packet().wrap(buffer, offset + 14).version(4).ihl(5).typeOfService(0).totalLength(ipLength)
                .identification(0x1234).flagsAndFragmentOffset(0).dontFragment(true).ttl(64).protocol(protocol)
                .sourceAddress(src).destinationAddress(dst).fillChecksum();
    }
}
