package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.netlink.RtnetlinkClient;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.NeighborState;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit nl neigh show} prints what {@code ip -4 neigh show} prints;
 * {@code nl neigh add|replace|del ADDR dev DEV [lladdr MAC] [nud STATE]} changes the table.
 */
@Command(name = "neigh", mixinStandardHelpOptions = true,
        description = "show | add|replace|del ADDR dev DEV [lladdr MAC] [nud permanent|noarp|reachable|stale]")
public final class NlNeighCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    NlCommand nl;

    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "show, or a verb and an entry as for ip neigh")
    List<String> args = List.of();

    /** Creates the command (picocli instantiates it). */
    public NlNeighCommand() {
    }

    /**
     * Runs the verb.
     *
     * @return 0
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String verb = args.isEmpty() ? "show" : args.get(0);
        try (RtnetlinkClient client = nl.client()) {
            switch (verb) {
                case "show":
                case "list":
                    for (Neighbor n : client.neighbors()) {
                        out.println(n);
                    }
                    break;
                case "add":
                    client.addNeighbor(parse(args));
                    break;
                case "replace":
                case "change":
                    client.replaceNeighbor(parse(args));
                    break;
                case "del":
                case "delete":
                    client.deleteNeighbor(parse(args));
                    break;
                default:
                    throw new IllegalArgumentException("nl neigh: unknown verb \"" + verb + "\" (show, add, replace, del)");
            }
        }
        out.flush();
        return 0;
    }

    static Neighbor parse(List<String> args) {
        Ipv4Address address = null;
        String device = null;
        MacAddress mac = null;
        Set<NeighborState> states = EnumSet.of(NeighborState.PERMANENT);
        for (int i = 1; i < args.size(); i++) {
            String word = args.get(i);
            switch (word) {
                case "dev": device = value(args, ++i, word); break;
                case "lladdr": mac = MacAddress.parse(value(args, ++i, word)); break;
                case "nud": states = EnumSet.of(NeighborState.valueOf(value(args, ++i, word).toUpperCase(Locale.ROOT))); break;
                case "to": address = Ipv4Address.parse(value(args, ++i, word)); break;
                default: address = Ipv4Address.parse(word); break;
            }
        }
        if (address == null || device == null) {
            throw new IllegalArgumentException("nl neigh: need ADDR and dev DEV");
        }
        return new Neighbor(address, device, mac, states, Set.of(), -1);
    }

    static String value(List<String> args, int i, String word) {
        if (i >= args.size()) {
            throw new IllegalArgumentException("\"" + word + "\" needs a value");
        }
        return args.get(i);
    }
}
