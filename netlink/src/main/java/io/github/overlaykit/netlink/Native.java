package io.github.overlaykit.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The only native code of overlaykit: the few libc calls a netlink socket needs, bound through jnr-ffi
 * in the style of jnr-unixsocket's {@code Native}. Every wrapper turns {@code -1} plus errno into a
 * {@link NetlinkException} naming the call. Buffers passed here are direct, read and written from
 * offset 0 (their position stays 0); socket address lengths travel in 4-byte direct buffers so the
 * receive path allocates nothing.
 */
final class Native {
    /** {@code CLONE_NEWNET}, the namespace type for {@code setns}. */
    static final int CLONE_NEWNET = 0x40000000;
    /** {@code O_RDONLY | O_CLOEXEC}. */
    static final int O_RDONLY_CLOEXEC = 0x80000;
    /** {@code MSG_TRUNC}: return the real datagram length even if it did not fit. */
    static final int MSG_TRUNC = 0x20;
    /** {@code MSG_DONTWAIT}. */
    static final int MSG_DONTWAIT = 0x40;
    /** {@code POLLIN}. */
    static final short POLLIN = 1;
    /** {@code MS_BIND}. */
    static final long MS_BIND = 4096;
    /** {@code MS_REC}. */
    static final long MS_REC = 16384;
    /** {@code MS_SHARED}. */
    static final long MS_SHARED = 1 << 20;
    /** {@code MNT_DETACH}: unmount lazily, as {@code ip netns del} does. */
    static final int MNT_DETACH = 2;
    /** {@code EINVAL}. */
    static final int EINVAL = 22;

    /** The libc subset; public because jnr-ffi implements it, but its enclosing class is package-private. */
    public interface LibC {
        int socket(int domain, int type, int protocol);

        int bind(int fd, @In ByteBuffer address, int addressLength);

        int getsockname(int fd, @Out ByteBuffer address, @In @Out ByteBuffer addressLength);

        @ssize_t long sendto(int fd, @In ByteBuffer data, @size_t long length, int flags, @In ByteBuffer address,
                int addressLength);

        @ssize_t long recvfrom(int fd, @Out ByteBuffer data, @size_t long length, int flags, @Out ByteBuffer address,
                @In @Out ByteBuffer addressLength);

        int setsockopt(int fd, int level, int name, @In ByteBuffer value, int valueLength);

        int getsockopt(int fd, int level, int name, @Out ByteBuffer value, @In @Out ByteBuffer valueLength);

        int poll(@In @Out ByteBuffer fds, @size_t long count, int timeoutMillis);

        int close(int fd);

        int setns(int fd, int namespaceType);

        int open(String path, int flags);

        int unshare(int flags);

        int mount(String source, String target, String filesystemType, long flags, Pointer data);

        int umount2(String target, int flags);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Native() {
    }

    static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    private static NetlinkException failure(String call) {
        int errno = errno();
        return new NetlinkException(errno, call, null, -1);
    }

    static int socket(int domain, int type, int protocol) {
        int fd = LIBC.socket(domain, type, protocol);
        if (fd < 0) {
            throw failure("socket");
        }
        return fd;
    }

    static void bind(int fd, ByteBuffer address) {
        if (LIBC.bind(fd, address, address.capacity()) < 0) {
            throw failure("bind");
        }
    }

    static void getsockname(int fd, ByteBuffer address) {
        ByteBuffer length = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, address.capacity());
        if (LIBC.getsockname(fd, address, length) < 0) {
            throw failure("getsockname");
        }
    }

    /** Sends {@code length} bytes from offset 0 of a direct buffer to the kernel; returns bytes sent. */
    static long sendto(int fd, ByteBuffer data, int length, ByteBuffer kernelAddress) {
        while (true) {
            long sent = LIBC.sendto(fd, data, length, 0, kernelAddress, kernelAddress.capacity());
            if (sent >= 0) {
                return sent;
            }
            int errno = errno();
            if (errno != Errno.EINTR) {
                throw new NetlinkException(errno, "sendto", null, -1);
            }
        }
    }

    /**
     * Receives one datagram into offset 0 of a direct buffer. Returns its real length (may exceed the
     * buffer: {@code MSG_TRUNC}), or -1 with {@code EAGAIN} for a non-blocking call that found nothing.
     */
    static long recvfrom(int fd, ByteBuffer data, int flags, ByteBuffer source, ByteBuffer sourceLength) {
        while (true) {
            sourceLength.putInt(0, source.capacity());
            long received = LIBC.recvfrom(fd, data, data.capacity(), flags | MSG_TRUNC, source, sourceLength);
            if (received >= 0) {
                return received;
            }
            int errno = errno();
            if (errno == Errno.EAGAIN && (flags & MSG_DONTWAIT) != 0) {
                return -1;
            }
            if (errno != Errno.EINTR) {
                throw new NetlinkException(errno, "recvfrom", null, -1);
            }
        }
    }

    static void setsockopt(int fd, int level, int name, int value) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        buffer.putInt(0, value);
        if (LIBC.setsockopt(fd, level, name, buffer, 4) < 0) {
            throw failure("setsockopt(" + level + ", " + name + ")");
        }
    }

    static int getsockopt(int fd, int level, int name) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        ByteBuffer length = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, 4);
        if (LIBC.getsockopt(fd, level, name, buffer, length) < 0) {
            throw failure("getsockopt(" + level + ", " + name + ")");
        }
        return buffer.getInt(0);
    }

    /** Waits for input; returns false on timeout. {@code pollfd} is an 8-byte direct buffer. */
    static boolean pollIn(int fd, ByteBuffer pollfd, int timeoutMillis) {
        pollfd.order(ByteOrder.nativeOrder());
        pollfd.putInt(0, fd).putShort(4, POLLIN).putShort(6, (short) 0);
        while (true) {
            int n = LIBC.poll(pollfd, 1, timeoutMillis);
            if (n >= 0) {
                return n > 0;
            }
            int errno = errno();
            if (errno != Errno.EINTR) {
                throw new NetlinkException(errno, "poll", null, -1);
            }
        }
    }

    static void close(int fd) {
        if (LIBC.close(fd) < 0) {
            throw failure("close");
        }
    }

    static int open(String path) {
        int fd = LIBC.open(path, O_RDONLY_CLOEXEC);
        if (fd < 0) {
            int errno = errno();
            throw new NetlinkException(errno, "open " + path, null, -1);
        }
        return fd;
    }

    static void setns(int fd) {
        if (LIBC.setns(fd, CLONE_NEWNET) < 0) {
            throw failure("setns");
        }
    }

    /** Moves the calling thread into a new, empty network namespace. */
    static void unshareNetwork() {
        if (LIBC.unshare(CLONE_NEWNET) < 0) {
            throw failure("unshare CLONE_NEWNET");
        }
    }

    /**
     * Calls {@code mount(2)}.
     *
     * @return 0, or the errno of a failure
     */
    static int mount(String source, String target, String filesystemType, long flags) {
        return LIBC.mount(source, target, filesystemType, flags, null) < 0 ? errno() : 0;
    }

    static void unmountDetached(String target) {
        if (LIBC.umount2(target, MNT_DETACH) < 0) {
            int errno = errno();
            throw new NetlinkException(errno, "umount " + target, null, -1);
        }
    }
}
