package io.github.overlaykit.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code overlaykit pcap}: capture files — print them as tcpdump does, wrap frames in VXLAN, unwrap them. */
@Command(name = "pcap", mixinStandardHelpOptions = true,
        description = "Capture files: print as tcpdump does, VXLAN encapsulate, decapsulate.",
        subcommands = {PcapPrintCommand.class, PcapEncapCommand.class, PcapDecapCommand.class})
public final class PcapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Creates the command (picocli instantiates it). */
    public PcapCommand() {
    }

    /**
     * Without a subcommand: shows the usage and fails as bad input.
     *
     * @return {@link Overlaykit#EXIT_BAD_INPUT}
     */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Overlaykit.EXIT_BAD_INPUT;
    }
}
