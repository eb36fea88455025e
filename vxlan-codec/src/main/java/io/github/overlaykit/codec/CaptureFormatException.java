package io.github.overlaykit.codec;

import java.io.IOException;

/**
 * A capture file (pcap or pcapng) that cannot be read further: says which file, at which byte offset
 * the bad header or record starts, and what is wrong.
 *
 * <p>It is an {@link IOException} because it ends the stream, like a read error: every record before
 * {@link #offset()} was delivered whole, nothing after it is.
 */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param source the file name (or another name of the stream)
     * @param offset the file offset of the header, block or record that is bad
     * @param detail what is wrong, in a few words
     */
    public CaptureFormatException(String source, long offset, String detail) {
        super(source + ": offset " + offset + ": " + detail);
        this.source = source;
        this.offset = offset;
    }

    /**
     * Returns the name of the file or stream.
     *
     * @return the name given when the reader was opened
     */
    public String source() {
        return source;
    }

    /**
     * Returns where the bad part starts.
     *
     * @return the byte offset in the file of the header, block or record that could not be read
     */
    public long offset() {
        return offset;
    }
}
