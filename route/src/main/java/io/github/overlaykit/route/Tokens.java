package io.github.overlaykit.route;

import java.util.ArrayList;
import java.util.List;

/** The words of one line with their columns, and a cursor; errors name the word's column. */
final class Tokens {
    private final String source;
    private final int lineNumber;
    private final String line;
    private final List<String> words = new ArrayList<>();
    private final List<Integer> columns = new ArrayList<>();
    private int next;

    Tokens(String line, String source, int lineNumber) {
        this.line = line;
        this.source = source;
        this.lineNumber = lineNumber;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            words.add(line.substring(start, i));
            columns.add(start + 1);
        }
    }

    boolean hasNext() {
        return next < words.size();
    }

    int remaining() {
        return words.size() - next;
    }

    String peek() {
        return hasNext() ? words.get(next) : null;
    }

    String peek(int ahead) {
        return next + ahead < words.size() ? words.get(next + ahead) : null;
    }

    String next() {
        if (!hasNext()) {
            throw error(line.length() + 1, "unexpected end of line");
        }
        return words.get(next++);
    }

    /** The value after a keyword; the error names the keyword if it is missing. */
    String value(String keyword) {
        if (!hasNext()) {
            throw error(line.length() + 1, "\"" + keyword + "\" needs a value");
        }
        return words.get(next++);
    }

    /** Column of the word returned last. */
    int lastColumn() {
        return next == 0 ? 1 : columns.get(next - 1);
    }

    RouteParseException error(int column, String detail) {
        return new RouteParseException(source, lineNumber, column, line, detail);
    }

    /** An error at the word returned last. */
    RouteParseException errorAtLast(String detail) {
        return error(lastColumn(), detail);
    }

    String line() {
        return line;
    }

    String source() {
        return source;
    }

    int lineNumber() {
        return lineNumber;
    }

    /** Runs a conversion of the last word, turning its IllegalArgumentException into a located one. */
    <T> T convert(java.util.function.Function<String, T> conversion, String word) {
        try {
            return conversion.apply(word);
        } catch (RouteParseException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw errorAtLast(e.getMessage());
        }
    }

    /** Splits text into lines on LF, dropping a CR before it (CRLF files). */
    static List<String> lines(CharSequence text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) == '\n') {
                int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
                lines.add(text.subSequence(start, end).toString());
                start = i + 1;
            }
        }
        if (start < n) {
            int end = text.charAt(n - 1) == '\r' ? n - 1 : n;
            lines.add(text.subSequence(start, end).toString());
        }
        return lines;
    }
}
