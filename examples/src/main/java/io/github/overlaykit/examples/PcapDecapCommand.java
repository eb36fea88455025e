package io.github.overlaykit.examples;

import io.github.overlaykit.codec.CaptureReader;
import io.github.overlaykit.codec.CaptureRecord;
import io.github.overlaykit.codec.LinkType;
import io.github.overlaykit.codec.PacketParser;
import io.github.overlaykit.codec.PcapWriter;
import io.github.overlaykit.codec.VxlanDecapsulator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit pcap decap IN OUT}: writes the inner Ethernet frame of every VXLAN frame of IN to
 * OUT (pcap); other frames are counted, skipped, and reported on stderr with the reason.
 *
 * <p>{@link VxlanDecapsulator} validates the outer headers (IPv4 checksum, UDP port 4789 or 8472, a
 * non-zero UDP checksum, the VXLAN I flag) and locates the inner frame in place; only the inner bytes
 * are written.
 */
@Command(name = "decap", mixinStandardHelpOptions = true,
        description = "Write the inner frame of every VXLAN frame of IN to OUT; other frames are counted and skipped.")
public final class PcapDecapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "Capture with VXLAN frames (pcap or pcapng).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the inner frames (pcap).")
    Path out;

    /** Creates the command (picocli instantiates it). */
    public PcapDecapCommand() {
    }

    /**
     * Decapsulates every VXLAN frame.
     *
     * @return 0
     * @throws IOException if a file cannot be read or written, or IN is malformed
     */
    @Override
    public Integer call() throws IOException {
        VxlanDecapsulator decapsulator = new VxlanDecapsulator();
        Map<String, Integer> skipped = new TreeMap<>();
        int frames = 0;
        int written = 0;
        try (CaptureReader reader = CaptureReader.open(in);
                PcapWriter writer = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(out)),
                        LinkType.ETHERNET)) {
            while (reader.next()) {
                CaptureRecord record = reader.record();
                frames++;
                if (record.linkType() != LinkType.ETHERNET) {
                    skipped.merge("link type " + LinkType.name(record.linkType()), 1, Integer::sum);
                    continue;
                }
                int status = decapsulator.decapsulate(record.data(), 0, record.capturedLength());
                if (status != PacketParser.OK) {
                    skipped.merge(PacketParser.statusName(status), 1, Integer::sum);
                    continue;
                }
                int innerLength = decapsulator.innerLength();
                writer.write(record.seconds(), record.nanos(), innerLength, record.data(), decapsulator.innerOffset(),
                        innerLength);
                written++;
            }
        }
        int skippedCount = frames - written;
        if (skippedCount > 0) {
            StringBuilder reasons = new StringBuilder();
            skipped.forEach((reason, count) -> reasons.append(reasons.length() == 0 ? "" : ", ").append(reason)
                    .append(": ").append(count));
            spec.commandLine().getErr().println("overlaykit pcap decap: skipped " + skippedCount + " of " + frames
                    + " frames that are not valid VXLAN (" + reasons + ")");
            spec.commandLine().getErr().flush();
        }
        spec.commandLine().getOut().println("decapsulated " + written + " of " + frames + " frames into " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
