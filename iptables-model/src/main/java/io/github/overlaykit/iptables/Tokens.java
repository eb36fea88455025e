package io.github.overlaykit.iptables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The restore tokenizer and the save quoting of iptables 1.8.9, which are not each other's inverse. */
final class Tokens {
    private Tokens() {
    }

    /**
     * One word of a restore line. A bare word is a range of the source text that becomes a String only
     * when {@link #text} is asked for: most words of a 100k-rule parse are compared or parsed as numbers
     * and addresses straight from the text ({@link CharSequence}), never kept.
     */
    static final class Token implements CharSequence {
        /** The source text (bare word) or the resolved word itself (quoted word). */
        private String chars;
        private int start;
        private int end;
        private String text;
        private int column;
        private boolean quoted;
        /** Where a bare word's String is shared from, or null. */
        private Words shared;

        /**
         * A word made from parts of another (e.g. the type of {@code --icmp-type 3/1}).
         *
         * @param text   the word with quotes removed and escapes resolved
         * @param column 1-based column where the word starts
         * @param quoted whether any part of it was quoted (a quoted {@code "!"} is not a negation)
         */
        Token(String text, int column, boolean quoted) {
            resolved(text, column, quoted);
        }

        private void resolved(String word, int at, boolean wasQuoted) {
            chars = word;
            start = 0;
            end = word.length();
            text = word;
            column = at;
            quoted = wasQuoted;
            shared = null;
        }

        private void bare(String source, int from, int to, int at, Words words) {
            shared = words;
            chars = source;
            start = from;
            end = to;
            text = null;
            column = at;
            quoted = false;
        }

        /** The word with quotes removed and escapes resolved (shared when it is a common word). */
        String text() {
            if (text == null) {
                text = word(chars, start, end);
            }
            return text;
        }

        /**
         * The word as {@link #text}, but one String for all its occurrences in the input: for chain names,
         * which the model keeps once per rule that jumps to them.
         */
        String sharedText() {
            if (text == null) {
                text = shared != null ? shared.get(chars, start, end) : word(chars, start, end);
            }
            return text;
        }

        /** 1-based column where the word starts. */
        int column() {
            return column;
        }

        /** Whether any part of it was quoted (a quoted {@code "!"} is not a negation). */
        boolean quoted() {
            return quoted;
        }

        /** Whether it is this bare word. */
        boolean is(String word) {
            return !quoted && end - start == word.length() && chars.regionMatches(start, word, 0, word.length());
        }

        /** Whether it begins with this character. */
        boolean startsWith(char c) {
            return end > start && chars.charAt(start) == c;
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            return chars.charAt(start + index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            if (from < 0 || from > to || to > end - start) {
                throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + (end - start));
            }
            return chars.substring(start + from, start + to);
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * Splits lines into tokens it reuses: the tokens of one line are valid until the next {@link #split}
     * (a parse reads millions of words; one object each was a quarter of its allocation).
     */
    static final class Splitter {
        /** The Strings of this input's words, each distinct word made once. */
        final Words words = new Words();
        private final List<Token> line = new ArrayList<>();
        private Token[] pool = new Token[32];
        private final StringBuilder quotedWord = new StringBuilder();

        /**
         * Splits {@code text[lineStart, lineEnd)} as {@code add_param_to_argv()} does: whitespace separates
         * words, {@code "} toggles quoting anywhere in a word, inside quotes {@code \x} yields {@code x},
         * outside a backslash is literal.
         *
         * @return the words, or null with {@code error[0]} set to the column of an unterminated quote
         */
        List<Token> split(String text, int lineStart, int lineEnd, int[] error) {
            line.clear();
            int i = lineStart;
            int n = lineEnd;
            while (i < n) {
                char c = text.charAt(i);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    i++;
                    continue;
                }
                int start = i;
                // Fast path: a bare word without quotes is a range of the text.
                int end = i;
                while (end < n) {
                    char d = text.charAt(end);
                    if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == '"') {
                        break;
                    }
                    end++;
                }
                if (end == n || text.charAt(end) != '"') {
                    next().bare(text, start, end, start - lineStart + 1, words);
                    i = end;
                    continue;
                }
                StringBuilder word = quotedWord;
                word.setLength(0);
                boolean inQuotes = false;
                boolean quoted = false;
                while (i < n) {
                    c = text.charAt(i);
                    if (inQuotes) {
                        if (c == '\\' && i + 1 < n) {
                            word.append(text.charAt(i + 1));
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
                    error[0] = start - lineStart + 1;
                    return null;
                }
                next().resolved(word.toString(), start - lineStart + 1, quoted);
            }
            return line;
        }

        private Token next() {
            int k = line.size();
            if (k == pool.length) {
                pool = Arrays.copyOf(pool, k * 2);
            }
            Token t = pool[k];
            if (t == null) {
                t = new Token("", 0, false);
                pool[k] = t;
            }
            line.add(t);
            return t;
        }
    }

    /**
     * One String per distinct chain name of an input: kube-proxy declares each chain, appends to it and jumps
     * to it, and the model keeps the name in every jump.
     */
    static final class Words {
        private String[] table = new String[4096];
        /** The hash of each entry, compared before the String is touched (a cache miss each). */
        private int[] hashes = new int[4096];
        private int size;

        /**
         * Returns {@code text[start, end)} as a String, the same instance for the same characters.
         *
         * @param text  where the word is
         * @param start its first character
         * @param end   after its last character
         * @return the word
         */
        String get(String text, int start, int end) {
            int length = end - start;
            int hash = 0;
            for (int k = start; k < end; k++) {
                hash = 31 * hash + text.charAt(k);
            }
            int mask = table.length - 1;
            for (int i = (hash ^ (hash >>> 16)) & mask; ; i = (i + 1) & mask) {
                String w = table[i];
                if (w == null) {
                    w = length == 0 ? "" : word(text, start, end);
                    table[i] = w;
                    hashes[i] = hash;
                    if (++size * 2 > table.length) {
                        grow();
                    }
                    return w;
                }
                if (hashes[i] == hash && w.length() == length && text.regionMatches(start, w, 0, length)) {
                    return w;
                }
            }
        }

        private void grow() {
            String[] oldTable = table;
            int[] oldHashes = hashes;
            table = new String[oldTable.length * 2];
            hashes = new int[table.length];
            int mask = table.length - 1;
            for (int k = 0; k < oldTable.length; k++) {
                if (oldTable[k] != null) {
                    int hash = oldHashes[k];
                    int i = (hash ^ (hash >>> 16)) & mask;
                    while (table[i] != null) {
                        i = (i + 1) & mask;
                    }
                    table[i] = oldTable[k];
                    hashes[i] = hash;
                }
            }
        }
    }

    /** Words most rule lines repeat; sharing one String each keeps a 100k-rule parse from allocating them. */
    private static final String[] COMMON = {"!", "-A", "-I", "-m", "-j", "-g", "-p", "-s", "-d", "-i", "-o", "tcp",
        "udp", "icmp", "comment", "--comment", "--dport", "--sport", "statistic", "--mode", "random",
        "--probability", "DNAT", "--to-destination", "KUBE-MARK-MASQ", "KUBE-SERVICES", "KUBE-NODEPORTS",
        "KUBE-POSTROUTING", "recent", "--name", "--set", "--rcheck", "--seconds", "--reap", "addrtype",
        "--src-type", "--dst-type", "LOCAL", "MARK", "RETURN", "ACCEPT", "DROP", "REJECT", "mark", "--mark",
        "conntrack", "--ctstate", "NEW", "multiport", "--dports", "MASQUERADE", "--set-xmark", "--or-mark",
        "nfacct", "--nfacct-name", "80", "443", "COMMIT", "0.5000000000", "0.3333333333", "0.2500000000",
        "0.2000000000"};
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
