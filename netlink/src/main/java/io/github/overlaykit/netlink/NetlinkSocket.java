package io.github.overlaykit.netlink;

import io.github.overlaykit.netlink.constants.Netlink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An {@code AF_NETLINK}/{@code NETLINK_ROUTE} socket, set up the way the kernel documentation
 * recommends: extended ACKs on ({@code NETLINK_EXT_ACK}), request payloads not echoed in errors
 * ({@code NETLINK_CAP_ACK}), strict request checking with kernel-side dump filters
 * ({@code NETLINK_GET_STRICT_CHK}).
 *
 * <p>The socket belongs to the network namespace it was created in: {@link #open(NetNamespace, int)}
 * creates it on a dedicated platform thread that has entered the namespace. Received datagrams whose
 * sender is not the kernel (port id 0) are dropped. The receive path allocates nothing.
 *
 * <p>Not thread-safe: one thread sends and receives at a time; {@link #close()} may be called from any
 * thread once no call is in progress.
 */
public final class NetlinkSocket implements NetlinkTransport {
    private static final int SOCKADDR_NL_LENGTH = 12;

    private final int fd;
    private final long portId;
    private final ByteBuffer kernelAddress = ByteBuffer.allocateDirect(SOCKADDR_NL_LENGTH).order(ByteOrder.nativeOrder());
    private final ByteBuffer sourceAddress = ByteBuffer.allocateDirect(SOCKADDR_NL_LENGTH).order(ByteOrder.nativeOrder());
    private final ByteBuffer sourceLength = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
    private final ByteBuffer pollfd = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
    private volatile boolean closed;

    private NetlinkSocket(int groups) {
        int descriptor = Native.socket(Netlink.AF_NETLINK, Netlink.SOCK_RAW | Netlink.SOCK_CLOEXEC, Netlink.NETLINK_ROUTE);
        try {
            Native.setsockopt(descriptor, Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1);
            Native.setsockopt(descriptor, Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1);
            Native.setsockopt(descriptor, Netlink.SOL_NETLINK, Netlink.NETLINK_GET_STRICT_CHK, 1);
            ByteBuffer local = ByteBuffer.allocateDirect(SOCKADDR_NL_LENGTH).order(ByteOrder.nativeOrder());
            local.putShort(0, (short) Netlink.AF_NETLINK).putInt(4, 0).putInt(8, groups);
            Native.bind(descriptor, local);
            Native.getsockname(descriptor, local);
            this.portId = local.getInt(4) & 0xFFFF_FFFFL;
        } catch (RuntimeException e) {
            Native.close(descriptor);
            throw e;
        }
        this.fd = descriptor;
        kernelAddress.putShort(0, (short) Netlink.AF_NETLINK);
    }

    /**
     * Opens a socket in the calling thread's network namespace.
     *
     * @param groups legacy multicast group bitmask ({@code 1 << (RTNLGRP_X - 1)}), 0 for a request socket
     * @return the socket
     * @throws NetlinkException if the socket cannot be created or configured
     */
    public static NetlinkSocket open(int groups) {
        return new NetlinkSocket(groups);
    }

    /**
     * Opens a socket inside a network namespace; it stays there whatever thread uses it later.
     *
     * @param namespace the namespace, or null for the caller's
     * @param groups    legacy multicast group bitmask, 0 for a request socket
     * @return the socket
     * @throws NetlinkException if the namespace cannot be entered or the socket not created
     */
    public static NetlinkSocket open(NetNamespace namespace, int groups) {
        if (namespace == null) {
            return open(groups);
        }
        return namespace.call(() -> new NetlinkSocket(groups));
    }

    @Override
    public long portId() {
        return portId;
    }

    /**
     * Sets an integer socket option.
     *
     * @param level e.g. {@link Netlink#SOL_NETLINK}
     * @param name  e.g. {@link Netlink#NETLINK_EXT_ACK}
     * @param value the value
     * @throws NetlinkException if the kernel refuses
     */
    public void setOption(int level, int name, int value) {
        Native.setsockopt(fd, level, name, value);
    }

    /**
     * Reads an integer socket option.
     *
     * @param level e.g. {@link Netlink#SOL_SOCKET}
     * @param name  e.g. {@link Netlink#SO_RCVBUF}
     * @return the value
     * @throws NetlinkException if the kernel refuses
     */
    public int option(int level, int name) {
        return Native.getsockopt(fd, level, name);
    }

    /**
     * Joins a multicast group by number (works for groups above 31, unlike the bind bitmask).
     *
     * @param group an {@code RTNLGRP_*} value
     * @throws NetlinkException if the kernel refuses
     */
    public void joinGroup(int group) {
        Native.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group);
    }

    /**
     * Sizes the kernel's receive queue: {@code SO_RCVBUFFORCE} (ignores {@code net.core.rmem_max}, needs
     * {@code CAP_NET_ADMIN}), falling back to {@code SO_RCVBUF}.
     *
     * @param bytes the wanted size; the kernel doubles it for bookkeeping
     * @return the size the kernel reports afterwards
     */
    public int receiveBufferSize(int bytes) {
        try {
            Native.setsockopt(fd, Netlink.SOL_SOCKET, Netlink.SO_RCVBUFFORCE, bytes);
        } catch (NetlinkException e) {
            Native.setsockopt(fd, Netlink.SOL_SOCKET, Netlink.SO_RCVBUF, bytes);
        }
        return Native.getsockopt(fd, Netlink.SOL_SOCKET, Netlink.SO_RCVBUF);
    }

    @Override
    public int receiveQueueBytes() {
        return Native.getsockopt(fd, Netlink.SOL_SOCKET, Netlink.SO_RCVBUF);
    }

    @Override
    public void send(ByteBuffer buffer, int length) {
        checkOpen();
        long sent = Native.sendto(fd, buffer, length, kernelAddress);
        if (sent != length) {
            throw new NetlinkException(Errno.EMSGSIZE, "sendto: " + sent + " of " + length + " bytes sent", null, -1);
        }
    }

    @Override
    public int receive(ByteBuffer buffer, int timeoutMillis) {
        while (true) {
            checkOpen();
            // replies to a request are usually queued already (the kernel handles it inside sendmsg): try
            // first, and pay for poll only when the queue is empty
            long length = Native.recvfrom(fd, buffer, Native.MSG_DONTWAIT, sourceAddress, sourceLength);
            if (length < 0) {
                if (timeoutMillis == 0 || !Native.pollIn(fd, pollfd, timeoutMillis)) {
                    return -1;
                }
                continue;
            }
            if (length > buffer.capacity()) {
                throw new NetlinkException(Errno.EMSGSIZE, "recvfrom: a datagram of " + length
                        + " bytes did not fit the " + buffer.capacity() + "-byte receive buffer and was lost", null, -1);
            }
            if (sourceAddress.getInt(4) != 0) {
                continue; // not from the kernel: another process may send to our port id; ignore it
            }
            return (int) length;
        }
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new NetlinkException(9, "netlink socket is closed", null, -1); // EBADF
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }
}
