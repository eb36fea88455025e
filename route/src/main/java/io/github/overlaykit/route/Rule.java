package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.Objects;

/**
 * A policy routing rule, as {@code ip -4 rule show} prints it
 * ({@code 100:\tfrom 192.0.2.0/24 lookup 100}).
 *
 * <p>{@link #parse(String)} reads one line of {@code ip rule show}; {@link #toString()} prints it
 * back byte for byte. Absent selectors are null (prefixes, names, ranges) or -1 (numbers).
 *
 * @param priority             the preference, rules are tried in ascending order
 * @param invert               {@code not}: the selectors must not match
 * @param from                 source prefix, or null for {@code all}
 * @param to                   destination prefix, or null for any
 * @param tos                  TOS to match exactly, 0 for any
 * @param fwmark               firewall mark, or -1 for none
 * @param fwmask               mark mask ({@code 0xffffffff} when written without one)
 * @param iif                  input interface, or null
 * @param oif                  output interface, or null
 * @param l3mdev               {@code l3mdev}: the table comes from the L3 master device
 * @param uidRange             uid range, or null
 * @param ipProto              IP protocol number, or -1
 * @param sourcePorts          source port range, or null
 * @param destinationPorts     destination port range, or null
 * @param action               what the rule does
 * @param table                table for {@link RuleAction#LOOKUP}
 * @param gotoPriority         target for {@link RuleAction#GOTO}
 * @param suppressPrefixLength {@code suppress_prefixlength}, or -1
 * @param protocol             who installed it ({@link RouteProtocol}); 0 is not printed
 */
public record Rule(long priority, boolean invert, Ipv4Prefix from, Ipv4Prefix to, int tos, long fwmark, long fwmask,
        String iif, String oif, boolean l3mdev, PortRange uidRange, int ipProto, PortRange sourcePorts,
        PortRange destinationPorts, RuleAction action, int table, long gotoPriority, int suppressPrefixLength,
        int protocol) {

    /**
     * Validates.
     *
     * @param priority             0..2^32-1
     * @param invert               not
     * @param from                 prefix or null
     * @param to                   prefix or null
     * @param tos                  0..255
     * @param fwmark               -1 or 0..2^32-1
     * @param fwmask               0..2^32-1
     * @param iif                  name or null
     * @param oif                  name or null
     * @param l3mdev               l3mdev
     * @param uidRange             range or null
     * @param ipProto              -1 or 0..255
     * @param sourcePorts          range or null
     * @param destinationPorts     range or null
     * @param action               the action
     * @param table                the table
     * @param gotoPriority         goto target
     * @param suppressPrefixLength -1 or 0..128
     * @param protocol             0..255
     */
    public Rule {
        Objects.requireNonNull(action, "action");
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("rule priority " + priority + " is outside 0..4294967295");
        }
        if (tos < 0 || tos > 255) {
            throw new IllegalArgumentException("tos " + tos + " is outside 0..255");
        }
        if (fwmark < -1 || fwmark > 0xFFFF_FFFFL || fwmask < 0 || fwmask > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("fwmark/mask outside 0..0xffffffff");
        }
        if (ipProto < -1 || ipProto > 255 || protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol outside 0..255");
        }
    }

    /**
     * A {@code from all lookup TABLE} rule.
     *
     * @param priority the preference
     * @param table    the table
     * @return the rule, protocol unspec
     */
    public static Rule lookup(long priority, int table) {
        return new Rule(priority, false, null, null, 0, -1, 0xFFFF_FFFFL, null, null, false, null, -1, null, null,
                RuleAction.LOOKUP, table, 0, -1, RouteProtocol.UNSPEC);
    }

    /**
     * Returns the kernel's three default IPv4 rules: local (0), main (32766), default (32767).
     *
     * @return the rules, protocol kernel
     */
    public static java.util.List<Rule> defaults() {
        return java.util.List.of(
                lookup(0, RouteTable.LOCAL).withProtocol(RouteProtocol.KERNEL),
                lookup(32766, RouteTable.MAIN).withProtocol(RouteProtocol.KERNEL),
                lookup(32767, RouteTable.DEFAULT).withProtocol(RouteProtocol.KERNEL));
    }

    /**
     * Returns this rule with another protocol.
     *
     * @param value 0..255
     * @return a copy
     */
    public Rule withProtocol(int value) {
        return new Rule(priority, invert, from, to, tos, fwmark, fwmask, iif, oif, l3mdev, uidRange, ipProto,
                sourcePorts, destinationPorts, action, table, gotoPriority, suppressPrefixLength, value);
    }

    /**
     * Parses one line of {@code ip -4 rule show}.
     *
     * @param line e.g. {@code "32766:\tfrom all lookup main"}
     * @return the rule
     * @throws RouteParseException with the column of the bad word
     */
    public static Rule parse(String line) {
        return RuleText.parseLine(line, "<rule>", 1);
    }

    /**
     * Returns the line {@code ip -4 rule show} prints, without the newline.
     *
     * @return e.g. {@code "0:\tfrom all lookup local"}
     */
    @Override
    public String toString() {
        return RuleText.format(this);
    }
}
