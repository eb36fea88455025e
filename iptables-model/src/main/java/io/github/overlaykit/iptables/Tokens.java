package io.github.overlaykit.iptables;

import java.util.ArrayList;
import java.util.List;

/** The restore tokenizer and the save quoting of iptables 1.8.9, which are not each other's inverse. */
final class Tokens {
    private Tokens() {
    }

    /**
     * One word of a restore line.
     *
     * @param text   the word with quotes removed and escapes resolved
     * @param column 1-based column where the word starts
     * @param quoted whether any part of it was quoted (a quoted {@code "!"} is not a negation)
     */
    record Token(String text, int column, boolean quoted) {
        boolean is(String word) {
            return !quoted && text.equals(word);
        }
    }

    /**
     * Splits a line as {@code add_param_to_argv()} does: whitespace separates words, {@code "} toggles
     * quoting anywhere in a word, inside quotes {@code \x} yields {@code x}, outside a backslash is literal.
     *
     * @return the words, or null with {@code error[0]} set to the column of an unterminated quote
     */
    static List<Token> split(String line, int[] error) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
                continue;
            }
            int start = i;
            // Fast path: a bare word without quotes is a substring.
            int end = i;
            while (end < n) {
                char d = line.charAt(end);
                if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == '"') {
                    break;
                }
                end++;
            }
            if (end == n || line.charAt(end) != '"') {
                out.add(new Token(word(line, start, end), start + 1, false));
                i = end;
                continue;
            }
            StringBuilder word = new StringBuilder();
            boolean inQuotes = false;
            boolean quoted = false;
            while (i < n) {
                c = line.charAt(i);
                if (inQuotes) {
                    if (c == '\\' && i + 1 < n) {
                        word.append(line.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (c == '"') {
                        inQuotes = false;
                    } else {
                        word.append(c);
                    }
                } else if (c == '"') {
                    inQuotes = true;
                    quoted = true;
                } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    break;
                } else {
                    word.append(c);
                }
                i++;
            }
            if (inQuotes) {
                error[0] = start + 1;
                return null;
            }
            out.add(new Token(word.toString(), start + 1, quoted));
        }
        return out;
    }

    /** Words most rule lines repeat; sharing one String each keeps a 100k-rule parse from allocating them. */
    private static final String[] COMMON = {"!", "-A", "-I", "-m", "-j", "-g", "-p", "-s", "-d", "-i", "-o", "tcp",
        "udp", "icmp", "comment", "--comment", "--dport", "--sport", "statistic", "--mode", "random",
        "--probability", "DNAT", "--to-destination", "KUBE-MARK-MASQ", "KUBE-SERVICES", "KUBE-NODEPORTS",
        "KUBE-POSTROUTING", "recent", "--name", "--set", "--rcheck", "--seconds", "--reap", "addrtype",
        "--src-type", "--dst-type", "LOCAL", "MARK", "RETURN", "ACCEPT", "DROP", "REJECT", "mark", "--mark",
        "conntrack", "--ctstate", "NEW", "multiport", "--dports", "MASQUERADE", "--set-xmark", "--or-mark",
        "nfacct", "--nfacct-name", "80", "443", "COMMIT"};
    /** {@link #COMMON} by length, then first character. */
    private static final String[][] COMMON_BY_LENGTH = new String[32][];

    static {
        for (int length = 0; length < COMMON_BY_LENGTH.length; length++) {
            List<String> same = new ArrayList<>();
            for (String w : COMMON) {
                if (w.length() == length) {
                    same.add(w);
                }
            }
            COMMON_BY_LENGTH[length] = same.toArray(new String[0]);
        }
    }

    /** Returns {@code line[start, end)}, shared when it is one of the {@link #COMMON} words. */
    private static String word(String line, int start, int end) {
        int length = end - start;
        if (length < COMMON_BY_LENGTH.length) {
            char first = line.charAt(start);
            for (String w : COMMON_BY_LENGTH[length]) {
                if (w.charAt(0) == first && line.regionMatches(start, w, 0, length)) {
                    return w;
                }
            }
        }
        return line.substring(start, end);
    }

    /**
     * Quotes a string as {@code xtables_save_string()} does: bare if non-empty and only
     * {@code [A-Za-z0-9_-]}, else in double quotes with {@code " \ '} escaped by a backslash.
     */
    static void appendQuoted(StringBuilder out, String value) {
        boolean bare = !value.isEmpty();
        for (int i = 0; i < value.length() && bare; i++) {
            char c = value.charAt(i);
            bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
        if (bare) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == '\'') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** Quotes a word for restore input: only when the tokenizer would otherwise split or alter it. */
    static void appendRestoreWord(StringBuilder out, String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            // Exactly the characters split() treats specially; quoting anything else would turn a bare
            // option word such as "--x\u0001" into a quoted argument on the way back.
            plain = c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '"';
        }
        if (plain) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }
}
