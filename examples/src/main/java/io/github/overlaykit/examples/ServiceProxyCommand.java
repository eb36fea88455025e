package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.iptables.Hook;
import io.github.overlaykit.iptables.KubeProxyRenderer;
import io.github.overlaykit.iptables.KubeService;
import io.github.overlaykit.iptables.Packet;
import io.github.overlaykit.iptables.PacketTracer;
import io.github.overlaykit.iptables.Rule;
import io.github.overlaykit.iptables.Ruleset;
import io.github.overlaykit.iptables.StaticRouting;
import io.github.overlaykit.iptables.TraceResult;
import io.github.overlaykit.iptables.Tuple;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit service-proxy}: kube-proxy's iptables mode in small. From a {@link ServicesFile} it
 * renders kube-proxy's ruleset with the iptables model ({@code render}), compares it with what a network
 * namespace has loaded ({@code diff}), loads it the way kube-proxy does ({@code apply}), and answers
 * "where does a packet to this cluster IP go?" with the packet tracer ({@code trace}).
 */
@Command(name = "service-proxy", mixinStandardHelpOptions = true,
        description = "kube-proxy's iptables mode in small: render, diff, apply and trace service rules.",
        subcommands = {ServiceProxyCommand.Render.class, ServiceProxyCommand.Diff.class,
            ServiceProxyCommand.Apply.class, ServiceProxyCommand.Trace.class})
public final class ServiceProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Creates the command (picocli instantiates it). */
    public ServiceProxyCommand() {
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

    /** What kube-proxy is told: the services, the pod range and the masquerade mark. */
    public static final class Rendering {
        @Option(names = "--services", required = true, paramLabel = "FILE",
                description = "One service port per line: NS/NAME[:PORT] PROTO CLUSTER-IP:PORT [-> IP:PORT,...].")
        Path servicesFile;

        @Option(names = "--cluster-cidr", defaultValue = "10.244.0.0/16", paramLabel = "CIDR",
                description = "The pod range; other sources are masqueraded (default: ${DEFAULT-VALUE}).")
        String clusterCidr;

        @Option(names = "--masquerade-bit", defaultValue = "14", paramLabel = "N",
                description = "The packet-mark bit for masquerading, 0..31 (default: ${DEFAULT-VALUE}, 0x4000).")
        int masqueradeBit;

        /** Creates the options (picocli instantiates them). */
        public Rendering() {
        }

        List<KubeService> services() throws IOException {
            return ServicesFile.read(servicesFile);
        }

        /** kube-proxy's restore input, exactly as the renderer makes it. */
        String render(List<KubeService> services) {
            if (masqueradeBit < 0 || masqueradeBit > 31) {
                throw new IllegalArgumentException("--masquerade-bit must be 0..31, not " + masqueradeBit);
            }
            return new KubeProxyRenderer(Ipv4Prefix.parse(clusterCidr), 1 << masqueradeBit, false).render(services);
        }

        /** The state the rendered rules and the jumps into them leave in an empty namespace. */
        static Ruleset ruleset(String rendered) {
            return Ruleset.parse(rendered, "rendered rules")
                .restore(KubeProxyRenderer.jumpRules(), "jump rules", true);
        }
    }

    /** Where the rules live: a named network namespace, or this one. */
    public static final class Namespace {
        @Option(names = {"-n", "--netns"}, paramLabel = "NETNS",
                description = "Run iptables in this network namespace (ip netns exec); default: the current one.")
        String netns;

        /** Creates the options (picocli instantiates them). */
        public Namespace() {
        }

        /** The argument vector that runs {@code command} there. */
        List<String> command(String... command) {
            return Processes.inNamespace(netns, command);
        }

        /** Reads the filter and nat tables as iptables-save prints them. */
        Ruleset loaded() throws IOException {
            StringBuilder saved = new StringBuilder();
            for (String table : KubeProxyChanges.TABLES) {
                saved.append(Processes.runChecked(command("iptables-save", "-t", table), null));
            }
            return Ruleset.parse(saved.toString(), "iptables-save" + (netns == null ? "" : " in " + netns));
        }

        /** Feeds restore input to {@code iptables-restore --noflush} on its standard input. */
        void restore(String input) throws IOException {
            Processes.runChecked(command("iptables-restore", "--noflush"), input);
        }
    }

    /** {@code service-proxy render}: prints kube-proxy's restore input and the jump rules. */
    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Print the iptables-restore input kube-proxy writes for the services, then its jump rules.")
    public static final class Render implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Rendering rendering;

        /** Creates the command (picocli instantiates it). */
        public Render() {
        }

        /**
         * Renders and prints.
         *
         * @return 0
         * @throws IOException if the services file cannot be read
         */
        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            out.print(rendering.render(rendering.services()));
            out.print(KubeProxyRenderer.jumpRules());
            out.flush();
            return 0;
        }
    }

    /** {@code service-proxy diff}: what apply would change. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Compare the rendered rules with what iptables-save shows; exit 1 if they differ.")
    public static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Rendering rendering;

        @Mixin
        Namespace namespace;

        /** Creates the command (picocli instantiates it). */
        public Diff() {
        }

        /**
         * Compares and prints the diff.
         *
         * @return 0 when equal, 1 when different
         * @throws IOException if a file or a command fails
         */
        @Override
        public Integer call() throws IOException {
            Ruleset wanted = Rendering.ruleset(rendering.render(rendering.services()));
            KubeProxyChanges changes = KubeProxyChanges.between(wanted, namespace.loaded());
            PrintWriter out = spec.commandLine().getOut();
            changes.diffLines().forEach(out::println);
            out.println(changes.summary());
            out.flush();
            return changes.isEmpty() ? 0 : Overlaykit.EXIT_FAILURE_ANSWER;
        }
    }

    /** {@code service-proxy apply}: loads the rules as kube-proxy does. */
    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Load the rendered rules with iptables-restore --noflush and delete stale service chains.")
    public static final class Apply implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Rendering rendering;

        @Mixin
        Namespace namespace;

        /** Creates the command (picocli instantiates it). */
        public Apply() {
        }

        /**
         * Applies the changes, if any, and checks that none are left.
         *
         * @return 0 when the loaded rules now equal the rendered ones, 1 otherwise
         * @throws IOException if a file or a command fails
         */
        @Override
        public Integer call() throws IOException {
            String rendered = rendering.render(rendering.services());
            Ruleset wanted = Rendering.ruleset(rendered);
            Ruleset loaded = namespace.loaded();
            KubeProxyChanges changes = KubeProxyChanges.between(wanted, loaded);
            if (changes.isEmpty()) {
                PrintWriter out = spec.commandLine().getOut();
                out.println(changes.summary());
                out.println("# nothing to apply");
                out.flush();
                return 0;
            }
            String input = changes.restoreInput(rendered);
            // the model plays iptables-restore first, so what the kernel would refuse is reported before it is touched
            List<String> refused = KubeProxyChanges.newProblems(loaded, loaded.restore(input, "apply", true));
            if (!refused.isEmpty()) {
                throw new IllegalStateException("iptables-restore would refuse the change: " + refused.get(0)
                    + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more)" : ""));
            }
            PrintWriter out = spec.commandLine().getOut();
            changes.diffLines().forEach(out::println);
            out.println(changes.summary());
            namespace.restore(input);
            // read back: a rule the kernel saves differently from the model would show up here on every run
            KubeProxyChanges left = KubeProxyChanges.between(wanted, namespace.loaded());
            if (!left.isEmpty()) {
                out.flush();
                spec.commandLine().getErr().println("overlaykit: after iptables-restore the rules still differ: "
                    + left.summary().substring(2));
                spec.commandLine().getErr().flush();
                return Overlaykit.EXIT_FAILURE_ANSWER;
            }
            out.println("# applied with iptables-restore --noflush");
            out.flush();
            return 0;
        }
    }

    /** {@code service-proxy trace}: where a packet to a service goes. */
    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = "Trace a packet through the rendered rules and name the endpoint it is sent to.")
    public static final class Trace implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Rendering rendering;

        @Option(names = "--dst", required = true, paramLabel = "IP", description = "Destination, e.g. a cluster IP.")
        String destination;

        @Option(names = "--dport", required = true, paramLabel = "N", description = "Destination port.")
        int destinationPort;

        @Option(names = "--node", defaultValue = "192.0.2.1", paramLabel = "IP",
                description = "This node's address: local, and the masquerade source (default: ${DEFAULT-VALUE}).")
        String node;

        @Option(names = "--src", paramLabel = "IP",
                description = "Source address (default with --hook output: the node's address).")
        String source;

        @Option(names = "--sport", defaultValue = "40000", paramLabel = "N", description = "Source port.")
        int sourcePort;

        @Option(names = "--proto", defaultValue = "tcp", description = "tcp or udp (default: ${DEFAULT-VALUE}).")
        String protocol;

        @Option(names = "--hook", defaultValue = "output",
                description = "output (sent by this node) or prerouting (arriving on --in); default: ${DEFAULT-VALUE}.")
        String hook;

        @Option(names = "--in", defaultValue = "eth0", paramLabel = "IF",
                description = "Arrival interface with --hook prerouting (default: ${DEFAULT-VALUE}).")
        String in;

        @Option(names = "--branches", defaultValue = "first",
                description = "statistic choices: first (every one fires), all (each endpoint with its probability),"
                    + " seed:N.")
        String branches;

        /** Creates the command (picocli instantiates it). */
        public Trace() {
        }

        /**
         * Traces and prints the trace lines, then the endpoint.
         *
         * @return 0 if the packet (or some branch of it) reaches an endpoint, 1 otherwise
         * @throws IOException if the services file cannot be read
         */
        @Override
        public Integer call() throws IOException {
            List<KubeService> services = rendering.services();
            Ruleset rules = Rendering.ruleset(rendering.render(services));
            Hook entry = TracePrinter.hook(hook);
            Ipv4Address nodeAddress = Ipv4Address.parse(node);
            if (source == null && entry == Hook.PREROUTING) {
                throw new IllegalArgumentException("--hook prerouting needs --src IP (the sender)");
            }
            Ipv4Address from = source == null ? nodeAddress : Ipv4Address.parse(source);
            Packet packet = Packet.of(TracePrinter.protocol(protocol), from, sourcePort, Ipv4Address.parse(destination),
                destinationPort);
            if (entry == Hook.PREROUTING) {
                packet = packet.withInInterface(in);
            }
            PacketTracer tracer = new PacketTracer(rules, new StaticRouting(List.of(nodeAddress), null));
            List<TraceResult> results = TracePrinter.trace(tracer, packet, entry, branches);
            TracePrinter.print(spec.commandLine().getOut(), results, branches.equals("all"),
                r -> endpoint(r, services));
            return results.stream().anyMatch(r -> reachesEndpoint(r)) ? 0 : Overlaykit.EXIT_FAILURE_ANSWER;
        }

        private static boolean reachesEndpoint(TraceResult r) {
            return r.verdict() == TraceResult.Verdict.ACCEPT && !sameDestination(r.original(), r.translated());
        }

        private static boolean sameDestination(Tuple a, Tuple b) {
            return a.destination() == b.destination() && a.destinationPort() == b.destinationPort();
        }

        /** The answer: the endpoint after DNAT, or why there is none. */
        static String endpoint(TraceResult r, List<KubeService> services) {
            Tuple sent = r.original();
            Tuple nat = r.translated();
            KubeService service = null;
            for (KubeService s : services) {
                if (s.clusterIp().bits() == sent.destination() && s.port() == sent.destinationPort()
                    && Rule.protocolNumber(s.protocol()) == sent.protocol()) {
                    service = s;
                }
            }
            String sentTo = Ipv4Address.toString(sent.destination()) + ":" + sent.destinationPort();
            if (r.verdict() != TraceResult.Verdict.ACCEPT) {
                return "endpoint: none, the packet gets " + r.verdict()
                    + (service != null && service.endpoints().isEmpty()
                        ? " (" + service.servicePortName() + " has no endpoints)" : "");
            }
            if (sameDestination(sent, nat)) {
                return "endpoint: none, no service has " + sentTo + "; the packet goes there unchanged";
            }
            // the source may be masqueraded to itself (a node's own address), so look for the rule, not a change
            boolean masqueraded = r.steps().stream().anyMatch(step -> step.rule() != null
                && step.rule().target() != null && step.rule().target().name().equals("MASQUERADE"));
            String masquerade = masqueraded
                ? ", source masqueraded to " + Ipv4Address.toString(nat.source()) + ":" + nat.sourcePort() : "";
            return "endpoint: " + Ipv4Address.toString(nat.destination()) + ":" + nat.destinationPort()
                + (service == null ? "" : " of " + service.servicePortName()) + masquerade;
        }
    }
}
