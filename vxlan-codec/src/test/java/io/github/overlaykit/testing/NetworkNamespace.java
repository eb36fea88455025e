package io.github.overlaykit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away network namespace {@code ok-<tag>-<random>} for kernel-oracle tests, deleted by exact
 * name on {@link #close()} (use try-with-resources so it goes also on failure).
 *
 * <p>Commands run as argument vectors, never through a shell. Traffic stays inside namespaces the test
 * made. {@link #requirePrivileges()} skips a test with a reason when not root, except under CI
 * ({@code CI=true}), where CI runs as root and a skip would hide a missing proof: there it fails.
 */
public final class NetworkNamespace implements AutoCloseable {
    private final String name;
    private boolean closed;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /**
     * Skips the calling test unless it runs as root with the tools it needs; fails instead under CI.
     *
     * @param tools executables the test needs besides {@code ip}, e.g. {@code "tcpdump"}
     */
    public static void requirePrivileges(String... tools) {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (uid 0)");
        }
        List<String> all = new ArrayList<>(List.of("ip"));
        all.addAll(Arrays.asList(tools));
        for (String tool : all) {
            if (!onPath(tool)) {
                missing.add("the '" + tool + "' command");
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String why = "kernel-oracle test needs " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(why + " - CI must run it (see .ci/run)");
        }
        Assumptions.abort(why);
    }

    private static boolean isRoot() {
        try {
            return "0".equals(run(List.of("id", "-u"), 0).trim());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (new java.io.File(dir, tool).canExecute()) {
                return true;
            }
        }
        return new java.io.File("/usr/sbin", tool).canExecute() || new java.io.File("/sbin", tool).canExecute();
    }

    /**
     * Creates {@code ok-<tag>-<random>} with its loopback up.
     *
     * @param tag a short word naming the test (letters and digits)
     * @return the namespace
     */
    public static NetworkNamespace create(String tag) {
        String name = "ok-" + tag + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        run(List.of("ip", "netns", "add", name), 0);
        NetworkNamespace ns = new NetworkNamespace(name);
        try {
            ns.exec("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /**
     * Returns the namespace name, as {@code ip netns} lists it.
     *
     * @return e.g. {@code ok-vxlan-3fa2c1}
     */
    public String name() {
        return name;
    }

    /**
     * Runs a command inside the namespace and returns its standard output; fails on a non-zero exit.
     *
     * @param command the argument vector
     * @return standard output
     */
    public String exec(String... command) {
        return run(inside(command), 0);
    }

    /**
     * Runs a command inside the namespace, returning standard output and standard error together and
     * accepting any exit status.
     *
     * @param command the argument vector
     * @return the result
     */
    public Result execAny(String... command) {
        return runAny(inside(command));
    }

    /**
     * Starts a command inside the namespace without waiting (a capture, a server).
     *
     * @param command the argument vector
     * @return the process; the caller stops it
     */
    public Process start(String... command) {
        try {
            return new ProcessBuilder(inside(command)).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the argument vector that runs {@code command} in this namespace.
     *
     * @param command the command
     * @return {@code ip netns exec NAME command…}
     */
    public List<String> inside(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(Arrays.asList(command));
        return full;
    }

    /** Deletes the namespace by its exact name; safe to call twice. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            runAny(List.of("ip", "netns", "del", name));
        }
    }

    /** The outcome of a command. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs a command on the host (not in a namespace), e.g. {@code ip link add … netns A peer … netns B}.
     *
     * @param command  the argument vector
     * @param expected the exit status that counts as success
     * @return standard output
     */
    public static String run(List<String> command, int expected) {
        Result r = runAny(command);
        if (r.exitCode != expected) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + r.exitCode + ": " + r.stderr + r.stdout);
        }
        return r.stdout;
    }

    /**
     * Runs a command on the host and accepts any exit status.
     *
     * @param command the argument vector
     * @return the result
     */
    public static Result runAny(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(p.getErrorStream(), err));
            errReader.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy(p.getInputStream(), out);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
            }
            errReader.join();
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
