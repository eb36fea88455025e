package io.github.overlaykit.iptables;

/**
 * Bad iptables-save or iptables-restore text, with where it went wrong: the source name, the 1-based
 * line and column, and the offending line.
 */
public final class IptablesParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String excerpt;
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param source  the file name or another label for the text, e.g. {@code "<input>"}
     * @param line    1-based line number
     * @param column  1-based column of the offending token (1 when the whole line is wrong)
     * @param excerpt the offending line as written
     * @param detail  what is wrong, e.g. {@code unknown option "--dprt"}
     */
    public IptablesParseException(String source, int line, int column, String excerpt, String detail) {
        super(source + ":" + line + ":" + column + ": " + detail + (excerpt.isEmpty() ? "" : ": " + excerpt));
        this.source = source;
        this.line = line;
        this.column = column;
        this.excerpt = excerpt;
        this.detail = detail;
    }

    /**
     * Returns the label of the text that failed.
     *
     * @return the file name or label
     */
    public String source() {
        return source;
    }

    /**
     * Returns the 1-based line number.
     *
     * @return the line
     */
    public int line() {
        return line;
    }

    /**
     * Returns the 1-based column of the offending token.
     *
     * @return the column
     */
    public int column() {
        return column;
    }

    /**
     * Returns the offending line as written (possibly shortened).
     *
     * @return the excerpt
     */
    public String excerpt() {
        return excerpt;
    }

    /**
     * Returns what is wrong, without the location.
     *
     * @return the detail
     */
    public String detail() {
        return detail;
    }
}
