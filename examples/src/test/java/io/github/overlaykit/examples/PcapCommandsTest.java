package io.github.overlaykit.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.overlaykit.codec.CaptureReader;
import io.github.overlaykit.codec.CaptureRecord;
import io.github.overlaykit.codec.InternetChecksum;
import io.github.overlaykit.codec.LinkType;
import io.github.overlaykit.codec.PcapWriter;
import io.github.overlaykit.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code overlaykit pcap print|encap|decap}, run in-process as the jar runs them. */
class PcapCommandsTest {
    @TempDir
    Path dir;

    /** What one command run printed and returned. */

    static Run run(String... args) {
        return Run.of(args);
    }

    static Path tcpdumpData(String name) {
        return SharedData.path("data/pcap/tcpdump/" + name);
    }

    static Stream<Arguments> testList() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String line : Files.readAllLines(tcpdumpData("TESTLIST"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 3) {
                cases.add(Arguments.of(fields[0], fields[1], fields[2],
                        List.of(Arrays.copyOfRange(fields, 3, fields.length))));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("testList")
    void printMatchesTcpdumpOutputByteForByte(String name, String pcap, String expectedOut, List<String> options)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("pcap", "print"));
        for (String option : options) {
            // tcpdump's -vvv is three -v flags, which picocli also accepts clustered.
            args.add(option);
        }
        args.add(tcpdumpData(pcap).toString());
        Run result = run(args.toArray(String[]::new));
        assertEquals(0, result.exit(), result.err());
        assertEquals(Files.readString(tcpdumpData(expectedOut), StandardCharsets.UTF_8), result.out());
        assertTrue(result.err().startsWith("reading from file "), result.err());
    }

    /** IN for the round trip: every Ethernet frame of three shared captures (VXLAN, QinQ ARP, a 7 KB GSO frame). */
    Path ethernetFrames() throws IOException {
        Path in = dir.resolve("in.pcap");
        try (OutputStream file = Files.newOutputStream(in); PcapWriter writer = new PcapWriter(file, LinkType.ETHERNET)) {
            for (String name : List.of("vxlan.pcap", "802.1ad_QinQ.pcap", "gso-ipv4-vxlan-ipv4.pcap")) {
                try (CaptureReader reader = CaptureReader.open(tcpdumpData(name))) {
                    while (reader.next()) {
                        writer.write(reader.record());
                    }
                }
            }
        }
        return in;
    }

    static List<CaptureRecord> records(Path file) throws IOException {
        List<CaptureRecord> records = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.next()) {
                CaptureRecord r = reader.record();
                byte[] copy = new byte[r.capturedLength()];
                r.data().get(0, copy);
                records.add(new CaptureRecord().set(r.linkType(), r.seconds(), r.nanos(), ByteBuffer.wrap(copy),
                        r.originalLength()));
            }
        }
        return records;
    }

    @Test
    void encapThenDecapGivesBackTheOriginalFramesByteForByte() throws IOException {
        Path in = ethernetFrames();
        Path vxlan = dir.resolve("vxlan.pcap");
        Path back = dir.resolve("back.pcap");
        Run encap = run("pcap", "encap", "--vni", "42", "--src-mac", "02:00:00:00:00:01", "--dst-mac",
                "02:00:00:00:00:02", "--src", "192.0.2.1", "--dst", "198.51.100.2", in.toString(), vxlan.toString());
        assertEquals(0, encap.exit(), encap.err());
        assertEquals("encapsulated 13 frames in VXLAN (VNI 42, UDP port 8472) into " + vxlan + "\n", encap.out());

        Run printed = run("pcap", "print", "-v", vxlan.toString());
        long vxlanLines = printed.out().lines().filter(l -> l.contains(": VXLAN, flags [I] (0x08), vni 42")).count();
        assertEquals(13, vxlanLines, printed.out());
        assertFalse(printed.out().contains("bad cksum"), "outer IPv4 checksums are valid");
        assertTrue(printed.out().contains("192.0.2.1."), printed.out());

        Run decap = run("pcap", "decap", vxlan.toString(), back.toString());
        assertEquals(0, decap.exit(), decap.err());
        assertEquals("", decap.err(), "every frame was VXLAN");
        List<CaptureRecord> original = records(in);
        List<CaptureRecord> roundTrip = records(back);
        assertEquals(original.size(), roundTrip.size());
        for (int i = 0; i < original.size(); i++) {
            assertEquals(original.get(i).data(), roundTrip.get(i).data(), "frame " + (i + 1));
            assertEquals(original.get(i).seconds(), roundTrip.get(i).seconds());
            assertEquals(original.get(i).nanos() / 1000, roundTrip.get(i).nanos() / 1000);
        }
    }

    @Test
    void decapCountsAndSkipsFramesThatAreNotVxlan() throws IOException {
        Path inner = dir.resolve("inner.pcap");
        Run decap = run("pcap", "decap", ethernetFrames().toString(), inner.toString());
        assertEquals(0, decap.exit());
        assertEquals("decapsulated 10 of 13 frames into " + inner + "\n", decap.out());
        // The two QinQ ARP frames are not VXLAN; the GSO frame's UDP checksum was left to the NIC, and RFC 7348
        // says a receiver that verifies a wrong UDP checksum must drop the packet.
        assertEquals("overlaykit pcap decap: skipped 3 of 13 frames that are not valid VXLAN "
                + "(bad checksum: 1, not a VXLAN packet: 2)\n", decap.err());
        List<CaptureRecord> frames = records(inner);
        assertEquals(10, frames.size());
        // The first inner frame of vxlan.pcap: 00:16:3e:37:f6:04 > 00:30:88:01:00:02, ICMP echo request.
        byte[] first = new byte[frames.get(0).capturedLength()];
        frames.get(0).data().get(0, first);
        assertEquals(98, first.length);
        assertArrayEquals(new byte[] {0x00, 0x30, (byte) 0x88, 0x01, 0x00, 0x02}, Arrays.copyOf(first, 6));
    }

    @Test
    void truncatedCapturePrintsEveryWholeRecordThenFailsWithTheOffset() throws IOException {
        byte[] whole = Files.readAllBytes(tcpdumpData("vxlan.pcap"));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, 24 + 16 + 148 + 16 + 50));
        Run result = run("pcap", "print", "-e", cut.toString());
        assertEquals(Overlaykit.EXIT_BAD_INPUT, result.exit());
        String expected = Files.readString(tcpdumpData("vxlan.out")).lines().limit(2)
                .reduce("", (a, b) -> a + b + "\n");
        assertEquals(expected, result.out());
        List<String> errors = result.err().lines().toList();
        assertEquals("overlaykit: " + cut + ": offset 188: truncated pcap record data: tried to read 92 bytes, "
                + "only got 50", errors.get(errors.size() - 1));
    }

    @Test
    void badArgumentsFailWithOneLineAndExitTwo() throws IOException {
        Path out = dir.resolve("out.pcap");
        Run vni = run("pcap", "encap", "--vni", "16777216", "--src-mac", "02:00:00:00:00:01", "--dst-mac",
                "02:00:00:00:00:02", "--src", "192.0.2.1", "--dst", "192.0.2.2", tcpdumpData("vxlan.pcap").toString(),
                out.toString());
        assertEquals(Overlaykit.EXIT_BAD_INPUT, vni.exit());
        assertEquals(1, vni.err().lines().count(), vni.err());
        Run sll = run("pcap", "encap", "--vni", "1", "--src-mac", "02:00:00:00:00:01", "--dst-mac",
                "02:00:00:00:00:02", "--src", "192.0.2.1", "--dst", "192.0.2.2",
                tcpdumpData("icmp-cksum-oobr-1.pcap").toString(), out.toString());
        assertEquals(Overlaykit.EXIT_BAD_INPUT, sll.exit());
        assertTrue(sll.err().contains("link type LINUX_SLL; only Ethernet frames can be put in VXLAN"), sll.err());
        Run missing = run("pcap", "print", dir.resolve("missing.pcap").toString());
        assertEquals(Overlaykit.EXIT_BAD_INPUT, missing.exit());
        assertEquals("overlaykit: " + dir.resolve("missing.pcap") + ": no such file\n", missing.err());
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a capture");
        Run notCapture = run("pcap", "print", text.toString());
        assertEquals(Overlaykit.EXIT_BAD_INPUT, notCapture.exit());
        assertEquals("overlaykit: " + text + ": offset 0: not a pcap or pcapng file: unknown magic 0x6e6f7420\n",
                notCapture.err());
    }

    @Test
    void installedTcpdumpReadsWhatEncapWroteAndPrintsWhatPrintPrints() throws Exception {
        String tcpdump = findTool("tcpdump");
        Path vxlan = dir.resolve("4789.pcap");
        // Port 4789: tcpdump 4.99.3 prints 8472 as OTV, so only 4789 reads the same in every version.
        assertEquals(0, run("pcap", "encap", "--vni", "7", "--src-mac", "02:00:00:00:00:01", "--dst-mac",
                "02:00:00:00:00:02", "--src", "192.0.2.1", "--dst", "203.0.113.9", "--port", "4789",
                ethernetFrames().toString(), vxlan.toString()).exit());
        for (String option : List.of("-e", "-v")) {
            ProcessBuilder builder = new ProcessBuilder(tcpdump, "-#", "-n", "-tttt", "-r", vxlan.toString(), option)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("TZ", "GMT0");
            Process process = builder.start();
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            process.getInputStream().transferTo(stdout);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
            assertEquals(stdout.toString(StandardCharsets.UTF_8), run("pcap", "print", option, vxlan.toString()).out());
        }
    }

    static String findTool(String name) {
        String path = Stream.of("/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/").map(d -> d + name)
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        if (path == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(name + " is not installed, and CI=true: .ci/run installs it");
            }
            Assumptions.abort(name + " is not installed (apt-get install " + name + ")");
        }
        return path;
    }

    static String runTool(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("TZ", "GMT0");
        Process process = builder.start();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        process.getInputStream().transferTo(stdout);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command));
        return stdout.toString(StandardCharsets.UTF_8);
    }

    /** A TCP SYN from a pod to a pod (10.244.0.8 -> 10.244.1.8:9000) with MSS, SACK-permitted, timestamps, window scale. */
    static byte[] podSyn() {
        ByteBuffer tcp = ByteBuffer.allocate(40);
        tcp.putShort((short) 43210).putShort((short) 9000).putInt(0x1000).putInt(0).put((byte) 0xA0).put((byte) 0x02)
                .putShort((short) 64240).putShort((short) 0).putShort((short) 0);
        tcp.put(new byte[] {2, 4, 0x05, (byte) 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7});
        int src = 0x0AF4_0008;
        int dst = 0x0AF4_0108;
        tcp.putShort(16, (short) InternetChecksum.finish(InternetChecksum.pseudoHeaderSum(src, dst, 6, 40)
                + InternetChecksum.sum(tcp, 0, 40)));
        ByteBuffer frame = ByteBuffer.allocate(14 + 20 + 40);
        frame.put(new byte[] {0x0e, 0, 0, 0, 0, 1, 0x0e, 0, 0, 0, 0, 2, 0x08, 0x00});
        frame.put((byte) 0x45).put((byte) 0).putShort((short) 60).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(src).putInt(dst);
        frame.putShort(24, (short) InternetChecksum.checksum(frame, 14, 20));
        frame.put(34, tcp.array());
        return frame.array();
    }

    @Test
    void tsharkDecodesEveryEncapsulatedFrameWithoutMalformedOrChecksumErrors() throws Exception {
        String tshark = findTool("tshark");
        Path in = dir.resolve("pods.pcap");
        Path inner = dir.resolve("inner.pcap");
        assertEquals(0, run("pcap", "decap", tcpdumpData("vxlan.pcap").toString(), inner.toString()).exit());
        byte[] syn = podSyn();
        try (OutputStream file = Files.newOutputStream(in); PcapWriter writer = new PcapWriter(file, LinkType.ETHERNET)) {
            for (Path source : List.of(inner, tcpdumpData("802.1ad_QinQ.pcap"))) {
                try (CaptureReader reader = CaptureReader.open(source)) {
                    while (reader.next()) {
                        writer.write(reader.record());
                    }
                }
            }
            writer.write(1_764_201_000L, 0, syn.length, ByteBuffer.wrap(syn), 0, syn.length);
        }
        for (String port : List.of("8472", "4789")) {
            Path vxlan = dir.resolve("tshark-" + port + ".pcap");
            assertEquals(0, run("pcap", "encap", "--vni", "1", "--src-mac", "02:00:00:00:00:01", "--dst-mac",
                    "02:00:00:00:00:02", "--src", "192.0.2.1", "--dst", "192.0.2.2", "--port", port, in.toString(),
                    vxlan.toString()).exit());
            String[] decode = {tshark, "-r", vxlan.toString(), "-d", "udp.port==8472,vxlan", "-o", "ip.check_checksum:TRUE",
                "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE"};
            List<String> problems = new ArrayList<>(List.of(decode));
            problems.addAll(List.of("-Y", "_ws.malformed || _ws.expert.severity >= 0x00600000", "-T", "fields", "-e",
                    "frame.number", "-e", "_ws.expert.message"));
            assertEquals("", runTool(problems.toArray(String[]::new)), "tshark reports malformed or bad frames");
            List<String> fields = new ArrayList<>(List.of(decode));
            fields.addAll(List.of("-T", "fields", "-e", "vxlan.vni", "-e", "udp.dstport", "-e", "tcp.options.mss_val"));
            List<String> lines = runTool(fields.toArray(String[]::new)).lines().toList();
            assertEquals(13, lines.size());
            assertTrue(lines.stream().allMatch(l -> l.startsWith("1\t" + port)), lines.toString());
            assertEquals("1\t" + port + "\t1460", lines.get(12));
        }
    }
}
