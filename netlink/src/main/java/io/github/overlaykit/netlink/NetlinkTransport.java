package io.github.overlaykit.netlink;

import java.nio.ByteBuffer;

/**
 * Moves netlink datagrams between a client and the kernel. {@link NetlinkSocket} is the real one;
 * tests plug in a fake kernel (a function from requests to replies), as mdlayher/netlink's
 * {@code nltest} does.
 *
 * <p>Contract: {@link #send} sends {@code buffer[0, length)} as one datagram; {@link #receive} puts one
 * datagram at offset 0 of a direct buffer and returns its length, having already dropped datagrams
 * that did not come from the kernel (port id 0). Implementations need not be thread-safe.
 */
public interface NetlinkTransport extends AutoCloseable {

    /**
     * Returns the port id the kernel assigned to this socket ({@code nl_pid}).
     *
     * @return the port id, unsigned
     */
    long portId();

    /**
     * Sends one datagram (one or more netlink messages).
     *
     * @param buffer a direct buffer holding the messages from offset 0
     * @param length how many bytes to send
     * @throws NetlinkException if the send fails
     */
    void send(ByteBuffer buffer, int length);

    /**
     * Receives one datagram from the kernel, waiting at most {@code timeoutMillis}.
     *
     * @param buffer        a direct buffer; the datagram is written from offset 0
     * @param timeoutMillis how long to wait, or -1 to wait forever
     * @return the datagram length, or -1 if the time ran out
     * @throws NetlinkException with {@link Errno#ENOBUFS} if the kernel dropped messages for lack of
     *     receive buffer, {@link Errno#EMSGSIZE} if the datagram did not fit {@code buffer}, or the
     *     errno of a failed receive
     */
    int receive(ByteBuffer buffer, int timeoutMillis);

    /**
     * Returns how many bytes of replies the kernel will queue for this transport before it drops the
     * next one ({@code SO_RCVBUF}); a batch keeps the replies one datagram can cause within it.
     *
     * @return the queue size in bytes; the default, for transports without a kernel queue, is unbounded
     */
    default int receiveQueueBytes() {
        return Integer.MAX_VALUE;
    }

    /** Closes the transport; safe to call twice. */
    @Override
    void close();
}
