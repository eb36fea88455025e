package io.github.overlaykit.examples;

import io.github.overlaykit.netlink.EventSubscription;
import io.github.overlaykit.netlink.NetlinkEvent;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit nl monitor [route|neigh|link|addr]…}: one line per kernel event; routes,
 * neighbours and FDB entries as {@code ip monitor} prints them ({@code Deleted } before removals).
 * Runs until interrupted, or for {@code --seconds N}.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true, description = "Print one line per event: [route|neigh|link|addr]…")
public final class NlMonitorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    NlCommand nl;

    @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds (default: run until interrupted).")
    int seconds = -1;

    @Parameters(paramLabel = "OBJECT", arity = "0..*", description = "route, neigh, link, addr (default: all)")
    List<String> objects = List.of();

    /** Creates the command (picocli instantiates it). */
    public NlMonitorCommand() {
    }

    /**
     * Prints events.
     *
     * @return 0
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public Integer call() throws InterruptedException {
        Set<EventSubscription.Group> groups = EnumSet.noneOf(EventSubscription.Group.class);
        for (String object : objects) {
            switch (object.toLowerCase(Locale.ROOT)) {
                case "route": groups.add(EventSubscription.Group.ROUTE); break;
                case "neigh": groups.add(EventSubscription.Group.NEIGHBOR); break;
                case "link": groups.add(EventSubscription.Group.LINK); break;
                case "addr":
                case "address": groups.add(EventSubscription.Group.ADDRESS); break;
                default: throw new IllegalArgumentException("nl monitor: unknown object \"" + object + "\" (route, neigh, link, addr)");
            }
        }
        if (groups.isEmpty()) {
            groups = EnumSet.allOf(EventSubscription.Group.class);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (EventSubscription events = EventSubscription.start(nl.netns(), groups, e -> {
            out.println(line(e));
            out.flush();
        })) {
            long deadline = seconds < 0 ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
            while (events.isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (events.failure() != null) {
                throw new IllegalStateException("nl monitor stopped: " + events.failure().getMessage(), events.failure());
            }
        }
        return 0;
    }

    private static String line(NetlinkEvent event) {
        if (event instanceof NetlinkEvent.LinkChange) {
            NetlinkEvent.LinkChange c = (NetlinkEvent.LinkChange) event;
            return (c.kind() == NetlinkEvent.Kind.DELETE ? "Deleted " : "") + c.link().index() + ": " + c.link().name()
                    + ": mtu " + c.link().mtu() + " state " + (c.link().isOperational() ? "UP" : "DOWN");
        }
        if (event instanceof NetlinkEvent.AddressChange) {
            NetlinkEvent.AddressChange c = (NetlinkEvent.AddressChange) event;
            return (c.kind() == NetlinkEvent.Kind.DELETE ? "Deleted " : "") + c.address().device() + "    inet "
                    + c.address().address() + "/" + c.address().prefixLength();
        }
        if (event instanceof NetlinkEvent.Overrun) {
            return "# overrun: the kernel dropped events; resyncing";
        }
        if (event instanceof NetlinkEvent.Resync) {
            NetlinkEvent.Resync r = (NetlinkEvent.Resync) event;
            return "# resync: " + r.links().size() + " links, " + r.addresses().size() + " addresses, " + r.routes().size()
                    + " routes, " + r.neighbors().size() + " neighbours, " + r.fdb().size() + " fdb entries";
        }
        return event.toString();
    }
}
