package io.github.overlaykit.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Untrusted {@code ip}/{@code bridge} text: only {@link RouteParseException} (with a line and column)
 * may escape the parsers, and whatever parses prints to text that parses back to the same text.
 */
class RouteTextFuzzTest {

    private static void located(RouteParseException e) {
        assertTrue(e.line() >= 1, e::getMessage);
        assertTrue(e.column() >= 1, e::getMessage);
    }

    /** {@code ip -4 route show} text, and lookups on what it describes. */
    @FuzzTest(maxDuration = "20s")
    void routesRoundTrip(byte[] data) {
        if (data == null) {
            return;
        }
        String text = new String(data, StandardCharsets.UTF_8);
        java.util.List<Route> routes;
        try {
            routes = IpText.parseRoutes(text, "fuzz");
        } catch (RouteParseException e) {
            located(e);
            return;
        }
        String printed = IpText.formatRoutes(routes);
        assertEquals(printed, IpText.formatRoutes(IpText.parseRoutes(printed, "printed")));
        Fib fib = Fib.of(routes, null);
        for (Route route : routes) {
            LookupResult answer = fib.lookup(route.destination().address());
            answer.fibmatchText();
            answer.getText();
        }
    }

    /** {@code ip -4 rule show} text. */
    @FuzzTest(maxDuration = "20s")
    void rulesRoundTrip(byte[] data) {
        if (data == null) {
            return;
        }
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            String printed = IpText.formatRules(IpText.parseRules(text, "fuzz"));
            assertEquals(printed, IpText.formatRules(IpText.parseRules(printed, "printed")));
        } catch (RouteParseException e) {
            located(e);
        }
    }

    /** {@code ip neigh show}, {@code bridge fdb show} and {@code ip -d link show} text. */
    @FuzzTest(maxDuration = "20s")
    void neighboursFdbAndLinks(byte[] data) {
        if (data == null) {
            return;
        }
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            String printed = IpText.formatNeighbors(IpText.parseNeighbors(text, "fuzz"));
            assertEquals(printed, IpText.formatNeighbors(IpText.parseNeighbors(printed, "printed")));
        } catch (RouteParseException e) {
            located(e);
        }
        try {
            String printed = IpText.formatFdbEntries(IpText.parseFdbEntries(text, "fuzz"));
            assertEquals(printed, IpText.formatFdbEntries(IpText.parseFdbEntries(printed, "printed")));
        } catch (RouteParseException e) {
            located(e);
        }
        try {
            IpText.parseLinks(text, "fuzz");
        } catch (RouteParseException e) {
            located(e);
        }
    }

    /** {@code ip route add|append|replace|del …} commands, applied to a small live table. */
    @FuzzTest(maxDuration = "20s")
    void commands(byte[] data) {
        if (data == null) {
            return;
        }
        String text = new String(data, StandardCharsets.UTF_8);
        java.util.List<RouteCommand> commands;
        try {
            commands = RouteCommand.parseScript(text, "fuzz");
        } catch (RouteParseException e) {
            located(e);
            return;
        }
        Fib fib = Fib.of(IpText.parseRoutes("192.0.2.0/24 dev d0 proto kernel scope link src 192.0.2.1 \n"
                + "local 192.0.2.1 dev d0 table local proto kernel scope host src 192.0.2.1 \n", "seed"), null);
        for (RouteCommand command : commands) {
            RouteCommand again = RouteCommand.parse(command.toString());
            assertEquals(command, again, command::toString);
            try {
                fib.apply(command);
            } catch (RouteUpdateException e) {
                assertTrue(e.ipText().startsWith("RTNETLINK answers: ") || e.ipText().startsWith("Error: "));
            }
        }
        String listing = IpText.formatRoutes(fib.routes());
        assertEquals(listing, IpText.formatRoutes(IpText.parseRoutes(listing, "listing")));
    }
}
