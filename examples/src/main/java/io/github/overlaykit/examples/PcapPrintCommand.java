package io.github.overlaykit.examples;

import io.github.overlaykit.codec.CaptureReader;
import io.github.overlaykit.codec.LinkType;
import io.github.overlaykit.codec.TcpdumpPrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit pcap print [-e] [-v] FILE}: prints a pcap or pcapng file exactly as
 * {@code TZ=GMT0 tcpdump -# -n -tttt -r FILE [-e] [-v]} does.
 */
@Command(name = "print", mixinStandardHelpOptions = true,
        description = "Print a pcap/pcapng file as 'TZ=GMT0 tcpdump -# -n -tttt -r FILE' does.")
public final class PcapPrintCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "-e", description = "Print the link-layer header of every frame.")
    boolean linkHeaders;

    @Option(names = "-v", description = "Verbose: IP header fields and checksums (repeat for more, like tcpdump).")
    boolean[] verbose = new boolean[0];

    @Parameters(paramLabel = "FILE", description = "A pcap or pcapng capture.")
    Path file;

    /** Creates the command (picocli instantiates it). */
    public PcapPrintCommand() {
    }

    /**
     * Prints every record; a truncated file prints every whole record first, then fails.
     *
     * @return 0
     * @throws IOException if the file cannot be read or is malformed (then the exit status is 2)
     */
    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        TcpdumpPrinter printer = new TcpdumpPrinter(linkHeaders, verbose.length);
        StringBuilder text = new StringBuilder(512);
        try (CaptureReader reader = CaptureReader.open(file)) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("reading from file " + file + ", link-type " + LinkType.name(reader.linkType()) + " ("
                    + LinkType.description(reader.linkType()) + "), snapshot length " + reader.snapshotLength());
            err.flush();
            int number = 0;
            try {
                while (reader.next()) {
                    printer.append(++number, reader.record(), text);
                    out.append(text);
                    text.setLength(0);
                }
            } finally {
                out.flush();
            }
        }
        return 0;
    }
}
