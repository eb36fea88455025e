package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Parses the words of one rule specification ({@code -s … -m … -j …}) as iptables 1.8.9 does: extension
 * options go to the latest match (or the target) that knows them, and a {@code --dport} after
 * {@code -p tcp} loads the tcp match implicitly at that position.
 */
final class RuleParser {
    private static final Map<String, Integer> SERVICES = Map.ofEntries(Map.entry("ftp", 21), Map.entry("ssh", 22),
        Map.entry("telnet", 23), Map.entry("smtp", 25), Map.entry("domain", 53), Map.entry("bootps", 67),
        Map.entry("bootpc", 68), Map.entry("http", 80), Map.entry("ntp", 123), Map.entry("snmp", 161),
        Map.entry("https", 443));

    /** Targets iptables knows that this model keeps verbatim. */
    static final List<String> OPAQUE_TARGETS = List.of("CT", "TCPMSS", "NFQUEUE", "CLASSIFY", "DSCP", "TOS", "TTL",
        "CHECKSUM", "SET", "AUDIT", "SECMARK", "CONNSECMARK", "TEE", "HMARK", "IDLETIMER", "LED", "RATEEST",
        "SYNPROXY", "TPROXY", "NETMAP", "CLUSTERIP", "ECN", "TCPOPTSTRIP", "ULOG", "SNPT", "DNPT", "QUEUE");

    private final String source;
    private final Predicate<String> isChain;
    private int lineNumber;
    /** The whole input; the rule's line is {@code text[lineStart, lineEnd)}. */
    private String text;
    private int lineStart;
    private int lineEnd;
    private List<Tokens.Token> tokens;
    private int index;

    private Ipv4Prefix src;
    private boolean srcNeg;
    private Ipv4Prefix dst;
    private boolean dstNeg;
    private String in;
    private boolean inNeg;
    private String out;
    private boolean outNeg;
    private int protocol;
    private boolean protocolNeg;
    private boolean fragment;
    private boolean fragmentNeg;
    private final List<Extension> matches = new ArrayList<>();
    private Extension target;
    private String jumpChain;
    private boolean goTo;
    private Counters counters;

    /**
     * Creates a parser to reuse for every rule of one input (a 100k-rule parse made one per rule).
     *
     * @param source  the input's name for errors
     * @param isChain whether a name is a user chain of the current table
     */
    RuleParser(String source, Predicate<String> isChain) {
        this.source = source;
        this.isChain = isChain;
    }

    IptablesParseException error(Tokens.Token at, String detail) {
        String lineText = text.substring(lineStart, lineEnd);
        return new IptablesParseException(source, lineNumber, at == null ? lineText.length() + 1 : at.column(),
            lineText.length() > 200 ? lineText.substring(0, 200) + "…" : lineText, detail);
    }

    /**
     * Parses the words of one rule.
     *
     * @param line         the 1-based line number
     * @param input        the whole input
     * @param start        where the line starts in it
     * @param end          where it ends (before CR LF)
     * @param words        the line's words
     * @param first        the first word of the rule specification
     * @param chain        the chain it goes to
     * @param lineCounters {@code [p:b]} before the command, or null
     * @return the rule
     */
    Rule parse(int line, String input, int start, int end, List<Tokens.Token> words, int first, String chain,
               Counters lineCounters) {
        lineNumber = line;
        text = input;
        lineStart = start;
        lineEnd = end;
        tokens = words;
        index = first;
        src = null;
        srcNeg = false;
        dst = null;
        dstNeg = false;
        in = null;
        inNeg = false;
        out = null;
        outNeg = false;
        protocol = 0;
        protocolNeg = false;
        fragment = false;
        fragmentNeg = false;
        matches.clear();
        target = null;
        jumpChain = null;
        goTo = false;
        pendingBang = false;
        return parse(chain, lineCounters);
    }

    private Rule parse(String chain, Counters lineCounters) {
        counters = lineCounters;
        boolean negate = false;
        Tokens.Token negation = null;
        while (index < tokens.size()) {
            Tokens.Token t = tokens.get(index++);
            if (t.is("!")) {
                if (negate) {
                    throw error(t, "multiple \"!\" flags not allowed");
                }
                negate = true;
                negation = t;
                continue;
            }
            String word = t.quoted() ? "" : t.text();
            switch (word) {
                case "-s": case "--source": case "--src":
                    src = prefix(t, argToken(t));
                    srcNeg = negate || pendingBang;
                    break;
                case "-d": case "--destination": case "--dst":
                    dst = prefix(t, argToken(t));
                    dstNeg = negate || pendingBang;
                    break;
                case "-i": case "--in-interface":
                    in = iface(arg(t));
                    inNeg = negate || pendingBang;
                    break;
                case "-o": case "--out-interface":
                    out = iface(arg(t));
                    outNeg = negate || pendingBang;
                    break;
                case "-p": case "--protocol": {
                    Tokens.Token p = argToken(t);
                    int number = Rule.protocolNumber(p.text());
                    if (number < 0) {
                        throw error(p, "unknown protocol \"" + p.text() + "\" specified");
                    }
                    protocol = number;
                    protocolNeg = negate || pendingBang;
                    break;
                }
                case "-f": case "--fragment":
                    fragment = true;
                    fragmentNeg = negate;
                    break;
                case "-m": case "--match": {
                    if (negate) {
                        throw error(negation, "unexpected ! flag before --match");
                    }
                    Tokens.Token name = argToken(t);
                    word(name, "match name");  // printed back bare: a quoted name with spaces would split
                    matches.add(Extension.match(name.text(), this, name));
                    break;
                }
                case "-j": case "--jump":
                case "-g": case "--goto": {
                    if (negate) {
                        throw error(negation, "cannot have ! before " + word);
                    }
                    if (target != null || jumpChain != null) {
                        throw error(t, "multiple targets not allowed");
                    }
                    Tokens.Token name = argToken(t);
                    name.sharedText();
                    boolean isGoto = word.equals("-g") || word.equals("--goto");
                    word(name, "chain or target name");
                    boolean verdict = name.text().equals("ACCEPT") || name.text().equals("DROP")
                        || name.text().equals("RETURN");
                    if (isGoto && (verdict || Extension.isTarget(name.text()))) {
                        throw error(name, "-g needs a user chain, not " + name.text());
                    }
                    if (isGoto || verdict || isChain.test(name.text()) || !Extension.isTarget(name.text())) {
                        if (name.text().isEmpty() || name.text().startsWith("-")) {
                            throw error(name, "bad chain name \"" + name.text() + "\"");
                        }
                        jumpChain = name.text();
                        goTo = isGoto;
                    } else {
                        target = Extension.target(name.text(), this, name);
                    }
                    break;
                }
                case "-c": case "--set-counters": {
                    Tokens.Token packets = argToken(t);
                    Tokens.Token bytes = argToken(t);
                    counters = new Counters(number(packets), number(bytes));
                    break;
                }
                default:
                    if (!word.startsWith("-") || word.length() < 2) {
                        throw error(t, "bad argument \"" + t.text() + "\"");
                    }
                    dispatch(t, word, negate);
            }
            pendingBang = false;
            negate = false;
        }
        if (negate) {
            throw error(negation, "\"!\" at the end of the rule");
        }
        List<Match> built;
        // Fixed-arity List.of keeps the elements without an array to copy (most rules have one or two).
        switch (matches.size()) {
            case 0:
                built = List.of();
                break;
            case 1:
                built = List.of(recent(matches.get(0).buildMatch()));
                break;
            case 2: {
                Match first = recent(matches.get(0).buildMatch());
                built = List.of(first, recent(matches.get(1).buildMatch()));
                break;
            }
            default: {
                Match[] all = new Match[matches.size()];
                for (int k = 0; k < all.length; k++) {
                    all[k] = recent(matches.get(k).buildMatch());
                }
                built = List.of(all);
            }
        }
        Target builtTarget = jumpChain != null ? jumpTarget(jumpChain) : target == null ? null : target.buildTarget();
        return new Rule(chain, lineNumber, counters, recent(src), srcNeg, recent(dst), dstNeg, in, inNeg, out, outNeg,
            protocol, protocolNeg, fragment, fragmentNeg, built, builtTarget, goTo);
    }

    /** Values built lately, by hash: the model keeps one of equal neighbours (the same comment, tcp match). */
    private final Object[] recentValues = new Object[256];

    /**
     * Returns an equal value built lately, or this one (remembered): kube-proxy repeats a service's comment,
     * {@code -m tcp}, probability and masquerade source across its rules, and a parsed model is smaller and
     * cheaper to collect when they share one immutable value.
     */
    private <T> T recent(T value) {
        if (value == null) {
            return null;
        }
        int hash = value.hashCode();
        int slot = (hash ^ (hash >>> 16)) & (recentValues.length - 1);
        Object seen = recentValues[slot];
        if (seen != null && seen.getClass() == value.getClass() && seen.equals(value)) {
            @SuppressWarnings("unchecked")
            T same = (T) seen;
            return same;
        }
        recentValues[slot] = value;
        return value;
    }

    /**
     * Recent jump values by name hash: kube-proxy jumps to KUBE-MARK-MASQ from tens of thousands of rules,
     * which then share one (a map of every name would cost more than it saves).
     */
    private final Target.Jump[] recentJumps = new Target.Jump[64];

    private Target jumpTarget(String name) {
        switch (name) {
            case "ACCEPT":
                return Target.Verdict.ACCEPT;
            case "DROP":
                return Target.Verdict.DROP;
            case "RETURN":
                return Target.Verdict.RETURN;
            default: {
                int slot = name.hashCode() & (recentJumps.length - 1);
                Target.Jump jump = recentJumps[slot];
                if (jump == null || !jump.chain().equals(name)) {
                    jump = new Target.Jump(name);
                    recentJumps[slot] = jump;
                }
                return jump;
            }
        }
    }

    private void dispatch(Tokens.Token t, String option, boolean negate) {
        if (target != null && target.option(option, negate, t)) {
            return;
        }
        for (int i = matches.size() - 1; i >= 0; i--) {
            if (matches.get(i).option(option, negate, t)) {
                return;
            }
        }
        // An option of the protocol's match without "-m tcp" loads that match here, as iptables does.
        String implicit = protocol == 6 ? "tcp" : protocol == 17 ? "udp" : protocol == 1 ? "icmp" : null;
        if (implicit != null && !protocolNeg) {
            boolean loaded = false;
            for (Extension e : matches) {
                loaded |= e.name.equals(implicit);
            }
            if (!loaded) {
                Extension e = Extension.match(implicit, this, t);
                if (e.option(option, negate, t)) {
                    matches.add(e);
                    return;
                }
            }
        }
        throw error(t, "unknown option \"" + option + "\"");
    }

    /** Set when an old-style {@code --opt ! value} negation was read by {@link #arg}. */
    boolean pendingBang;

    Tokens.Token argToken(Tokens.Token option) {
        if (index >= tokens.size()) {
            throw error(option, "option \"" + option.text() + "\" requires an argument");
        }
        Tokens.Token t = tokens.get(index++);
        if (t.is("!")) {
            // iptables 1.4 wrote "--dport ! 22"; 1.8 rejects it but old dumps carry it.
            pendingBang = true;
            if (index >= tokens.size()) {
                throw error(option, "option \"" + option.text() + "\" requires an argument");
            }
            t = tokens.get(index++);
        }
        return t;
    }

    String arg(Tokens.Token option) {
        return argToken(option).text();
    }

    boolean nextIsArgument() {
        return index < tokens.size() && (tokens.get(index).quoted() || !tokens.get(index).text().startsWith("-")
            || tokens.get(index).text().length() < 2) && !tokens.get(index).is("!");
    }

    Tokens.Token next() {
        return tokens.get(index++);
    }

    long number(Tokens.Token t) {
        try {
            return Long.parseUnsignedLong(t.text());
        } catch (NumberFormatException e) {
            throw error(t, "\"" + t.text() + "\" is not a number");
        }
    }

    int integer(Tokens.Token t, long max) {
        long value;
        try {
            value = t.text().startsWith("0x") || t.text().startsWith("0X")
                ? Long.parseLong(t.text().substring(2), 16) : Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw error(t, "\"" + t.text() + "\" is not a number");
        }
        if (value < 0 || value > max) {
            throw error(t, "value " + t.text() + " is out of range 0-" + max);
        }
        return (int) value;
    }

    /** Parses a 32-bit mark, decimal or hex. */
    int mark(Tokens.Token t, String text) {
        try {
            long value = text.startsWith("0x") || text.startsWith("0X")
                ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
            if (value < 0 || value > 0xFFFFFFFFL) {
                throw error(t, "mark \"" + text + "\" is out of range");
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw error(t, "bad mark \"" + text + "\"");
        }
    }

    /** Parses {@code VALUE[/MASK]} into {value, mask}; mask defaults to all ones. */
    int[] markAndMask(Tokens.Token t) {
        String text = t.text();
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new int[] {mark(t, text), -1};
        }
        return new int[] {mark(t, text.substring(0, slash)), mark(t, text.substring(slash + 1))};
    }

    /**
     * Parses {@code ADDRESS[/LENGTH|/MASK]} straight from the word (a String per address was a measurable
     * share of a 100k-rule parse).
     */
    Ipv4Prefix prefix(Tokens.Token option, CharSequence text) {
        Tokens.Token at = tokens.get(index - 1);
        int slash = -1;
        boolean comma = false;
        boolean dotAfterSlash = false;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == ',') {
                comma = true;
            } else if (c == '/' && slash < 0) {
                slash = k;
            } else if (c == '.' && slash >= 0) {
                dotAfterSlash = true;
            }
        }
        if (comma) {
            throw error(at, "address lists (\"" + text + "\") are not supported; write one rule per address");
        }
        try {
            if (dotAfterSlash) {
                int mask = Ipv4Address.parseInt(text, slash + 1, text.length());
                int length = Ipv4Prefix.lengthOfMask(mask);
                if (length < 0) {
                    throw error(at, "non-contiguous mask \"" + text.toString().substring(slash + 1)
                        + "\" is not supported");
                }
                return Ipv4Prefix.containing(Ipv4Address.parseInt(text, 0, slash), length);
            }
            return Ipv4Prefix.parseLenient(text);
        } catch (IllegalArgumentException e) {
            throw error(at, "host/network \"" + text + "\" not found (only numeric IPv4 addresses are supported)");
        }
    }

    /** Checks a name that is printed back bare: no whitespace, quotes or control characters. */
    String word(Tokens.Token t, String what) {
        String text = t.text();
        boolean ok = !text.isEmpty() && !text.startsWith("!");
        for (int i = 0; i < text.length() && ok; i++) {
            char c = text.charAt(i);
            ok = c > ' ' && c != '"' && c != '\'' && c != 127;
        }
        if (!ok) {
            throw error(t, "invalid " + what + " \"" + text + "\"");
        }
        return text;
    }

    private String iface(String name) {
        Tokens.Token at = tokens.get(index - 1);
        word(at, "interface name");
        if (name.isEmpty() || name.length() > 15) {
            throw error(at, "interface name \"" + name + "\" must be shorter than 16 characters");
        }
        return name.equals("+") ? null : name;
    }

    PortRange ports(Tokens.Token t, String text, char separator) {
        int sep = text.indexOf(separator);
        try {
            if (sep < 0) {
                return PortRange.of(port(t, text));
            }
            int first = sep == 0 ? 0 : port(t, text.substring(0, sep));
            int last = sep == text.length() - 1 ? 65535 : port(t, text.substring(sep + 1));
            return new PortRange(first, last);
        } catch (IllegalArgumentException e) {
            throw error(t, "invalid port range \"" + text + "\"");
        }
    }

    private int port(Tokens.Token t, String text) {
        boolean digits = !text.isEmpty() && text.length() <= 5;
        for (int k = 0; k < text.length() && digits; k++) {
            digits = Character.isDigit(text.charAt(k));
        }
        Integer service = digits ? null : SERVICES.get(text.toLowerCase(Locale.ROOT));
        if (service != null) {
            return service;
        }
        if (!digits) {
            throw error(t, "invalid port/service \"" + text + "\" specified");
        }
        int value = Integer.parseInt(text);
        if (value > 65535) {
            throw error(t, "invalid port/service \"" + text + "\" specified");
        }
        return value;
    }

    int addressOf(Tokens.Token t, String text) {
        return addressOf(t, text, 0, text.length());
    }

    /** Parses the address {@code text[start, end)}. */
    int addressOf(Tokens.Token t, CharSequence text, int start, int end) {
        try {
            return Ipv4Address.parseInt(text, start, end);
        } catch (IllegalArgumentException e) {
            throw error(t, "bad IP address \"" + text.subSequence(start, end) + "\"");
        }
    }

    int protocolOf(Tokens.Token t) {
        return protocol;
    }
}
