package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.netlink.LinkRequest;
import io.github.overlaykit.netlink.RtnetlinkClient;
import io.github.overlaykit.route.Link;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit nl link show [-d]}, {@code nl link add NAME type vxlan id N [dstport P] [local IP]
 * [dev IF] [nolearning] [mtu N] [address MAC]}, {@code nl link add NAME type veth peer name PEER},
 * {@code nl link add NAME type bridge}, {@code nl link set NAME up|down|mtu N|address MAC|master BR|nomaster},
 * {@code nl link del NAME}.
 */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = "show [-d] | add NAME type vxlan|veth|bridge … | set NAME up|down|mtu N|… | del NAME")
public final class NlLinkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    NlCommand nl;

    @Option(names = "-d", description = "Show details (vxlan id, local, dev, dstport).")
    boolean details;

    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "show, or a verb and a link as for ip link")
    List<String> args = List.of();

    /** Creates the command (picocli instantiates it). */
    public NlLinkCommand() {
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
                    for (Link link : client.links()) {
                        if (args.size() < 2 || args.get(1).equals(link.name())) {
                            print(out, link);
                        }
                    }
                    break;
                case "add": client.addLink(parseAdd(args)); break;
                case "del":
                case "delete": client.deleteLink(NlNeighCommand.value(args, 1, "del")); break;
                case "set": set(client, args); break;
                default:
                    throw new IllegalArgumentException("nl link: unknown verb \"" + verb + "\" (show, add, set, del)");
            }
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, Link link) {
        StringBuilder flags = new StringBuilder();
        if (link.up()) {
            flags.append("UP");
        }
        if (link.lowerUp()) {
            flags.append(flags.length() > 0 ? "," : "").append("LOWER_UP");
        }
        out.println(link.index() + ": " + link.name() + ": <" + flags + "> mtu " + link.mtu() + " state "
                + (link.isOperational() ? "UP" : "DOWN"));
        if (link.address() != null) {
            out.println("    link/ether " + link.address());
        }
        Link.Vxlan v = link.vxlan();
        if (details && v != null) {
            out.println("    vxlan id " + v.vni() + (v.local() != null ? " local " + v.local() : "")
                    + (v.underlayDevice() != null ? " dev " + v.underlayDevice() : "") + " dstport " + v.destinationPort()
                    + (v.learning() ? "" : " nolearning"));
        }
    }

    static LinkRequest parseAdd(List<String> args) {
        String name = NlNeighCommand.value(args, 1, "add");
        int typeAt = args.indexOf("type");
        if (typeAt < 0) {
            throw new IllegalArgumentException("nl link add: need \"type vxlan|veth|bridge\"");
        }
        String type = NlNeighCommand.value(args, typeAt + 1, "type");
        LinkRequest request;
        switch (type) {
            case "vxlan": {
                int idAt = args.indexOf("id");
                request = LinkRequest.vxlan(name, Integer.parseInt(NlNeighCommand.value(args, idAt < 0 ? args.size() : idAt + 1, "id")));
                break;
            }
            case "veth": {
                int peerAt = args.indexOf("name");
                request = LinkRequest.veth(name, NlNeighCommand.value(args, peerAt < 0 ? args.size() : peerAt + 1, "peer name"));
                break;
            }
            case "bridge":
                request = LinkRequest.bridge(name);
                break;
            default:
                throw new IllegalArgumentException("nl link add: type " + type + " is not supported (vxlan, veth, bridge)");
        }
        for (int i = 2; i < args.size(); i++) {
            String word = args.get(i);
            switch (word) {
                case "mtu": request.mtu(Integer.parseInt(NlNeighCommand.value(args, ++i, word))); break;
                case "address": request.address(MacAddress.parse(NlNeighCommand.value(args, ++i, word))); break;
                case "local": request.local(Ipv4Address.parse(NlNeighCommand.value(args, ++i, word))); break;
                case "group":
                case "remote": request.group(Ipv4Address.parse(NlNeighCommand.value(args, ++i, word))); break;
                case "dev": request.underlay(NlNeighCommand.value(args, ++i, word)); break;
                case "dstport": request.port(Integer.parseInt(NlNeighCommand.value(args, ++i, word))); break;
                case "ttl": request.ttl(Integer.parseInt(NlNeighCommand.value(args, ++i, word))); break;
                case "learning": request.learning(true); break;
                case "nolearning": request.learning(false); break;
                case "gbp": request.gbp(true); break;
                case "udpcsum": request.udpChecksum(true); break;
                case "noudpcsum": request.udpChecksum(false); break;
                case "master": request.master(NlNeighCommand.value(args, ++i, word)); break;
                case "type":
                case "id":
                case "peer":
                case "name": i++; break;
                default: throw new IllegalArgumentException("nl link add: unexpected \"" + word + "\"");
            }
        }
        return request;
    }

    private static void set(RtnetlinkClient client, List<String> args) {
        String name = NlNeighCommand.value(args, 1, "set");
        for (int i = 2; i < args.size(); i++) {
            String word = args.get(i);
            switch (word) {
                case "up": client.setLinkUp(name, true); break;
                case "down": client.setLinkUp(name, false); break;
                case "mtu": client.setLinkMtu(name, Integer.parseInt(NlNeighCommand.value(args, ++i, word))); break;
                case "address": client.setLinkAddress(name, MacAddress.parse(NlNeighCommand.value(args, ++i, word))); break;
                case "master": client.setLinkMaster(name, NlNeighCommand.value(args, ++i, word)); break;
                case "nomaster": client.setLinkMaster(name, null); break;
                default: throw new IllegalArgumentException("nl link set: unexpected \"" + word + "\"");
            }
        }
    }
}
