package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.netlink.RtnetlinkClient;
import io.github.overlaykit.route.InterfaceAddress;
import io.github.overlaykit.route.Link;
import io.github.overlaykit.route.RouteScope;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit nl addr show} lists IPv4 addresses per link in {@code ip addr}'s layout;
 * {@code nl addr add|del CIDR dev IF} changes them.
 */
@Command(name = "addr", mixinStandardHelpOptions = true, description = "show | add|del CIDR dev IF")
public final class NlAddrCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    NlCommand nl;

    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "show, or add|del CIDR dev IF")
    List<String> args = List.of();

    /** Creates the command (picocli instantiates it). */
    public NlAddrCommand() {
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
                case "list": {
                    List<InterfaceAddress> addresses = client.addresses();
                    for (Link link : client.links()) {
                        out.println(link.index() + ": " + link.name() + ": mtu " + link.mtu() + " state "
                                + (link.isOperational() ? "UP" : "DOWN"));
                        for (InterfaceAddress a : addresses) {
                            if (a.device().equals(link.name())) {
                                out.println("    inet " + a.address() + "/" + a.prefixLength() + " scope "
                                        + RouteScope.name(a.scope()) + (a.secondary() ? " secondary" : "") + " " + a.device());
                            }
                        }
                    }
                    break;
                }
                case "add": client.addAddress(parse(args)); break;
                case "replace": client.replaceAddress(parse(args)); break;
                case "del":
                case "delete": client.deleteAddress(parse(args)); break;
                default:
                    throw new IllegalArgumentException("nl addr: unknown verb \"" + verb + "\" (show, add, replace, del)");
            }
        }
        out.flush();
        return 0;
    }

    private static InterfaceAddress parse(List<String> args) {
        String cidr = NlNeighCommand.value(args, 1, args.get(0));
        int devAt = args.indexOf("dev");
        String device = NlNeighCommand.value(args, devAt < 0 ? args.size() : devAt + 1, "dev");
        int slash = cidr.indexOf('/');
        int length = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
        Ipv4Address address = Ipv4Address.parse(slash < 0 ? cidr : cidr.substring(0, slash));
        int scope = address.isLoopback() ? RouteScope.HOST : RouteScope.UNIVERSE;
        return new InterfaceAddress(device, address, length, scope, false);
    }
}
