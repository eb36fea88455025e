package io.github.overlaykit.netlink;

import io.github.overlaykit.netlink.constants.Netlink;
import io.github.overlaykit.netlink.constants.Rtnetlink;
import io.github.overlaykit.netlink.message.AttributeIterator;
import io.github.overlaykit.netlink.message.ErrorMessage;
import io.github.overlaykit.netlink.message.LinkMessage;
import io.github.overlaykit.netlink.message.MessageWriter;
import io.github.overlaykit.netlink.message.NetlinkMessageHeader;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A fake kernel for unit tests (mdlayher/netlink's nltest): records every request, answers
 * {@code RTM_GETLINK} by name from a fixed table, and answers everything else through a function
 * (by default an ACK). Replies are queued datagrams.
 */
final class FakeKernel implements NetlinkTransport {
    final List<byte[]> requests = new ArrayList<>();
    final Deque<byte[]> replies = new ArrayDeque<>();
    private final Map<String, Integer> links;
    Function<NetlinkMessageHeader, byte[]> answer = FakeKernel::ack;
    boolean closed;

    FakeKernel(Map<String, Integer> links) {
        this.links = links;
    }

    @Override
    public long portId() {
        return 4242;
    }

    @Override
    public void send(ByteBuffer buffer, int length) {
        byte[] datagram = new byte[length];
        for (int i = 0; i < length; i++) {
            datagram[i] = buffer.get(i);
        }
        ByteBuffer in = ByteBuffer.wrap(datagram);
        NetlinkMessageHeader h = new NetlinkMessageHeader();
        int at = 0;
        while (at < length) {
            h.wrap(in, at).checkLength(length - at);
            byte[] one = new byte[(int) h.length()];
            System.arraycopy(datagram, at, one, 0, one.length);
            requests.add(one);
            if (h.type() == Rtnetlink.RTM_GETLINK && (h.flags() & Netlink.NLM_F_DUMP) != Netlink.NLM_F_DUMP) {
                replies.add(link(h));
            } else {
                byte[] reply = answer.apply(h);
                if (!isAck(reply) || (h.flags() & Netlink.NLM_F_ACK) != 0) {
                    replies.add(reply); // as the kernel: an ACK only when asked for, an error always
                }
            }
            at += (int) ((h.length() + 3) & ~3);
        }
    }

    private byte[] link(NetlinkMessageHeader request) {
        AttributeIterator attrs = new AttributeIterator().reset(request.buffer(), request.payloadOffset() + LinkMessage.LENGTH,
                request.offset() + (int) request.length());
        String name = null;
        while (attrs.next()) {
            if (attrs.type() == Rtnetlink.IFLA_IFNAME) {
                name = attrs.string();
            }
        }
        Integer index = links.get(name);
        if (index == null) {
            return error(request, -Errno.ENODEV);
        }
        ByteBuffer out = ByteBuffer.allocate(256);
        MessageWriter w = new MessageWriter().wrap(out, 0);
        int start = w.begin(Rtnetlink.RTM_NEWLINK, 0);
        new LinkMessage().wrap(out, w.reserve(LinkMessage.LENGTH)).index(index);
        w.putString(Rtnetlink.IFLA_IFNAME, name);
        w.putU32(Rtnetlink.IFLA_MTU, 1500);
        int len = w.end(start);
        new NetlinkMessageHeader().wrap(out, 0).sequence(request.sequence()).portId(4242);
        byte[] bytes = new byte[len];
        out.get(0, bytes);
        return bytes;
    }

    private static boolean isAck(byte[] reply) {
        ByteBuffer b = ByteBuffer.wrap(reply).order(java.nio.ByteOrder.nativeOrder());
        return reply.length >= 20 && b.getShort(4) == Netlink.NLMSG_ERROR && b.getInt(16) == 0;
    }

    static byte[] ack(NetlinkMessageHeader request) {
        return error(request, 0);
    }

    static byte[] error(NetlinkMessageHeader request, int error) {
        ByteBuffer out = ByteBuffer.allocate(36);
        MessageWriter w = new MessageWriter().wrap(out, 0);
        int start = w.begin(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED);
        ErrorMessage e = new ErrorMessage().wrap(out, w.reserve(ErrorMessage.LENGTH));
        e.error(error);
        e.request().length(request.length()).type(request.type()).flags(request.flags())
                .sequence(request.sequence()).portId(request.portId());
        w.end(start);
        new NetlinkMessageHeader().wrap(out, 0).sequence(request.sequence()).portId(4242);
        return out.array();
    }

    @Override
    public int receive(ByteBuffer buffer, int timeoutMillis) {
        byte[] next = replies.poll();
        if (next == null) {
            return -1;
        }
        for (int i = 0; i < next.length; i++) {
            buffer.put(i, next[i]);
        }
        return next.length;
    }

    @Override
    public void close() {
        closed = true;
    }
}
