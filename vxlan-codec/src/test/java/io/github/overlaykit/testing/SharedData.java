package io.github.overlaykit.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates {@code ../shared} (the project's test data and reference outputs) from a test.
 *
 * <p>Surefire passes {@code -Doverlaykit.shared}; when a test runs from an IDE the directory is looked
 * for beside the checkout. A missing directory fails the test: the data is part of the proof.
 */
public final class SharedData {
    private SharedData() {
    }

    /**
     * Resolves a path under {@code ../shared}.
     *
     * @param relative e.g. {@code "data/pcap/tcpdump/vxlan.pcap"}
     * @return the existing path
     * @throws IllegalStateException if the file is not there
     */
    public static Path path(String relative) {
        Path root = root();
        Path file = root.resolve(relative);
        if (!Files.exists(file)) {
            throw new IllegalStateException("test data missing: " + file);
        }
        return file;
    }

    /**
     * Returns the {@code shared} directory.
     *
     * @return the directory holding {@code data/}, {@code design/} and {@code reference/}
     */
    public static Path root() {
        String configured = System.getProperty("overlaykit.shared");
        if (configured != null && Files.isDirectory(Paths.get(configured))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find ../shared; set -Doverlaykit.shared=PATH");
    }

    /**
     * Returns the project root (the directory with the parent {@code pom.xml}).
     *
     * @return the reactor root
     */
    public static Path projectRoot() {
        String configured = System.getProperty("overlaykit.root");
        if (configured != null) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("vxlan-codec"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root; set -Doverlaykit.root=PATH");
        }
        return dir;
    }
}
