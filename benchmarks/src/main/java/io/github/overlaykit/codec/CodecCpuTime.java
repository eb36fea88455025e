package io.github.overlaykit.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Thread CPU time per operation of the codec benchmark bodies, for a machine so loaded that JMH's
 * wall-clock scores mostly measure the time the thread waited for a core. Each body runs in rounds of
 * {@code operations} calls; the first rounds warm the JIT, and the reported figure per body is the
 * fastest measured round's CPU time divided by its calls (the run least disturbed by neighbours sharing
 * the core's caches), beside the mean of the measured rounds. Results are summed into a sink so no call
 * is dead code. Each body runs in its own JVM, so the measuring loop's call site sees one body only and
 * the JIT inlines it, as JMH's generated loop does.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.overlaykit.codec.CodecCpuTime [rounds [body]]
 * </pre>
 */
public final class CodecCpuTime {
    private static final int WARM_UP_ROUNDS = 20;
    private static final VarHandle BUFFER_SHORT = MethodHandles.byteBufferViewVarHandle(short[].class,
            ByteOrder.BIG_ENDIAN);
    private static final VarHandle ARRAY_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.BIG_ENDIAN);
    private static long sink;

    private CodecCpuTime() {
    }

    /**
     * Runs every body, each in a child JVM, and prints one line each; or, given a body's name, runs that one.
     *
     * @param args optional number of measured rounds (default 10), optional body name
     * @throws Exception if a child JVM cannot be run
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Map<String, LongSupplier> bodies = bodies();
        if (args.length > 1) {
            measure(args[1], bodies.get(args[1]), rounds);
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String name : bodies.keySet()) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CodecCpuTime.class.getName(), Integer.toString(rounds), name).inheritIO().start();
            if (child.waitFor() != 0) {
                throw new IllegalStateException(name + " failed with exit code " + child.exitValue());
            }
        }
    }

    private static Map<String, LongSupplier> bodies() {
        VxlanDecodeBenchmark decode = new VxlanDecodeBenchmark();
        VxlanEncapsulateBenchmark encapsulate = new VxlanEncapsulateBenchmark();
        ChecksumBenchmark checksum = new ChecksumBenchmark();
        NatRewriteBenchmark nat = new NatRewriteBenchmark();
        nat.payloadLength = 0;
        nat.setUp();
        NatRewriteBenchmark natLarge = new NatRewriteBenchmark();
        natLarge.payloadLength = 1400;
        natLarge.setUp();

        Map<String, LongSupplier> bodies = new LinkedHashMap<>();
        bodies.put("VxlanDecodeBenchmark.overlaykit", () -> decode.overlaykit().timestampValue());
        bodies.put("VxlanDecodeBenchmark.overlaykitDirect", () -> decode.overlaykitDirect().timestampValue());
        bodies.put("VxlanDecodeBenchmark.overlaykitOptionCursor",
                () -> decode.overlaykitOptionCursor().timestampValue());
        bodies.put("VxlanDecodeBenchmark.handWritten", () -> decode.handWritten().timestampValue());
        bodies.put("VxlanDecodeBenchmark.pcap4j", () -> decode.pcap4j().timestampValue());
        // The decode split in two: the parse alone (no option walk, no field reads).
        PacketParser parser = new PacketParser();
        byte[] frame = FlannelFrames.vxlanSyn();
        ByteBuffer heapFrame = ByteBuffer.wrap(frame);
        ByteBuffer directFrame = FlannelFrames.direct(frame);
        bodies.put("PacketParser.parse(heap)", () -> parser.parse(heapFrame, 0, frame.length));
        bodies.put("PacketParser.parse(direct)", () -> parser.parse(directFrame, 0, frame.length));
        // The parse plus one of the decode body's two other parts, to see what each adds.
        bodies.put("PacketParser.parse(heap)+options", () -> {
            parser.parse(heapFrame, 0, frame.length);
            return sumOptions(parser.innerTcpOptions());
        });
        bodies.put("PacketParser.parse(heap)+optionValues", () -> {
            parser.parse(heapFrame, 0, frame.length);
            TcpOptionValues options = parser.innerTcpOptionValues();
            return options.maximumSegmentSize() + options.windowScale() + options.timestampValue();
        });
        int optionsOffset = VxlanEncapsulator.HEADROOM + EthernetFrame.HEADER_LENGTH + 20 + TcpPacket.MIN_HEADER_LENGTH;
        TcpOptionValues optionValues = new TcpOptionValues();
        bodies.put("TcpOptionValues.decode(heap)", () -> {
            TcpOptionValues options = optionValues.decode(heapFrame, optionsOffset, 20);
            return options.maximumSegmentSize() + options.windowScale() + options.timestampValue();
        });
        TcpOptionCursor cursor = new TcpOptionCursor();
        bodies.put("TcpOptionCursor(heap)", () -> sumOptions(cursor.wrap(heapFrame, optionsOffset, 20)));
        // The same five options in an order that is not Linux's SYN layout: TcpOptionValues' general walk.
        ByteBuffer reordered = ByteBuffer.wrap(frame.clone());
        reordered.put(optionsOffset, new byte[] {TcpOptionCursor.WINDOW_SCALE, 3, 7, TcpOptionCursor.NOP});
        reordered.put(optionsOffset + 4, frame, optionsOffset, 16);
        bodies.put("TcpOptionValues.decode(heap, general walk)", () -> {
            TcpOptionValues options = optionValues.decode(reordered, optionsOffset, 20);
            return options.maximumSegmentSize() + options.windowScale() + options.timestampValue();
        });
        bodies.put("PacketParser.parse(heap)+reads", () -> {
            parser.parse(heapFrame, 0, frame.length);
            Ipv4Packet ip = parser.innerIpv4();
            TcpPacket tcp = parser.innerTcp();
            return parser.vxlan().vni() + ip.sourceAddress() + ip.destinationAddress() + tcp.sourcePort()
                    + tcp.destinationPort() + tcp.flags() + parser.udp().destinationPort();
        });
        // What 50 big-endian 16-bit reads cost on this machine, through the two kinds of view VarHandle.
        bodies.put("reads.u16x50(ByteBuffer view VarHandle)", () -> sum50(heapFrame));
        bodies.put("reads.u16x50(byte[] view VarHandle)", () -> sum50(frame));
        bodies.put("VxlanDecodeBenchmark.overlaykitRejectTruncated", decode::overlaykitRejectTruncated);
        bodies.put("VxlanDecodeBenchmark.overlaykitRejectBadTcpHeader", decode::overlaykitRejectBadTcpHeader);
        bodies.put("VxlanDecodeBenchmark.pcap4jRejectBadTcpHeader",
                () -> decode.pcap4jRejectBadTcpHeader().vni());
        bodies.put("VxlanEncapsulateBenchmark.overlaykit", encapsulate::overlaykit);
        bodies.put("VxlanEncapsulateBenchmark.overlaykitDirect", encapsulate::overlaykitDirect);
        // The encapsulation split: the flow hash mapped to a source port alone.
        bodies.put("VxlanEncapsulator.sourcePort(heap)", () -> encapsulate.encapsulator().sourcePort(
                encapsulate.heap(), VxlanEncapsulator.HEADROOM, FlannelFrames.INNER_SYN_LENGTH));
        bodies.put("VxlanEncapsulateBenchmark.overlaykitNewFlow", encapsulate::overlaykitNewFlow);
        bodies.put("VxlanEncapsulateBenchmark.naive", encapsulate::naive);
        bodies.put("VxlanEncapsulateBenchmark.pcap4j", () -> encapsulate.pcap4j().length);
        bodies.put("ChecksumBenchmark.overlaykitHeap", checksum::overlaykitHeap);
        bodies.put("ChecksumBenchmark.overlaykitDirect", checksum::overlaykitDirect);
        bodies.put("ChecksumBenchmark.naiveHeap", checksum::naiveHeap);
        bodies.put("NatRewriteBenchmark.incremental(0)", nat::incremental);
        bodies.put("NatRewriteBenchmark.fullRecompute(0)", nat::fullRecompute);
        bodies.put("NatRewriteBenchmark.incremental(1400)", natLarge::incremental);
        bodies.put("NatRewriteBenchmark.fullRecompute(1400)", natLarge::fullRecompute);
        return bodies;
    }

    /** Walks the options as the decode benchmark's cursor variant does, summing what it reads. */
    private static long sumOptions(TcpOptionCursor options) {
        long sum = 0;
        while (options.next()) {
            if (options.lengthValid()) {
                sum += options.kind() == TcpOptionCursor.MSS ? options.maximumSegmentSize()
                        : options.kind() == TcpOptionCursor.TIMESTAMPS ? options.timestampValue() : options.kind();
            }
        }
        return sum;
    }

    private static long sum50(ByteBuffer buffer) {
        long sum = 0;
        for (int i = 0; i < 100; i += 2) {
            sum += (short) BUFFER_SHORT.get(buffer, i) & 0xFFFF;
        }
        return sum;
    }

    private static long sum50(byte[] array) {
        long sum = 0;
        for (int i = 0; i < 100; i += 2) {
            sum += (short) ARRAY_SHORT.get(array, i) & 0xFFFF;
        }
        return sum;
    }

    private static void measure(String name, LongSupplier operation, int rounds) {
        if (operation == null) {
            throw new IllegalArgumentException("no body named " + name);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int operations = name.contains("pcap4j") ? 20_000 : 2_000_000;
        double best = Double.MAX_VALUE;
        double total = 0;
        for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < operations; i++) {
                sink += operation.getAsLong();
            }
            double perOperation = (threads.getCurrentThreadCpuTime() - start) / (double) operations;
            if (round >= WARM_UP_ROUNDS) {
                best = Math.min(best, perOperation);
                total += perOperation;
            }
        }
        System.out.printf("%-52s min %9.1f ns  mean %9.1f ns thread CPU per op  (sink %d)%n", name, best,
                total / rounds, sink & 1);
    }
}
