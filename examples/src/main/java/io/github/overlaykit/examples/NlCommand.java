package io.github.overlaykit.examples;

import io.github.overlaykit.netlink.NetNamespace;
import io.github.overlaykit.netlink.RtnetlinkClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit nl}: the live kernel through netlink, with {@code ip}/{@code bridge} syntax and
 * output. Changes go through {@link RtnetlinkClient} only, never by running {@code ip}. Needs
 * {@code CAP_NET_ADMIN} to change state.
 */
@Command(name = "nl", mixinStandardHelpOptions = true,
        description = "The live kernel through netlink: show and change routes, neighbours, FDB, links, addresses.",
        subcommands = {NlRouteCommand.class, NlNeighCommand.class, NlFdbCommand.class, NlLinkCommand.class,
            NlAddrCommand.class, NlMonitorCommand.class})
public final class NlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "-n", paramLabel = "NETNS", description = "Work in the network namespace NETNS (as ip -n).")
    String namespace;

    /** Creates the command (picocli instantiates it). */
    public NlCommand() {
    }

    /**
     * Returns the namespace {@code -n} named.
     *
     * @return the namespace, or null for the current one
     */
    NetNamespace netns() {
        return namespace == null ? null : NetNamespace.named(namespace);
    }

    /**
     * Opens a client in the namespace {@code -n} named.
     *
     * @return a client the caller closes
     */
    RtnetlinkClient client() {
        return RtnetlinkClient.open(netns(), RtnetlinkClient.Options.defaults().dumpRetries(3));
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
