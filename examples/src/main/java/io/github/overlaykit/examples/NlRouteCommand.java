package io.github.overlaykit.examples;

import io.github.overlaykit.netlink.RouteFilter;
import io.github.overlaykit.netlink.RtnetlinkClient;
import io.github.overlaykit.route.Route;
import io.github.overlaykit.route.RouteCommand;
import io.github.overlaykit.route.RouteTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit nl route show [table N|all]} prints what {@code ip route show} prints;
 * {@code nl route add|append|prepend|replace|change|del …} takes {@code ip route} syntax.
 */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "show [table N|all] | add|append|prepend|replace|change|del ROUTE (ip route syntax)")
public final class NlRouteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    NlCommand nl;

    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "show [table N|all], or a verb and a route as for ip route")
    List<String> args = List.of();

    /** Creates the command (picocli instantiates it). */
    public NlRouteCommand() {
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
            if (verb.equals("show") || verb.equals("list")) {
                int table = RouteTable.MAIN;
                if (args.size() >= 3 && args.get(1).equals("table")) {
                    table = args.get(2).equals("all") ? -1 : RouteTable.parse(args.get(2));
                } else if (args.size() > 1) {
                    throw new IllegalArgumentException("nl route show takes only [table N|all], not " + args.subList(1, args.size()));
                }
                for (Route route : client.routes(table < 0 ? RouteFilter.ALL : RouteFilter.table(table))) {
                    // ip prints the table word only when listing more than one table
                    out.println(table < 0 ? route : route.toBuilder().table(RouteTable.MAIN).build());
                }
            } else {
                RouteCommand command = RouteCommand.parse("ip route " + String.join(" ", args));
                Route route = command.route();
                switch (command.operation()) {
                    case ADD: client.addRoute(route); break;
                    case APPEND: client.appendRoute(route); break;
                    case PREPEND: client.prependRoute(route); break;
                    case REPLACE: client.replaceRoute(route); break;
                    case CHANGE: client.changeRoute(route); break;
                    case DELETE: client.deleteRoute(route); break;
                    default: throw new IllegalArgumentException("unknown route verb " + verb);
                }
            }
        }
        out.flush();
        return 0;
    }
}
