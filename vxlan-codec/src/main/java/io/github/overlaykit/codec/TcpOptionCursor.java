package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Walks TCP options (RFC 9293 §3.1, RFC 7323, RFC 2018) in place, without allocating.
 *
 * <pre>
 * single octet:  +--------+            TLV:  +--------+--------+------------------+
 *                |  kind  |                  |  kind  | length |  data (length−2) |
 *                +--------+                  +--------+--------+------------------+
 * kind 0 EOL, 1 NOP                          2 MSS (len 4), 3 window scale (len 3),
 *                                            4 SACK permitted (len 2), 5 SACK (len 2+8n),
 *                                            8 timestamps (len 10), others opaque
 * </pre>
 *
 * <pre>{@code
 * TcpOptionCursor options = new TcpOptionCursor().wrap(tcp);
 * while (options.next()) {
 *     if (options.kind() == TcpOptionCursor.MSS && options.lengthValid()) mss = options.maximumSegmentSize();
 * }
 * if (options.malformed()) ...   // a length byte was missing, below 2 or ran past the options area
 * }</pre>
 *
 * <p>{@link #next()} stops (returns false) at the end of the area, after returning an EOL option (what
 * follows EOL is padding), or at a malformed length, which it reports through {@link #malformed()} and
 * {@link #malformedOffset()} instead of throwing: RFC 9293 asks for robustness against illegal option
 * lengths (a length of 0 or 1 must not loop forever). A known option with the wrong fixed length (MSS
 * not 4, window scale not 3, SACK-permitted not 2, timestamps not 10, SACK not 2+8n) is still returned,
 * with {@link #lengthValid()} false; its value accessors must then not be used. Value accessors never
 * read outside the option they belong to when {@link #lengthValid()} is true.
 *
 * <p>Not thread-safe; no method allocates.
 */
public final class TcpOptionCursor extends BufferView {
    /** End of option list. */
    public static final int EOL = 0;
    /** No-operation (padding). */
    public static final int NOP = 1;
    /** Maximum segment size (length 4). */
    public static final int MSS = 2;
    /** Window scale (length 3, RFC 7323). */
    public static final int WINDOW_SCALE = 3;
    /** SACK permitted (length 2, RFC 2018). */
    public static final int SACK_PERMITTED = 4;
    /** SACK blocks (length 2 + 8n, RFC 2018). */
    public static final int SACK = 5;
    /** Timestamps (length 10, RFC 7323). */
    public static final int TIMESTAMPS = 8;

    private int end;
    private int position;
    private int optionOffset;
    private int kind;
    private int length;
    private boolean lengthValid;
    private boolean malformed;
    private int malformedOffset;

    /** Creates an unattached cursor; call a {@code wrap} method before use. */
    public TcpOptionCursor() {
    }

    /**
     * Positions the cursor before the first option of a TCP header whose header length was checked.
     *
     * @param tcp a wrapped, checked TCP header
     * @return this
     */
    public TcpOptionCursor wrap(TcpPacket tcp) {
        return wrap(tcp.buffer(), tcp.optionsOffset(), Math.max(0, tcp.optionsLength()));
    }

    /**
     * Positions the cursor before the first option of an options area.
     *
     * @param buffer the bytes (absolute indexes)
     * @param offset the first option byte
     * @param length the options area length in bytes
     * @return this
     */
    public TcpOptionCursor wrap(ByteBuffer buffer, int offset, int length) {
        view(buffer);
        return rewind(offset, length);
    }

    /** Positions the cursor on the buffer of a parser that has already looked for its array. */
    TcpOptionCursor wrap(BufferView source, int offset, int length) {
        view(source);
        return rewind(offset, length);
    }

    private TcpOptionCursor rewind(int offset, int length) {
        this.position = offset;
        this.end = offset + length;
        this.optionOffset = offset;
        this.kind = -1;
        this.length = 0;
        this.lengthValid = false;
        this.malformed = false;
        this.malformedOffset = -1;
        return this;
    }

    /**
     * Moves to the next option.
     *
     * @return true if positioned on an option; false at the end, after EOL, or at a malformed length
     */
    public boolean next() {
        int start = position;
        if (start >= end) {
            return false; // also after EOL and after a malformed option: both move the position to the end
        }
        int k = u8(start);
        if (k == EOL || k == NOP) {
            optionOffset = start;
            kind = k;
            length = 1;
            lengthValid = true;
            position = k == EOL ? end : start + 1;
            return true;
        }
        if (start + 1 >= end) {
            return fail(start);
        }
        int len = u8(start + 1);
        if (len < 2 || start + len > end) {
            return fail(start);
        }
        optionOffset = start;
        kind = k;
        length = len;
        lengthValid = expectedLengthMatches(k, len);
        position = start + len;
        return true;
    }

    private static boolean expectedLengthMatches(int kind, int length) {
        switch (kind) {
            case MSS:
                return length == 4;
            case WINDOW_SCALE:
                return length == 3;
            case SACK_PERMITTED:
                return length == 2;
            case TIMESTAMPS:
                return length == 10;
            case SACK:
                return length >= 10 && (length - 2) % 8 == 0;
            default:
                return true;
        }
    }

    private boolean fail(int at) {
        malformed = true;
        malformedOffset = at;
        kind = -1;
        length = 0;
        lengthValid = false;
        position = end;
        return false;
    }

    /**
     * Tells whether the walk stopped at an option whose length byte was missing, below 2, or ran past the
     * end of the options area.
     *
     * @return true if the options area is malformed
     */
    public boolean malformed() {
        return malformed;
    }

    /**
     * Returns where the malformed option starts.
     *
     * @return its absolute index, or -1 if {@link #malformed()} is false
     */
    public int malformedOffset() {
        return malformedOffset;
    }

    /**
     * Returns the current option's kind.
     *
     * @return e.g. {@link #MSS}; unknown kinds are returned as they are
     */
    public int kind() {
        return kind;
    }

    /**
     * Returns the current option's total length (kind and length bytes included).
     *
     * @return 1 for EOL and NOP, else the length byte
     */
    public int length() {
        return length;
    }

    /**
     * Tells whether a known kind has the length its RFC prescribes (always true for unknown kinds).
     *
     * @return false if the value accessors must not be used
     */
    public boolean lengthValid() {
        return lengthValid;
    }

    /**
     * Returns where the current option starts.
     *
     * @return the absolute index of its kind byte
     */
    public int offset() {
        return optionOffset;
    }

    /**
     * Returns where the current option's data starts.
     *
     * @return the absolute index after the kind and length bytes
     */
    public int dataOffset() {
        return optionOffset + 2;
    }

    /**
     * Returns the current option's data length.
     *
     * @return {@link #length()} − 2, or 0 for EOL and NOP
     */
    public int dataLength() {
        return length < 2 ? 0 : length - 2;
    }

    /**
     * Returns the maximum segment size of an {@link #MSS} option.
     *
     * @return 0..65535
     */
    public int maximumSegmentSize() {
        return u16(optionOffset + 2);
    }

    /**
     * Returns the shift count of a {@link #WINDOW_SCALE} option.
     *
     * @return 0..255 as sent (RFC 7323 caps the effective shift at 14)
     */
    public int windowScale() {
        return u8(optionOffset + 2);
    }

    /**
     * Returns the number of blocks in a {@link #SACK} option.
     *
     * @return ({@link #length()} − 2) / 8
     */
    public int sackBlockCount() {
        return dataLength() >>> 3;
    }

    /**
     * Returns the left edge of a SACK block.
     *
     * @param index 0..{@link #sackBlockCount()}−1
     * @return the first sequence number of the block
     */
    public long sackLeftEdge(int index) {
        return u32(optionOffset + 2 + 8 * index);
    }

    /**
     * Returns the right edge of a SACK block.
     *
     * @param index 0..{@link #sackBlockCount()}−1
     * @return the sequence number after the block
     */
    public long sackRightEdge(int index) {
        return u32(optionOffset + 6 + 8 * index);
    }

    /**
     * Returns TSval of a {@link #TIMESTAMPS} option.
     *
     * @return 0..2^32−1
     */
    public long timestampValue() {
        return u32(optionOffset + 2);
    }

    /**
     * Returns TSecr of a {@link #TIMESTAMPS} option.
     *
     * @return 0..2^32−1
     */
    public long timestampEchoReply() {
        return u32(optionOffset + 6);
    }
}
