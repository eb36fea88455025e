package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.netlink.RtnetlinkClient;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.NeighborFlag;
import io.github.overlaykit.route.NeighborState;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit nl fdb show} prints what {@code bridge fdb show} prints;
 * {@code nl fdb add|append|replace|del MAC dev DEV [dst IP] [vni N] [port P] [src_vni N] [via DEV]
 * [vlan N] [self|master] [permanent|static|dynamic]} changes the FDB with {@code bridge fdb} syntax.
 */
@Command(name = "fdb", mixinStandardHelpOptions = true,
        description = "show | add|append|replace|del MAC dev DEV [dst IP] [vni N] [port P] [via DEV] [self|master] [permanent|static]")
public final class NlFdbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    NlCommand nl;

    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "show, or a verb and an entry as for bridge fdb")
    List<String> args = List.of();

    /** Creates the command (picocli instantiates it). */
    public NlFdbCommand() {
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
                    for (FdbEntry e : client.fdb()) {
                        out.println(e);
                    }
                    break;
                case "add": client.addFdb(parse(args)); break;
                case "append": client.appendFdb(parse(args)); break;
                case "replace": client.replaceFdb(parse(args)); break;
                case "del":
                case "delete": client.deleteFdb(parse(args)); break;
                default:
                    throw new IllegalArgumentException("nl fdb: unknown verb \"" + verb + "\" (show, add, append, replace, del)");
            }
        }
        out.flush();
        return 0;
    }

    static FdbEntry parse(List<String> args) {
        MacAddress mac = null;
        String device = null;
        Ipv4Address dst = null;
        int vlan = 0;
        int port = -1;
        long vni = -1;
        long srcVni = -1;
        String via = null;
        Set<NeighborFlag> flags = EnumSet.noneOf(NeighborFlag.class);
        Set<NeighborState> states = EnumSet.of(NeighborState.PERMANENT);
        for (int i = 1; i < args.size(); i++) {
            String word = args.get(i);
            switch (word) {
                case "dev": device = NlNeighCommand.value(args, ++i, word); break;
                case "dst": dst = Ipv4Address.parse(NlNeighCommand.value(args, ++i, word)); break;
                case "vlan": vlan = Integer.parseInt(NlNeighCommand.value(args, ++i, word)); break;
                case "port":
                case "dst_port": port = Integer.parseInt(NlNeighCommand.value(args, ++i, word)); break;
                case "vni": vni = Long.parseLong(NlNeighCommand.value(args, ++i, word)); break;
                case "src_vni": srcVni = Long.parseLong(NlNeighCommand.value(args, ++i, word)); break;
                case "via": via = NlNeighCommand.value(args, ++i, word); break;
                case "self": flags.add(NeighborFlag.SELF); break;
                case "master": flags.add(NeighborFlag.MASTER); break;
                case "permanent": states = EnumSet.of(NeighborState.PERMANENT); break;
                case "static": states = EnumSet.of(NeighborState.NOARP); break;
                case "dynamic": states = EnumSet.of(NeighborState.REACHABLE); break;
                default:
                    if (mac != null) {
                        throw new IllegalArgumentException("nl fdb: unexpected \"" + word + "\"");
                    }
                    mac = MacAddress.parse(word);
                    break;
            }
        }
        if (mac == null || device == null) {
            throw new IllegalArgumentException("nl fdb: need MAC and dev DEV");
        }
        if (flags.isEmpty()) {
            flags.add(NeighborFlag.SELF); // bridge's default when neither self nor master is given
        }
        return new FdbEntry(mac, device, dst, vlan, port, vni, srcVni, via, null, flags, states);
    }
}
