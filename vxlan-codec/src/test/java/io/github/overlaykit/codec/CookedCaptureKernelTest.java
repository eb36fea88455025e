package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.testing.NetworkNamespace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code tcpdump -i any} really writes: Linux cooked captures (SLL and SLL2) of ICMP, UDP and TCP
 * traffic made inside a network namespace this test creates, read back by {@link CaptureReader} and
 * printed exactly as the installed tcpdump prints the same files.
 */
class CookedCaptureKernelTest {
    @TempDir
    Path dir;

    @Test
    void printsRealAnyInterfaceCapturesAsTcpdumpDoes() throws Exception {
        NetworkNamespace.requirePrivileges("tcpdump", "ping", "bash");
        // The veth end c0 lives in a namespace; its index may name another interface where the files are
        // read, and both tcpdump and the printer then print that same name.
        Path sll = dir.resolve("any-sll.pcap");
        Path sll2 = dir.resolve("any-sll2.pcap");
        try (NetworkNamespace ns = NetworkNamespace.create("cooked");
                NetworkNamespace peer = NetworkNamespace.create("cookedpeer")) {
            for (NetworkNamespace n : List.of(ns, peer)) {
                // No IPv6 (router/neighbour solicitations): the printer does not decode IPv6.
                n.exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            }
            // A veth pair between the two namespaces: ARP and ICMP cross it, UDP and TCP stay on lo.
            ns.exec("ip", "link", "add", "c0", "type", "veth", "peer", "name", "c1", "netns", peer.name());
            ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "c0");
            ns.exec("ip", "link", "set", "c0", "up");
            peer.exec("ip", "addr", "add", "192.0.2.2/24", "dev", "c1");
            peer.exec("ip", "link", "set", "c1", "up");
            Process first = ns.start("tcpdump", "--immediate-mode", "-Z", "root", "-i", "any", "-y", "LINUX_SLL", "-U", "-w", sll.toString());
            Process second = ns.start("tcpdump", "--immediate-mode", "-Z", "root", "-i", "any", "-y", "LINUX_SLL2", "-U", "-w", sll2.toString());
            try {
                waitUntilListening(first);
                waitUntilListening(second);
                ns.exec("ping", "-c", "2", "-i", "0.2", "192.0.2.2");
                ns.exec("ping", "-c", "1", "192.0.2.1");
                ns.exec("bash", "-c", "echo overlaykit > /dev/udp/192.0.2.1/9999");
                ns.execAny("bash", "-c", "echo > /dev/tcp/192.0.2.2/9000");
                // Immediate mode hands every packet to tcpdump at once; -U writes it at once.
                Thread.sleep(1000);
            } finally {
                first.destroy();
                second.destroy();
                assertTrue(first.waitFor(10, TimeUnit.SECONDS));
                assertTrue(second.waitFor(10, TimeUnit.SECONDS));
            }
        }
        for (Path file : List.of(sll, sll2)) {
            try (CaptureReader reader = CaptureReader.open(file)) {
                assertEquals(file == sll ? LinkType.LINUX_SLL : LinkType.LINUX_SLL2, reader.linkType());
            }
            for (String options : List.of("", "-e", "-v", "-e -vv")) {
                String expected = tcpdump(file, options);
                assertTrue(expected.lines().count() >= 7, expected);
                boolean e = options.contains("-e");
                int v = options.contains("-vv") ? 2 : options.contains("-v") ? 1 : 0;
                assertEquals(expected, TcpdumpGoldenFilesTest.print(file, e, v), file.getFileName() + " " + options);
            }
        }
    }

    private static void waitUntilListening(Process tcpdump) throws Exception {
        // tcpdump reports "listening on any ..." on stderr once the capture is open.
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            while (tcpdump.getErrorStream().available() > 0) {
                seen.append((char) tcpdump.getErrorStream().read());
            }
            if (seen.indexOf("listening on") >= 0) {
                return;
            }
            assertTrue(tcpdump.isAlive(), "tcpdump exited: " + seen);
            Thread.sleep(50);
        }
        throw new AssertionError("tcpdump did not start: " + seen);
    }

    private static String tcpdump(Path file, String options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("tcpdump", "-#", "-n", "-tttt", "-r", file.toString()));
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split(" ")));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("TZ", "GMT0");
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(Files.size(file) > 24);
        return out.toString(StandardCharsets.UTF_8);
    }
}
