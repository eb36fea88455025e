package io.github.overlaykit.examples;

/**
 * A malformed line of a services file, located as {@code file:line:column: problem}. It is an
 * {@link IllegalArgumentException}, so the CLI reports it as bad input (exit 2, one line).
 */
public final class ServicesFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The file name. */
    private final String source;
    /** The 1-based line. */
    private final int line;
    /** The 1-based column. */
    private final int column;

    /**
     * Creates the error.
     *
     * @param source the file name
     * @param line   1-based line
     * @param column 1-based column
     * @param detail what is wrong
     */
    public ServicesFileException(String source, int line, int column, String detail) {
        super(source + ":" + line + ":" + column + ": " + detail);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /**
     * Returns the file name.
     *
     * @return the file name given to the parser
     */
    public String source() {
        return source;
    }

    /**
     * Returns the line.
     *
     * @return 1-based line
     */
    public int line() {
        return line;
    }

    /**
     * Returns the column.
     *
     * @return 1-based column
     */
    public int column() {
        return column;
    }
}
