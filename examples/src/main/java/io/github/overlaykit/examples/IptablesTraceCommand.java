package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.iptables.Hook;
import io.github.overlaykit.iptables.Packet;
import io.github.overlaykit.iptables.PacketTracer;
import io.github.overlaykit.iptables.Routing;
import io.github.overlaykit.iptables.Ruleset;
import io.github.overlaykit.iptables.StaticRouting;
import io.github.overlaykit.iptables.TraceResult;
import io.github.overlaykit.route.Fib;
import io.github.overlaykit.route.IpText;
import io.github.overlaykit.route.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit iptables trace}: follows the first packet of a connection through a ruleset as the
 * kernel does and prints one line per matched rule in the {@code xtables-monitor --trace} format, then the
 * verdict and the NAT'd tuple. Exit status 1 when the packet does not get through.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Trace a packet through raw, mangle, nat and filter as the kernel does.")
public final class IptablesTraceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "iptables-save or restore text.")
    Path rules;

    @Option(names = "--hook", required = true, description = "prerouting (arriving) or output (locally sent).")
    String hook;

    @Option(names = "--in", paramLabel = "IF", description = "Arrival interface (prerouting).")
    String in;

    @Option(names = "--out", paramLabel = "IF", description = "Output interface when --routes is not given.")
    String out;

    @Option(names = "--src", required = true, paramLabel = "IP", description = "Source address.")
    String source;

    @Option(names = "--dst", required = true, paramLabel = "IP", description = "Destination address.")
    String destination;

    @Option(names = "--proto", required = true, description = "tcp, udp or icmp.")
    String protocol;

    @Option(names = "--sport", defaultValue = "40000", description = "Source port (ICMP type for icmp).")
    int sourcePort;

    @Option(names = "--dport", defaultValue = "0", description = "Destination port (ICMP code for icmp).")
    int destinationPort;

    @Option(names = "--mark", defaultValue = "0", description = "Packet mark (decimal or 0x hex).")
    String mark;

    @Option(names = "--local", split = ",", paramLabel = "IP", description = "This host's addresses (addrtype LOCAL).")
    List<String> local = new ArrayList<>();

    @Option(names = "--routes", paramLabel = "FILE",
            description = "'ip -4 route show table all' text: routing decisions and local addresses come from it.")
    Path routes;

    @Option(names = "--branches", defaultValue = "first",
            description = "statistic choices: first (every one fires), all (each branch with its probability), seed:N.")
    String branches;

    /** Creates the command (picocli instantiates it). */
    public IptablesTraceCommand() {
    }

    /**
     * Traces and prints.
     *
     * @return 0 if the packet (or some branch of it) is accepted, 1 otherwise
     * @throws IOException if a file cannot be read
     */
    @Override
    public Integer call() throws IOException {
        Hook entry = TracePrinter.hook(hook);
        int proto = TracePrinter.protocol(protocol);
        Packet packet = Packet.of(proto, Ipv4Address.parse(source), sourcePort, Ipv4Address.parse(destination),
            destinationPort).withMark(Integer.decode(mark));
        if (entry == Hook.PREROUTING) {
            if (in == null) {
                throw new IllegalArgumentException("--hook prerouting needs --in IF");
            }
            packet = packet.withInInterface(in);
        }
        List<Ipv4Address> locals = new ArrayList<>();
        for (String a : local) {
            locals.add(Ipv4Address.parse(a.trim()));
        }
        Routing routing = routes == null ? new StaticRouting(locals, out) : fibRouting(routes, locals);
        PacketTracer tracer = new PacketTracer(Ruleset.parse(rules), routing);
        List<TraceResult> results = TracePrinter.trace(tracer, packet, entry, branches);
        boolean accepted = TracePrinter.print(spec.commandLine().getOut(), results, branches.equals("all"), null);
        return accepted ? 0 : Overlaykit.EXIT_FAILURE_ANSWER;
    }

    /** Routing decisions from the route module's FIB built from {@code ip -4 route show table all} text. */
    private static Routing fibRouting(Path file, List<Ipv4Address> extraLocal) throws IOException {
        List<Route> routes = IpText.parseRoutes(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        return new FibRouting(Fib.of(routes, null), extraLocal);
    }
}
