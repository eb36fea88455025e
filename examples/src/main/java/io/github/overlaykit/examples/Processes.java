package io.github.overlaykit.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tools the examples drive besides netlink ({@code iptables-save}, {@code iptables-restore},
 * {@code conntrack}, {@code tcpdump}): always an argument vector, never a shell line, so no name or rule
 * text is ever interpreted by a shell.
 */
final class Processes {
    /** Longer than a 100k-rule {@code iptables-restore} takes on a loaded machine. */
    private static final long TIMEOUT_SECONDS = 120;

    private Processes() {
    }

    /** What a finished command printed. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * The argument vector that runs {@code command} in a named network namespace.
     *
     * @param namespace the name ({@code ip netns exec NAME}), or null for the current namespace
     * @param command   the tool and its arguments
     * @return the argument vector
     */
    static List<String> inNamespace(String namespace, String... command) {
        List<String> argv = new ArrayList<>();
        if (namespace != null) {
            argv.addAll(List.of("ip", "netns", "exec", namespace));
        }
        argv.addAll(List.of(command));
        return argv;
    }

    /**
     * Runs a command to its end, feeding it {@code stdin}.
     *
     * @param argv  the argument vector
     * @param stdin its standard input, or null for none
     * @return its exit status and output
     * @throws IOException if it cannot be started, is interrupted or runs past the timeout
     */
    static Result run(List<String> argv, String stdin) throws IOException {
        Process process = new ProcessBuilder(argv).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(process.getErrorStream(), err), "stderr of " + argv.get(0));
        errReader.start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(process.getInputStream(), out);
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            errReader.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", argv), e);
        }
        return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs a command that must succeed.
     *
     * @param argv  the argument vector
     * @param stdin its standard input, or null for none
     * @return its standard output
     * @throws IOException           as {@link #run}
     * @throws IllegalStateException with the command's error output when it exits non-zero
     */
    static String runChecked(List<String> argv, String stdin) throws IOException {
        Result result = run(argv, stdin);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " exited " + result.exitCode() + ": "
                    + result.stderr().strip().replace('\n', ' '));
        }
        return result.stdout();
    }

    /**
     * Tells whether a tool is installed.
     *
     * @param tool e.g. {@code tcpdump}
     * @return true if an executable of that name is on the PATH or in /usr/sbin
     */
    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try (from) {
            from.transferTo(to);
        } catch (IOException e) {
            // the process died: what was read is all there is
        }
    }
}
