package io.github.overlaykit.netlink;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Linux network namespace, named the way users know it: by name ({@code /run/netns/NAME}, what
 * {@code ip netns add} makes), by path, by process id ({@code /proc/PID/ns/net}) or by an open file
 * descriptor.
 *
 * <p>{@link #call(Callable)} runs code on a new platform thread that has entered the namespace with
 * {@code setns(2)}; sockets created there (netlink, or plain Java sockets) stay in the namespace for
 * their whole life, whatever thread uses them later. The calling thread never changes namespace, and
 * virtual threads are never used for this (they can change carrier threads between calls). Nothing
 * global is kept.
 *
 * <pre>{@code
 * NetNamespace ns = NetNamespace.named("blue");
 * try (RtnetlinkClient client = RtnetlinkClient.open(ns)) { ... }        // netlink inside "blue"
 * ServerSocket server = ns.call(() -> new ServerSocket(8080));            // a Java socket inside "blue"
 * }</pre>
 */
public final class NetNamespace {
    private final String path;
    private final int fd;

    private NetNamespace(String path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * The namespace {@code ip netns add NAME} created.
     *
     * @param name the name, e.g. {@code blue}
     * @return the namespace at {@code /run/netns/NAME}
     * @throws IllegalArgumentException if the name is empty or contains {@code /}
     */
    public static NetNamespace named(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a network namespace name: \"" + name + "\"");
        }
        return new NetNamespace("/run/netns/" + name, -1);
    }

    /**
     * The namespace a file names (a bind mount or {@code /proc/PID/ns/net}).
     *
     * @param path the file
     * @return the namespace
     */
    public static NetNamespace ofPath(Path path) {
        return new NetNamespace(path.toString(), -1);
    }

    /**
     * The namespace of a process.
     *
     * @param pid the process id
     * @return the namespace at {@code /proc/PID/ns/net}
     */
    public static NetNamespace ofPid(long pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("not a process id: " + pid);
        }
        return new NetNamespace("/proc/" + pid + "/ns/net", -1);
    }

    /**
     * The namespace behind an open file descriptor; the caller keeps owning (and closes) it.
     *
     * @param fd an open descriptor of a network namespace file
     * @return the namespace
     */
    public static NetNamespace ofFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        return new NetNamespace(null, fd);
    }

    /**
     * Runs {@code action} on a new platform thread inside this namespace and waits for it.
     *
     * @param <T>    the result type
     * @param action the code; sockets it creates belong to this namespace
     * @return what {@code action} returned
     * @throws NetlinkException if the namespace cannot be opened or entered ({@code ENOENT} for a
     *     missing name, {@code EPERM} without {@code CAP_SYS_ADMIN})
     * @throws RuntimeException whatever {@code action} threw, wrapped if it was checked
     */
    public <T> T call(Callable<T> action) {
        Objects.requireNonNull(action, "action");
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                enter();
                result.set(action.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "netns " + this);
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException(t.getMessage(), t);
        }
        return result.get();
    }

    /**
     * Runs {@code action} on a new platform thread inside this namespace and waits for it.
     *
     * @param action the code
     * @throws NetlinkException if the namespace cannot be entered
     */
    public void run(Runnable action) {
        Objects.requireNonNull(action, "action");
        call(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Starts a platform thread that enters this namespace and then runs {@code action} (a server, an
     * event loop). A failure to enter is reported to the thread's uncaught-exception handler.
     *
     * @param name   the thread name
     * @param action the code
     * @return the started thread
     */
    public Thread startThread(String name, Runnable action) {
        Thread thread = new Thread(() -> {
            enter();
            action.run();
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    // Called only on a thread this class created: that thread never leaves the namespace and dies after.
    private void enter() {
        if (fd >= 0) {
            Native.setns(fd);
            return;
        }
        int opened = Native.open(path);
        try {
            Native.setns(opened);
        } finally {
            Native.close(opened);
        }
    }

    /** Opens (or, for {@link #ofFd}, reuses) a descriptor of the namespace, for {@code IFLA_NET_NS_FD}. */
    int openDescriptor() {
        return fd >= 0 ? fd : Native.open(path);
    }

    void closeDescriptor(int descriptor) {
        if (fd < 0) {
            Native.close(descriptor);
        }
    }

    /**
     * Returns the path or descriptor this namespace was named by.
     *
     * @return e.g. {@code /run/netns/blue} or {@code fd 7}
     */
    @Override
    public String toString() {
        return path != null ? path : "fd " + fd;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetNamespace && Objects.equals(((NetNamespace) o).path, path) && ((NetNamespace) o).fd == fd;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, fd);
    }
}
