package io.github.overlaykit.netlink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 *
 * <p>{@link #create(String)} and {@link #delete()} make and remove named namespaces the way
 * {@code ip netns add} and {@code ip netns del} do, so {@code ip netns}, {@code ip -n} and this class
 * see the same ones.
 */
public final class NetNamespace {
    private static final String RUN_DIRECTORY = "/run/netns";

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
        return new NetNamespace(RUN_DIRECTORY + "/" + name, -1);
    }

    /**
     * Creates a new, empty named namespace as {@code ip netns add NAME} does: {@code /run/netns} made
     * a shared mount point (so other mount namespaces see it), an empty file {@code /run/netns/NAME},
     * a namespace from {@code unshare(CLONE_NEWNET)} on a throwaway thread, and a bind mount of that
     * namespace on the file, which keeps it alive after the thread ends. Its {@code lo} is down, as
     * after {@code ip netns add}.
     *
     * @param name the name, e.g. {@code blue}
     * @return the new namespace
     * @throws NetlinkException {@code EEXIST} if the name is taken, {@code EPERM} without
     *     {@code CAP_SYS_ADMIN}; nothing is left behind on failure
     * @throws IllegalArgumentException if the name is empty or contains {@code /}
     */
    public static NetNamespace create(String name) {
        NetNamespace namespace = named(name);
        Path file = Path.of(namespace.path);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + RUN_DIRECTORY, e);
        }
        makeRunDirectoryShared();
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new NetlinkException(Errno.EEXIST, "create " + file, null, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
        try {
            onNewThread("netns add " + name, () -> {
                Native.unshareNetwork();
                int errno = Native.mount("/proc/thread-self/ns/net", namespace.path, "none", Native.MS_BIND);
                if (errno != 0) {
                    throw new NetlinkException(errno, "mount --bind /proc/thread-self/ns/net " + file, null, -1);
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return namespace;
    }

    // ip netns add's dance: mark /run/netns rshared, bind-mounting it on itself first if it is no mount point.
    private static void makeRunDirectoryShared() {
        int errno = Native.mount("", RUN_DIRECTORY, "none", Native.MS_SHARED | Native.MS_REC);
        if (errno == Native.EINVAL) {
            errno = Native.mount(RUN_DIRECTORY, RUN_DIRECTORY, "none", Native.MS_BIND | Native.MS_REC);
            if (errno == 0) {
                errno = Native.mount("", RUN_DIRECTORY, "none", Native.MS_SHARED | Native.MS_REC);
            }
        }
        if (errno != 0) {
            throw new NetlinkException(errno, "mount --make-rshared " + RUN_DIRECTORY, null, -1);
        }
    }

    /**
     * Deletes a namespace {@link #create(String)} or {@code ip netns add} made, as {@code ip netns del}
     * does: detaches the bind mount and removes the file. The kernel frees the namespace (and the
     * devices in it) when nothing else holds it.
     *
     * @throws NetlinkException {@code ENOENT} if there is no such namespace
     * @throws IllegalStateException if this namespace was not named by {@link #named(String)}
     */
    public void delete() {
        if (path == null || !path.startsWith(RUN_DIRECTORY + "/")) {
            throw new IllegalStateException("only a namespace under " + RUN_DIRECTORY + " can be deleted: " + this);
        }
        Path file = Path.of(path);
        if (!Files.exists(file)) {
            throw new NetlinkException(Errno.ENOENT, "delete " + file, null, -1);
        }
        try {
            Native.unmountDetached(path);
        } catch (NetlinkException e) {
            if (e.errno() != Native.EINVAL) {  // EINVAL: not mounted, a leftover file: still remove it
                throw e;
            }
        }
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            throw new NetlinkException(Errno.ENOENT, "delete " + file, null, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
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
        return onNewThread("netns " + this, () -> {
            enter();
            return action.call();
        });
    }

    // A thread of its own, because entering or unsharing a namespace changes the thread for good.
    private static <T> T onNewThread(String name, Callable<T> action) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(action.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, name);
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
