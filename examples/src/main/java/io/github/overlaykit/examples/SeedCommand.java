package io.github.overlaykit.examples;

import io.github.overlaykit.codec.LinkType;
import io.github.overlaykit.codec.PcapWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit seed}: the article's two nodes built with the SDK, and its request from the master to
 * the service {@code 10.103.5.88:9000} and the pod's reply walked hop by hop: the iptables trace, the
 * route → neighbour → FDB → VTEP → underlay chain, and every frame as tcpdump on that interface prints it
 * (real bytes, encapsulated, NATed by the cloud and decapsulated again). Offline, no privileges.
 */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = "Walk the article's service request over flannel VXLAN, hop by hop (offline).")
public final class SeedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the same walk as JSON.")
    boolean json;

    @Option(names = "--pcap", paramLabel = "FILE",
            description = "Write every frame shown to FILE (pcap; socket-level packets are not frames and not written).")
    Path pcap;

    @Option(names = "--otv", description = "Print UDP 8472 as tcpdump 4.x does (OTV), as the article's captures show it.")
    boolean otv;

    /** Creates the command (picocli instantiates it). */
    public SeedCommand() {
    }

    /**
     * Walks and prints.
     *
     * @return 0
     * @throws IOException if the pcap cannot be written
     */
    @Override
    public Integer call() throws IOException {
        SeedWalk walk = new SeedWalk(otv);
        if (pcap != null) {
            writePcap(walk, pcap);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(toData(walk)));
        } else {
            printText(walk, out);
        }
        out.flush();
        return 0;
    }

    private static void printText(SeedWalk walk, PrintWriter out) {
        out.println("The article's request, master -> 10.103.5.88:9000 -> pod 10.244.1.8:9000, and the reply,"
                + " computed by overlaykit.");
        out.println("Addresses, MACs, ports, sequence numbers and times are the article's; what it does not show is"
                + " said where it is chosen. UDP 8472 is decoded as VXLAN, as tcpdump 4.99.4+ does; --otv prints it"
                + " as tcpdump 4.x (the article's) did, as OTV.");
        for (SeedWalk.Hop hop : walk.hops) {
            out.println();
            out.println("[" + hop.number() + "] " + hop.node() + ": " + hop.title());
            for (String line : hop.lines()) {
                out.println("    " + line);
            }
        }
    }

    private static Map<String, Object> toData(SeedWalk walk) {
        Map<String, Object> data = new LinkedHashMap<>(walk.facts);
        List<Object> hops = new ArrayList<>();
        for (SeedWalk.Hop hop : walk.hops) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("number", hop.number());
            h.put("node", hop.node());
            h.put("title", hop.title());
            h.put("lines", hop.lines());
            List<Object> frames = new ArrayList<>();
            for (SeedWalk.Frame f : hop.frames()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("node", f.node());
                m.put("interface", f.device());
                m.put("seconds", f.seconds());
                m.put("microseconds", f.micros());
                m.put("linkType", f.linkType());
                m.put("length", f.bytes().length);
                m.put("tcpdump", f.text());
                m.put("hex", HexFormat.of().formatHex(f.bytes()));
                frames.add(m);
            }
            h.put("frames", frames);
            hops.add(h);
        }
        data.put("hops", hops);
        return data;
    }

    /** Writes the Ethernet frames in walk order; raw socket-level packets need another link type and are left out. */
    static void writePcap(SeedWalk walk, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException(file + ": cannot write the pcap, no directory " + parent);
        }
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file));
             PcapWriter writer = new PcapWriter(stream, LinkType.ETHERNET)) {
            for (SeedWalk.Frame f : walk.frames()) {
                if (f.linkType() != LinkType.ETHERNET) {
                    continue;
                }
                writer.write(f.seconds(), f.micros() * 1000, f.bytes().length, ByteBuffer.wrap(f.bytes()), 0,
                        f.bytes().length);
            }
        }
    }
}
