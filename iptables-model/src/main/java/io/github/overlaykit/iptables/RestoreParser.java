package io.github.overlaykit.iptables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs iptables-save output or iptables-restore input (kube-proxy's dialect included) against a model,
 * as {@code iptables-restore [--noflush]} runs it against the kernel: {@code *table}, {@code :CHAIN
 * POLICY [p:b]}, {@code -A/-I/-D/-R/-N/-X/-F/-P/-E/-Z} and {@code COMMIT}.
 */
final class RestoreParser {
    private final String source;
    private final boolean noflush;
    private final Map<String, TableState> tables = new LinkedHashMap<>();
    private TableState current;
    private ChainState lastChain;
    private final int[] unterminatedQuote = new int[1];
    /** Start and end of the first three words of a chain declaration. */
    private final int[] declarationWords = new int[6];
    private final Tokens.Splitter splitter = new Tokens.Splitter();
    private final RuleParser ruleParser;
    private int lineNumber;
    /** The whole input; the current line is {@code text[lineStart, lineEnd)} without its CR LF. */
    private String text;
    private int lineStart;
    private int lineEnd;

    private static final class TableState {
        final String name;
        boolean declared;
        final Map<String, ChainState> chains = new LinkedHashMap<>();

        TableState(String name) {
            this.name = name;
        }
    }

    private static final class ChainState {
        final String name;
        String policy;
        Counters counters = Counters.ZERO;
        // Most kube-proxy chains hold two to four rules.
        final List<Rule> rules = new ArrayList<>(4);

        ChainState(String name, String policy) {
            this.name = name;
            this.policy = policy;
        }
    }

    RestoreParser(Ruleset base, String source, boolean noflush) {
        this.source = source;
        this.noflush = noflush;
        this.ruleParser = new RuleParser(source,
            name -> current.chains.containsKey(name) && current.chains.get(name).policy == null);
        if (base != null) {
            for (Table t : base.tables()) {
                TableState ts = new TableState(t.name());
                ts.declared = t.declared();
                for (Chain c : t.chains()) {
                    ChainState cs = new ChainState(c.name(), c.policy());
                    cs.counters = c.counters();
                    cs.rules.addAll(c.rules());
                    ts.chains.put(c.name(), cs);
                }
                tables.put(t.name(), ts);
            }
        }
    }

    private IptablesParseException error(int column, String detail) {
        String lineText = lineText();
        String excerpt = lineText.length() > 200 ? lineText.substring(0, 200) + "…" : lineText;
        return new IptablesParseException(source, lineNumber, column, excerpt, detail);
    }

    private String lineText() {
        return text.substring(lineStart, lineEnd);
    }

    Ruleset parse(String input) {
        text = input;
        // iptables-restore reads lines as C strings: it would silently cut a rule at a NUL.
        int nul = input.indexOf('\0');
        int start = 0;
        int n = input.length();
        while (start < n) {
            int end = input.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            lineNumber++;
            lineStart = start;
            lineEnd = end > start && input.charAt(end - 1) == '\r' ? end - 1 : end;
            if (nul >= 0 && nul < lineEnd) {
                throw error(nul - lineStart + 1, "NUL character in line");
            }
            line();
            start = end + 1;
        }
        if (current != null) {
            lineStart = 0;
            lineEnd = 0;
            lineNumber++;
            throw error(1, "COMMIT expected at line " + lineNumber);
        }
        List<Table> out = new ArrayList<>();
        for (TableState ts : tables.values()) {
            List<Chain> chains = new ArrayList<>();
            for (ChainState cs : ts.chains.values()) {
                chains.add(new Chain(cs.name, cs.policy, cs.counters, cs.rules));
            }
            out.add(new Table(ts.name, chains, ts.declared));
        }
        return new Ruleset(out);
    }

    private void line() {
        char first = lineStart < lineEnd ? text.charAt(lineStart) : ' ';
        if ((first == '-' || first == '[') && current != null) {
            // A rule or command (nearly every line): no String of the whole line is needed.
            command(1);
            return;
        }
        if (first == ':' && current != null && !Character.isWhitespace(text.charAt(lineEnd - 1))) {
            // A chain declaration with nothing for strip() to remove: read it in place.
            declareChain(text, lineStart, lineEnd, 1);
            return;
        }
        String raw = lineText();
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        int indent = raw.indexOf(line.charAt(0)) + 1;
        if (line.charAt(0) == '*') {
            if (current != null) {
                throw error(indent, "COMMIT expected before a new table");
            }
            String name = line.substring(1).strip();
            if (Table.builtinChains(name) == null) {
                throw error(indent + 1, "can't initialize iptables table '" + name + "': Table does not exist");
            }
            TableState ts = tables.get(name);
            if (ts == null) {
                ts = new TableState(name);
                tables.put(name, ts);
                for (String b : Table.builtinChains(name)) {
                    ts.chains.put(b, new ChainState(b, "ACCEPT"));
                }
            } else if (!noflush) {
                ts.chains.values().removeIf(c -> c.policy == null);
                ts.chains.values().forEach(c -> c.rules.clear());
            }
            current = ts;
            return;
        }
        if (line.equals("COMMIT")) {
            if (current == null) {
                throw error(indent, "COMMIT outside a table");
            }
            current = null;
            return;
        }
        if (current == null) {
            throw error(indent, "no table specified (a line before the first \"*table\")");
        }
        if (line.charAt(0) == ':') {
            declareChain(line, 0, line.length(), indent);
            return;
        }
        command(indent);
    }

    /** Runs a {@code [counters] -A/-I/-D/-R/-N/-X/-F/-Z/-P/-E …} line. */
    private void command(int indent) {
        int[] bad = unterminatedQuote;
        List<Tokens.Token> tokens = splitter.split(text, lineStart, lineEnd, bad);
        if (tokens == null) {
            throw error(bad[0], "unterminated quote");
        }
        int i = 0;
        Counters counters = null;
        Tokens.Token first = tokens.get(0);
        if (!first.quoted() && first.startsWith('[')) {
            counters = counters(first.text(), first.column());
            i++;
        }
        if (i >= tokens.size()) {
            throw error(indent, "a rule command is missing after the counters");
        }
        Tokens.Token command = tokens.get(i++);
        current.declared = true;
        String cmd = command.quoted() ? "" : command.text();
        switch (cmd) {
            case "-A": case "--append":
            case "-I": case "--insert":
            case "-D": case "--delete":
            case "-R": case "--replace": {
                ChainState chain = existing(tokens, i++, command);
                int position = -1;
                boolean numbered = i < tokens.size() && !tokens.get(i).quoted() && isRuleNumber(tokens.get(i).text());
                if (numbered && !cmd.equals("-A") && !cmd.equals("--append")) {
                    position = Integer.parseInt(tokens.get(i).text());
                    i++;
                }
                if ((cmd.equals("-D") || cmd.equals("--delete")) && position > 0) {
                    if (position > chain.rules.size()) {
                        throw error(command.column(), "index of deletion too big");
                    }
                    chain.rules.remove(position - 1);
                    return;
                }
                Rule rule = ruleParser.parse(lineNumber, text, lineStart, lineEnd, tokens, i, chain.name, counters);
                switch (cmd) {
                    case "-A": case "--append":
                        chain.rules.add(rule);
                        break;
                    case "-I": case "--insert": {
                        int at = position < 0 ? 1 : position;
                        if (at < 1 || at > chain.rules.size() + 1) {
                            throw error(command.column(), "index of insertion too big");
                        }
                        chain.rules.add(at - 1, rule);
                        break;
                    }
                    case "-R": case "--replace":
                        if (position < 1 || position > chain.rules.size()) {
                            throw error(command.column(), "index of replacement too big");
                        }
                        chain.rules.set(position - 1, rule);
                        break;
                    default: {
                        String wanted = rule.toSave();
                        boolean removed = false;
                        for (int k = 0; k < chain.rules.size() && !removed; k++) {
                            if (chain.rules.get(k).toSave().equals(wanted)) {
                                chain.rules.remove(k);
                                removed = true;
                            }
                        }
                        if (!removed) {
                            throw error(command.column(), "Bad rule (does a matching rule exist in that chain?)");
                        }
                    }
                }
                return;
            }
            case "-N": case "--new-chain": {
                Tokens.Token name = argument(tokens, i, command);
                checkNewChainName(name);
                if (i + 1 < tokens.size()) {
                    throw error(tokens.get(i + 1).column(), "unexpected argument \"" + tokens.get(i + 1).text() + "\"");
                }
                if (current.chains.containsKey(name.text())) {
                    throw error(name.column(), "Chain already exists");
                }
                current.chains.put(name.text(), new ChainState(name.text(), null));
                return;
            }
            case "-X": case "--delete-chain":
                if (i >= tokens.size()) {
                    current.chains.values().removeIf(c -> c.policy == null);
                } else {
                    ChainState chain = existing(tokens, i, command);
                    if (chain.policy != null) {
                        throw error(tokens.get(i).column(), "Can't delete built-in chain");
                    }
                    current.chains.remove(chain.name);
                }
                return;
            case "-F": case "--flush":
                if (i >= tokens.size()) {
                    current.chains.values().forEach(c -> c.rules.clear());
                } else {
                    existing(tokens, i, command).rules.clear();
                }
                return;
            case "-Z": case "--zero":
                return;
            case "-P": case "--policy": {
                ChainState chain = existing(tokens, i, command);
                Tokens.Token policy = argument(tokens, i + 1, command);
                setPolicy(chain, policy.text(), policy.column());
                return;
            }
            case "-E": case "--rename-chain": {
                ChainState chain = existing(tokens, i, command);
                Tokens.Token name = argument(tokens, i + 1, command);
                checkNewChainName(name);
                if (chain.policy != null) {
                    throw error(name.column(), "Can't rename built-in chain");
                }
                Map<String, ChainState> renamed = new LinkedHashMap<>();
                for (ChainState c : current.chains.values()) {
                    renamed.put(c == chain ? name.text() : c.name, c == chain ? copyNamed(c, name.text()) : c);
                }
                current.chains.clear();
                current.chains.putAll(renamed);
                return;
            }
            default:
                throw error(command.column(), "unknown command \"" + command.text() + "\"");
        }
    }

    private static boolean isRuleNumber(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return false;
        }
        for (int k = 0; k < text.length(); k++) {
            if (text.charAt(k) < '0' || text.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }

    private static ChainState copyNamed(ChainState c, String name) {
        ChainState copy = new ChainState(name, c.policy);
        copy.counters = c.counters;
        for (Rule r : c.rules) {
            copy.rules.add(r.inChain(name));
        }
        return copy;
    }

    private void checkNewChainName(Tokens.Token name) {
        boolean bare = !name.text().isEmpty();
        for (int k = 0; k < name.text().length() && bare; k++) {
            char c = name.text().charAt(k);
            bare = c > ' ' && c != '"' && c != 127;
        }
        if (!bare || name.text().startsWith("-") || name.text().startsWith("!")) {
            throw error(name.column(), "Invalid chain name `" + name.text() + "'");
        }
        if (Extension.isTarget(name.text())) {
            throw error(name.column(), "chain name may not clash with target name");
        }
    }

    private Tokens.Token argument(List<Tokens.Token> tokens, int i, Tokens.Token command) {
        if (i >= tokens.size()) {
            throw error(command.column(), "option \"" + command.text() + "\" requires an argument");
        }
        return tokens.get(i);
    }

    private ChainState existing(List<Tokens.Token> tokens, int i, Tokens.Token command) {
        Tokens.Token name = argument(tokens, i, command);
        // Rules come grouped by chain: the previous line's chain name saves a String per rule.
        ChainState chain = current.chains.get(lastChain != null && name.is(lastChain.name) ? lastChain.name : name.text());
        lastChain = chain;
        if (chain == null) {
            throw error(name.column(), "Chain '" + name.text() + "' does not exist");
        }
        return chain;
    }

    /**
     * Runs {@code :NAME POLICY [packets:bytes]}, the stripped line being {@code line[from, to)}, read in place
     * (30,000 of these in a 10,000-service kube-proxy input).
     */
    private void declareChain(String line, int from, int to, int indent) {
        int[] at = declarationWords;
        int parts = words(line, from + 1, to, at);
        if (parts < 2 || at[1] == at[0]) {
            throw error(indent, "bad chain declaration, expected \":CHAIN POLICY [packets:bytes]\"");
        }
        // Shared with the rules that append to and jump to it.
        String name = splitter.words.get(line, at[0], at[1]);
        Counters counters = Counters.ZERO;
        if (parts >= 3 && !(at[5] - at[4] == 5 && line.startsWith("[0:0]", at[4]))) {
            String text = line.substring(at[4], at[5]);
            counters = counters(text, indent + line.indexOf(text, from + name.length() + 1) - from);
        }
        current.declared = true;
        boolean builtin = Table.builtinChains(current.name).contains(name);
        ChainState chain = current.chains.get(name);
        if (builtin) {
            if (!(at[3] - at[2] == 1 && line.charAt(at[2]) == '-')) {
                setPolicy(chain, line.substring(at[2], at[3]), indent + name.length() + 2);
            }
            chain.counters = counters;
            return;
        }
        if (name.startsWith("-") || Extension.isTarget(name)) {
            throw error(indent + 1, "invalid chain name `" + name + "'");
        }
        if (chain == null) {
            chain = new ChainState(name, null);
            current.chains.put(name, chain);
        } else {
            // A declared user chain is flushed, also with --noflush (kube-proxy relies on it).
            chain.rules.clear();
        }
        chain.counters = counters;
    }

    /**
     * Finds the words of {@code line[from, to)} separated by runs of spaces and tabs (the first one even if
     * empty), without making Strings of them.
     *
     * @param bounds receives start and end of the first three words
     * @return the number of words
     */
    private static int words(String line, int from, int to, int[] bounds) {
        int count = 0;
        int i = from;
        while (i <= to) {
            int start = i;
            while (i < to && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            if (i > start || count == 0) {
                if (count < 3) {
                    bounds[2 * count] = start;
                    bounds[2 * count + 1] = i;
                }
                count++;
            }
            while (i < to && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i == to) {
                break;
            }
        }
        return count;
    }

    private void setPolicy(ChainState chain, String policy, int column) {
        if (chain.policy == null) {
            throw error(column, "Can't set policy `" + policy + "' on user chain `" + chain.name + "'");
        }
        if (!policy.equals("ACCEPT") && !policy.equals("DROP")) {
            throw error(column, "Bad built-in chain policy `" + policy + "'");
        }
        chain.policy = policy;
    }

    private Counters counters(String text, int column) {
        if (text.equals("[0:0]")) {
            return Counters.ZERO;
        }
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw error(column, "bad counters \"" + text + "\", expected [packets:bytes]");
        }
        int colon = text.indexOf(':');
        try {
            return new Counters(Long.parseUnsignedLong(text.substring(1, colon)),
                Long.parseUnsignedLong(text.substring(colon + 1, text.length() - 1)));
        } catch (RuntimeException e) {
            throw error(column, "bad counters \"" + text + "\", expected [packets:bytes]");
        }
    }
}
