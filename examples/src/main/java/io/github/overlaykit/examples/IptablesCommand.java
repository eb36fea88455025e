package io.github.overlaykit.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code overlaykit iptables}: canonical iptables-save text, packet traces, kube-proxy chain names. */
@Command(name = "iptables", mixinStandardHelpOptions = true,
        description = "iptables rulesets offline: canonicalize, trace a packet, kube-proxy chain names.",
        subcommands = {IptablesCanonCommand.class, IptablesTraceCommand.class, IptablesKubeChainNameCommand.class})
public final class IptablesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Creates the command (picocli instantiates it). */
    public IptablesCommand() {
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
