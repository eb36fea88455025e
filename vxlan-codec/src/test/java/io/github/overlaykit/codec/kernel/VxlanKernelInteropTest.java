package io.github.overlaykit.codec.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.CaptureReader;
import io.github.overlaykit.codec.TcpdumpPrinter;
import io.github.overlaykit.testing.NetworkNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel as oracle for the codec: two namespaces joined by veth, a kernel VXLAN device in each
 * (VNI 1, port 8472, {@code nolearning}, flannel's onlink route, permanent neighbour and FDB entries made
 * with iproute2), real ICMP, TCP and UDP traffic captured with {@code tcpdump -w} on the underlay.
 *
 * <ul>
 *   <li>our printer prints that capture exactly as Debian's tcpdump does, with {@code -e} and with
 *       {@code -v};</li>
 *   <li>frames we build and encapsulate, sent as plain UDP datagrams to the kernel's VTEP, are accepted:
 *       the kernel answers an ICMP echo request and a TCP SYN, and we decode its encapsulated replies.</li>
 * </ul>
 */
class VxlanKernelInteropTest {
    private static final String MAC_A = "02:00:00:00:00:0a";
    private static final String MAC_B = "02:00:00:00:00:0b";
    private static final String UNDERLAY_A = "192.0.2.1";
    private static final String UNDERLAY_B = "192.0.2.2";
    private static final String INNER_A = "10.244.0.0";
    private static final String INNER_B = "10.244.1.0";

    @TempDir
    Path temp;

    @Test
    void shouldPrintKernelVxlanTrafficExactlyAsTcpdump() throws Exception {
        NetworkNamespace.requirePrivileges("tcpdump", "ping", "nc", "bridge");
        try (NetworkNamespace a = NetworkNamespace.create("codeca");
                NetworkNamespace b = NetworkNamespace.create("codecb")) {
            joinUnderlay(a, b);
            addVtep(a, MAC_A, UNDERLAY_A, "veth-a", INNER_A, INNER_B, MAC_B, UNDERLAY_B);
            addVtep(b, MAC_B, UNDERLAY_B, "veth-b", INNER_B, INNER_A, MAC_A, UNDERLAY_A);

            Path capture = temp.resolve("underlay.pcap");
            Path log = temp.resolve("tcpdump.log");
            Process tcpdump = startCapture(a, "veth-a", capture, log);
            try {
                a.exec("ping", "-c", "2", "-i", "0.2", "-W", "2", INNER_B);
                Process server = b.start("nc", "-l", INNER_B, "9000");
                Thread.sleep(300);
                a.exec("sh", "-c", "printf 'GET /app/versionCheck?version=1\\r\\n' | nc -N -w 2 " + INNER_B + " 9000");
                server.waitFor(5, TimeUnit.SECONDS);
                server.destroy();
                a.exec("sh", "-c", "printf 'udp datagram' | nc -u -w 1 " + INNER_B + " 9001");
                Thread.sleep(300);
            } finally {
                // tcpdump ends on SIGTERM after writing what it has; --immediate-mode means it has everything.
                tcpdump.destroy();
                tcpdump.waitFor(10, TimeUnit.SECONDS);
            }

            List<String> expectedE = tcpdumpRead(capture, "-e");
            assertTrue(expectedE.size() > 10, () -> "capture of " + capture.toFile().length() + " bytes; tcpdump said: "
                    + readQuietly(log) + String.join("\n", expectedE));
            assertTrue(expectedE.stream().anyMatch(l -> l.contains("ICMP echo reply")), String.join("\n", expectedE));
            assertTrue(expectedE.stream().anyMatch(l -> l.contains("Flags [S.]")), String.join("\n", expectedE));
            assertTrue(expectedE.stream().anyMatch(l -> l.contains("UDP, length 12")), String.join("\n", expectedE));
            assertTrue(expectedE.stream().anyMatch(l -> l.contains("Request who-has " + UNDERLAY_B)), String.join("\n", expectedE));
            assertSameLines(expectedE, ourPrint(capture, true, 0));
            assertSameLines(tcpdumpRead(capture, "-v"), ourPrint(capture, false, 1));
            assertSameLines(tcpdumpRead(capture, "-e", "-v"), ourPrint(capture, true, 1));
        }
    }

    @Test
    void shouldHaveOurEncapsulatedFramesAcceptedAndAnsweredByKernelVtep() throws Exception {
        NetworkNamespace.requirePrivileges("nc", "bridge", "ethtool");
        try (NetworkNamespace a = NetworkNamespace.create("probea");
                NetworkNamespace b = NetworkNamespace.create("probeb")) {
            joinUnderlay(a, b);
            // Only B has a kernel VTEP; in A our probe owns UDP 8472 and plays the other VTEP.
            addVtep(b, MAC_B, UNDERLAY_B, "veth-b", INNER_B, INNER_A, MAC_A, UNDERLAY_A);
            // With offload on, veth hands a local socket the inner TCP checksum still partial (pseudo-header
            // only); a real NIC would finish it. Off, the kernel computes it and we can verify it.
            b.exec("ethtool", "-K", "veth-b", "tx", "off");

            String icmp = probe(a, "icmp");
            assertTrue(icmp.startsWith("reply from=" + UNDERLAY_B + " vni=1 src=" + INNER_B + " dst=" + INNER_A
                    + " ipChecksumOk=true icmpType=0 id=20299 seq=7 icmpChecksumOk=true"), icmp);

            Process server = b.start("nc", "-l", INNER_B, "9000");
            try {
                Thread.sleep(300);
                String tcp = probe(a, "tcp");
                // SYN+ACK (0x12) acknowledging our ISN + 1.
                assertTrue(tcp.startsWith("reply from=" + UNDERLAY_B + " vni=1 src=" + INNER_B + " dst=" + INNER_A
                        + " ipChecksumOk=true tcpFlags=18 sport=9000 dport=40000 ack=1220826813 tcpChecksumOk=true"),
                        tcp);
            } finally {
                server.destroy();
                server.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void joinUnderlay(NetworkNamespace a, NetworkNamespace b) {
        for (NetworkNamespace ns : List.of(a, b)) {
            // IPv6 chatter (router solicitations) is not what these tests are about.
            ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
            ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
        }
        NetworkNamespace.run(List.of("ip", "link", "add", "veth-a", "netns", a.name(), "type", "veth",
                "peer", "name", "veth-b", "netns", b.name()), 0);
        a.exec("ip", "addr", "add", UNDERLAY_A + "/24", "dev", "veth-a");
        b.exec("ip", "addr", "add", UNDERLAY_B + "/24", "dev", "veth-b");
        a.exec("ip", "link", "set", "veth-a", "up");
        b.exec("ip", "link", "set", "veth-b", "up");
    }

    /** What flannel's VXLAN backend programs on a node, made here with iproute2. */
    private static void addVtep(NetworkNamespace ns, String mac, String local, String underlay, String inner,
            String peerInner, String peerMac, String peerUnderlay) {
        ns.exec("ip", "link", "add", "flannel.1", "address", mac, "type", "vxlan", "id", "1", "dstport", "8472",
                "local", local, "dev", underlay, "nolearning");
        ns.exec("ip", "addr", "add", inner + "/32", "dev", "flannel.1");
        ns.exec("ip", "link", "set", "flannel.1", "up");
        String peerNet = peerInner.substring(0, peerInner.lastIndexOf('.')) + ".0/24";
        ns.exec("ip", "route", "add", peerNet, "via", peerInner, "dev", "flannel.1", "onlink");
        ns.exec("ip", "neigh", "add", peerInner, "lladdr", peerMac, "dev", "flannel.1", "nud", "permanent");
        ns.exec("bridge", "fdb", "append", peerMac, "dev", "flannel.1", "dst", peerUnderlay);
    }

    /** Starts tcpdump writing {@code capture}; returns once it says it is capturing, so no packet is missed. */
    private static Process startCapture(NetworkNamespace ns, String device, Path capture, Path log)
            throws IOException, InterruptedException {
        Process tcpdump = new ProcessBuilder(ns.inside("tcpdump", "--immediate-mode", "-i", device, "-U", "-s", "0", "-w",
                capture.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && tcpdump.isAlive()) {
            if (Files.readString(log).contains("listening on")) {
                return tcpdump;
            }
            Thread.sleep(50);
        }
        tcpdump.destroy();
        throw new IllegalStateException("tcpdump did not start capturing: " + Files.readString(log));
    }

    /** Line-for-line equality that names the first line that differs. */
    private static void assertSameLines(List<String> tcpdump, List<String> ours) {
        for (int i = 0; i < Math.min(tcpdump.size(), ours.size()); i++) {
            assertEquals(tcpdump.get(i), ours.get(i), "line " + (i + 1));
        }
        assertEquals(tcpdump.size(), ours.size(), "line count");
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<String> tcpdumpRead(Path capture, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("tcpdump", "-#", "-n", "-tttt", "-r", capture.toString()));
        command.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(Map.of("TZ", "GMT0"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return out.lines().toList();
    }

    private static List<String> ourPrint(Path capture, boolean linkHeaders, int verbosity) throws IOException {
        TcpdumpPrinter printer = new TcpdumpPrinter(linkHeaders, verbosity).otvOnPort8472(installedTcpdumpPrintsOtv());
        StringBuilder out = new StringBuilder();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            int number = 0;
            while (reader.next()) {
                printer.append(++number, reader.record(), out);
            }
        }
        return out.toString().lines().toList();
    }

    /** tcpdump 4.x (Debian 12 has 4.99.3) decodes UDP 8472 as Cisco OTV; 5.x and the golden files as VXLAN. */
    private static boolean installedTcpdumpPrintsOtv() {
        String version = NetworkNamespace.run(List.of("tcpdump", "--version"), 0);
        return version.startsWith("tcpdump version 4.");
    }

    private static String probe(NetworkNamespace ns, String kind) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = ns.inside(java, "-cp", System.getProperty("java.class.path"),
                KernelVtepProbe.class.getName(), kind, UNDERLAY_A, UNDERLAY_B, "8472", "1", MAC_A, MAC_B,
                INNER_A, INNER_B);
        NetworkNamespace.Result result = NetworkNamespace.runAny(command);
        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
        return result.stdout().trim();
    }
}
