package io.github.overlaykit.route;

import java.util.List;

/**
 * Whole listings in iproute2 6.1's text: {@code ip -4 route show table all}, {@code ip -4 rule show},
 * {@code ip neigh show} and {@code bridge fdb show}. Parsing then formatting gives back the input
 * byte for byte (LF line ends; CRLF input is accepted).
 *
 * <p>Every parse error is a {@link RouteParseException} naming the source, line and column.
 */
public final class IpText {
    private IpText() {
    }

    /**
     * Parses {@code ip -4 route show [table all]} output.
     *
     * @param text   the listing
     * @param source a name for errors, e.g. the file name
     * @return the routes in listing order
     */
    public static List<Route> parseRoutes(CharSequence text, String source) {
        return RouteText.parseRoutes(text, source);
    }

    /**
     * Prints routes as {@code ip -4 route show table all} does, one entry per line with a final newline.
     *
     * @param routes the routes
     * @return the text
     */
    public static String formatRoutes(List<Route> routes) {
        StringBuilder out = new StringBuilder(routes.size() * 48);
        for (Route route : routes) {
            RouteText.format(route, out).append('\n');
        }
        return out.toString();
    }

    /**
     * Parses {@code ip -4 rule show} output.
     *
     * @param text   the listing
     * @param source a name for errors
     * @return the rules in listing order
     */
    public static List<Rule> parseRules(CharSequence text, String source) {
        return RuleText.parseRules(text, source);
    }

    /**
     * Prints rules as {@code ip -4 rule show} does.
     *
     * @param rules the rules
     * @return the text with a newline after each rule
     */
    public static String formatRules(List<Rule> rules) {
        StringBuilder out = new StringBuilder(rules.size() * 32);
        for (Rule rule : rules) {
            out.append(RuleText.format(rule)).append('\n');
        }
        return out.toString();
    }

    /**
     * Parses {@code ip neigh show} output (IPv4 entries).
     *
     * @param text   the listing
     * @param source a name for errors
     * @return the entries
     */
    public static List<Neighbor> parseNeighbors(CharSequence text, String source) {
        return NeighborText.parseNeighbors(text, source);
    }

    /**
     * Prints neighbours as {@code ip neigh show} does.
     *
     * @param neighbors the entries
     * @return the text with a newline after each entry
     */
    public static String formatNeighbors(List<Neighbor> neighbors) {
        StringBuilder out = new StringBuilder(neighbors.size() * 56);
        for (Neighbor n : neighbors) {
            out.append(NeighborText.format(n)).append('\n');
        }
        return out.toString();
    }

    /**
     * Parses {@code bridge fdb show} output.
     *
     * @param text   the listing
     * @param source a name for errors
     * @return the entries
     */
    public static List<FdbEntry> parseFdbEntries(CharSequence text, String source) {
        return NeighborText.parseFdbEntries(text, source);
    }

    /**
     * Prints FDB entries as {@code bridge fdb show} does.
     *
     * @param entries the entries
     * @return the text with a newline after each entry
     */
    public static String formatFdbEntries(List<FdbEntry> entries) {
        StringBuilder out = new StringBuilder(entries.size() * 56);
        for (FdbEntry e : entries) {
            out.append(NeighborText.formatFdb(e)).append('\n');
        }
        return out.toString();
    }

    /**
     * Reads the devices from {@code ip -d link show} (or {@code ip link show}, without vxlan details):
     * index, name, UP/LOWER_UP, mtu, {@code link/ether} and the vxlan line's id, local, dev, dstport,
     * nolearning. Other details are skipped.
     *
     * @param text   the listing
     * @param source a name for errors
     * @return the links
     */
    public static List<Link> parseLinks(CharSequence text, String source) {
        return LinkText.parseLinks(text, source);
    }
}
