package io.github.overlaykit.route;

/**
 * Text that is not valid {@code ip}/{@code bridge} syntax, with where: source name, line and column
 * (both from 1) and the offending line.
 *
 * <p>It is an {@link IllegalArgumentException} so callers that treat bad input generically need not
 * know it.
 */
public final class RouteParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String excerpt;
    private final String detail;

    /**
     * Makes the exception.
     *
     * @param source  the file or stream name
     * @param line    1-based line
     * @param column  1-based column
     * @param excerpt the offending line
     * @param detail  what is wrong
     */
    public RouteParseException(String source, int line, int column, String excerpt, String detail) {
        super(source + ":" + line + ":" + column + ": " + detail + ": \"" + excerpt + "\"");
        this.source = source;
        this.line = line;
        this.column = column;
        this.excerpt = excerpt;
        this.detail = detail;
    }

    /**
     * Returns the source name.
     *
     * @return e.g. a file name
     */
    public String source() {
        return source;
    }

    /**
     * Returns the 1-based line.
     *
     * @return the line
     */
    public int line() {
        return line;
    }

    /**
     * Returns the 1-based column of the bad word.
     *
     * @return the column
     */
    public int column() {
        return column;
    }

    /**
     * Returns the offending line.
     *
     * @return the text
     */
    public String excerpt() {
        return excerpt;
    }

    /**
     * Returns what is wrong, without the position.
     *
     * @return the detail
     */
    public String detail() {
        return detail;
    }
}
