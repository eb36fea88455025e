package io.github.overlaykit.examples;

import io.github.overlaykit.netlink.EventSubscription;
import io.github.overlaykit.netlink.NetNamespace;
import io.github.overlaykit.netlink.NetlinkEvent;
import io.github.overlaykit.netlink.RtnetlinkClient;
import io.github.overlaykit.route.NextHop;
import io.github.overlaykit.route.Route;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit overlay-agent}: flanneld's VXLAN backend (or host-gw) as a reconciler. Given a node
 * list it makes this node's vxlan device, its address, and the onlink routes, permanent neighbours and
 * FDB entries for every peer exactly what the list asks, removing stale entries; it prints each change as
 * the {@code ip}/{@code bridge} command that does the same. With {@code --watch} it re-reads the list when
 * it changes and repairs what kernel events show was changed by hand, until interrupted.
 *
 * <p>Exit status: 0 when the kernel matches the list, 1 when host-gw cannot reach a peer directly, 2 for a
 * bad node file or option.
 */
@Command(name = "overlay-agent", mixinStandardHelpOptions = true,
        description = {"Make this node's overlay (flannel's VXLAN backend, or host-gw) exactly what a node list says.",
            "Node file: one node per line, NAME POD_CIDR PUBLIC_IP VTEP_MAC; # starts a comment."})
public final class OverlayAgentCommand implements Callable<Integer> {
    /** Kernel events are read in slices this long, so an interrupt is noticed within it. */
    private static final int POLL_MILLIS = 200;
    /** How often the node file is checked for changes. */
    private static final long FILE_CHECK_NANOS = 500_000_000L;
    /** A full comparison runs this often even without events (events can be missed only by an overrun). */
    private static final long FULL_CHECK_NANOS = 60_000_000_000L;
    /** Pending work waits at most this long for events to go quiet. */
    private static final long QUIET_LIMIT_NANOS = 1_000_000_000L;
    /** After a failed reconcile, wait this long before the next try. */
    private static final long RETRY_NANOS = 2_000_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", required = true, paramLabel = "FILE", description = "The node list.")
    Path nodesFile;

    @Option(names = "--node", required = true, paramLabel = "NAME", description = "This node's name in the list.")
    String node;

    @Option(names = "-n", paramLabel = "NETNS", description = "Work in the network namespace NETNS (as ip -n).")
    String namespace;

    @Option(names = "--backend", paramLabel = "vxlan|host-gw", description = "vxlan (default) or host-gw.")
    String backend = "vxlan";

    @Option(names = "--device", paramLabel = "NAME", description = "The vxlan device (default: ${DEFAULT-VALUE}).")
    String device = "flannel.1";

    @Option(names = "--vni", paramLabel = "N", description = "The VXLAN network identifier (default: ${DEFAULT-VALUE}).")
    int vni = 1;

    @Option(names = "--port", paramLabel = "N", description = "The VXLAN UDP port (default: ${DEFAULT-VALUE}).")
    int port = 8472;

    @Option(names = "--underlay", paramLabel = "DEV",
            description = "The underlay device (default: the one holding, else routing to, this node's public IP).")
    String underlay;

    @Option(names = "--dry-run", description = "Print the plan without changing anything.")
    boolean dryRun;

    @Option(names = "--watch", description = "Keep the kernel equal to the list: re-read it on change, repair drift, until interrupted.")
    boolean watch;

    @Option(names = "--seconds", paramLabel = "N", description = "With --watch: stop after N seconds (default: until interrupted).")
    int seconds = -1;

    /** Creates the command (picocli instantiates it). */
    public OverlayAgentCommand() {
    }

    /**
     * Reconciles once, or until interrupted with {@code --watch}.
     *
     * @return 0 in sync, 1 when host-gw is refused
     * @throws IOException if the node file cannot be read
     */
    @Override
    public Integer call() throws IOException {
        OverlayReconciler reconciler = new OverlayReconciler(new OverlayReconciler.Settings(backend(), device, vni, port,
                underlay));
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun && watch) {
            throw new IllegalArgumentException("--dry-run and --watch do not go together");
        }
        NetNamespace netns = namespace == null ? null : NetNamespace.named(namespace);
        String text = read();
        List<OverlayNode> nodes = OverlayNode.parseAll(text, nodesFile.toString());
        if (nodes.stream().noneMatch(n -> n.name().equals(node))) {
            throw new IllegalArgumentException(nodesFile + ": node " + node + " is not in the node list");
        }
        try (RtnetlinkClient client = RtnetlinkClient.open(netns, RtnetlinkClient.Options.defaults().dumpRetries(3))) {
            try {
                List<OverlayChange> plan = reconciler.plan(client, nodes, node);
                print(out, plan);
                if (!dryRun) {
                    reconciler.apply(client, plan);
                }
                out.println(summary(plan));
            } catch (OverlayReconciler.Refusal refusal) {
                out.flush();
                spec.commandLine().getErr().println("overlaykit: overlay-agent: " + refusal.getMessage());
                spec.commandLine().getErr().flush();
                if (!watch) {
                    return Overlaykit.EXIT_FAILURE_ANSWER;
                }
            }
            out.flush();
            if (watch) {
                // Ctrl-C: interrupt the loop and let it close its sockets and say so before the JVM exits
                Thread loop = Thread.currentThread();
                Thread hook = new Thread(() -> {
                    loop.interrupt();
                    try {
                        loop.join(2_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "overlay-agent shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    watch(reconciler, client, netns, text, nodes, out);
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is running: it waits for us
                    }
                }
            }
        }
        return 0;
    }

    private String summary(List<OverlayChange> plan) {
        if (plan.isEmpty()) {
            return "# in sync: nothing to change";
        }
        return "# " + plan.size() + " change" + (plan.size() == 1 ? "" : "s") + (dryRun ? " planned (dry run, none applied)" : " applied");
    }

    private OverlayReconciler.Backend backend() {
        switch (backend.toLowerCase(Locale.ROOT)) {
            case "vxlan": return OverlayReconciler.Backend.VXLAN;
            case "host-gw": return OverlayReconciler.Backend.HOST_GW;
            default: throw new IllegalArgumentException("--backend \"" + backend + "\" is neither vxlan nor host-gw");
        }
    }

    private String read() throws IOException {
        try {
            return Files.readString(nodesFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(nodesFile + ": no such node file");
        }
    }

    private static void print(PrintWriter out, List<OverlayChange> plan) {
        for (OverlayChange change : plan) {
            if (change instanceof OverlayChange.DeleteLink) {
                out.println("# " + ((OverlayChange.DeleteLink) change).name() + ": " + ((OverlayChange.DeleteLink) change).reason());
            }
            out.println(change.command());
        }
    }

    /**
     * Watches the node file and the kernel: a changed file is re-read (a bad one is reported and the last
     * good list kept), and any event touching the device (or, for host-gw, a pod route) triggers a new
     * plan once events have been quiet for one poll; our own changes come back as events too, and plan
     * nothing.
     */
    private void watch(OverlayReconciler reconciler, RtnetlinkClient client, NetNamespace netns, String text,
            List<OverlayNode> initial, PrintWriter out) {
        PrintWriter err = spec.commandLine().getErr();
        boolean[] dirty = {false};
        String[] lastText = {text};
        List<OverlayNode> nodes = initial;
        long deadline = seconds < 0 ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
        try (EventSubscription events = EventSubscription.open(netns, EnumSet.allOf(EventSubscription.Group.class),
                4 << 20, false, event -> dirty[0] |= concerns(event, reconciler.settings()))) {
            out.println("# watching " + nodesFile + " and the kernel");
            out.flush();
            long nextFileCheck = System.nanoTime() + FILE_CHECK_NANOS;
            long nextFullCheck = System.nanoTime() + FULL_CHECK_NANOS;
            long notBefore = 0;
            long pendingSince = 0;
            String reason = null;
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
                int handled = events.poll(POLL_MILLIS);
                long now = System.nanoTime();
                if (dirty[0] && reason == null) {
                    reason = "kernel changed";
                    pendingSince = now;
                }
                if (now >= nextFileCheck) {
                    nextFileCheck = now + FILE_CHECK_NANOS;
                    String current = readQuietly(err);
                    if (current != null && !current.equals(lastText[0])) {
                        lastText[0] = current;
                        try {
                            nodes = OverlayNode.parseAll(current, nodesFile.toString());
                            reason = "node list changed";
                            pendingSince = now;
                        } catch (IllegalArgumentException e) {
                            err.println("overlaykit: " + e.getMessage() + " (keeping the last good list)");
                            err.flush();
                        }
                    }
                }
                if (now >= nextFullCheck && reason == null) {
                    reason = "periodic check";
                    pendingSince = now;
                }
                // act once events are quiet (a burst of changes is one reconcile), or after a second of unrelated chatter
                boolean quiet = handled == 0 || now - pendingSince > QUIET_LIMIT_NANOS;
                if (reason != null && quiet && now >= notBefore) {
                    dirty[0] = false;
                    nextFullCheck = now + FULL_CHECK_NANOS;
                    try {
                        List<OverlayChange> plan = reconciler.reconcile(client, nodes, node);
                        if (!plan.isEmpty()) {
                            out.println("# " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + reason);
                            print(out, plan);
                            out.println(summary(plan));
                            out.flush();
                        }
                        reason = null;
                    } catch (OverlayReconciler.Refusal refusal) {
                        // not transient: say it once and wait for the list or the routes to change
                        err.println("overlaykit: overlay-agent: " + refusal.getMessage());
                        err.flush();
                        reason = null;
                    } catch (RuntimeException e) {
                        err.println("overlaykit: overlay-agent: " + e.getMessage() + " (retrying)");
                        err.flush();
                        notBefore = now + RETRY_NANOS;
                    }
                }
            }
        }
        out.println("# stopped");
        out.flush();
    }

    private String readQuietly(PrintWriter err) {
        try {
            return Files.readString(nodesFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("overlaykit: cannot read " + nodesFile + ": " + e.getMessage() + " (keeping the last good list)");
            err.flush();
            return null;
        }
    }

    /** Whether an event may have changed what the agent owns. */
    static boolean concerns(NetlinkEvent event, OverlayReconciler.Settings settings) {
        String device = settings.device();
        if (event instanceof NetlinkEvent.LinkChange || event instanceof NetlinkEvent.AddressChange) {
            return true; // rare, and the underlay's MTU and address shape the device too
        }
        if (event instanceof NetlinkEvent.RouteChange) {
            Route route = ((NetlinkEvent.RouteChange) event).route();
            if (route.protocol() == OverlayReconciler.HOST_GW_PROTOCOL) {
                return true;
            }
            for (NextHop hop : route.nextHops()) {
                if (device.equals(hop.device())) {
                    return true;
                }
            }
            return false;
        }
        if (event instanceof NetlinkEvent.NeighborChange) {
            return device.equals(((NetlinkEvent.NeighborChange) event).neighbor().device());
        }
        if (event instanceof NetlinkEvent.FdbChange) {
            return device.equals(((NetlinkEvent.FdbChange) event).entry().device());
        }
        return true; // Overrun and Resync: events were lost, compare everything
    }
}
