package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * Walks IPv4 options (RFC 791 §3.1) in place, without allocating.
 *
 * <pre>
 * single octet:  +--------+            TLV:  +--------+--------+------------------+
 *                |  type  |                  |  type  | length |  data (length−2) |
 *                +--------+                  +--------+--------+------------------+
 * type = |C|class|number|: C (0x80) = copied into fragments
 * 0 EOL, 1 NOP; 7 record route, 68 timestamp, 130 security, 131 loose source route,
 * 136 stream ID, 137 strict source route, 148 router alert (RFC 2113)
 * </pre>
 *
 * <pre>{@code
 * Ipv4OptionCursor options = new Ipv4OptionCursor().wrap(ip);
 * while (options.next()) {
 *     if (options.type() == Ipv4OptionCursor.ROUTER_ALERT) ...
 * }
 * if (options.malformed()) ...   // a length byte was missing, below 2 or ran past the header
 * }</pre>
 *
 * <p>{@link #next()} stops at the end of the options area, after returning EOL, or at a malformed length,
 * which it reports through {@link #malformed()} instead of throwing. Option data is exposed as a range
 * ({@link #dataOffset()}, {@link #dataLength()}); no option's contents are interpreted. Not thread-safe;
 * no method allocates.
 */
public final class Ipv4OptionCursor extends BufferView {
    /** End of option list. */
    public static final int EOL = 0;
    /** No operation. */
    public static final int NOP = 1;
    /** Record route. */
    public static final int RECORD_ROUTE = 7;
    /** Internet timestamp. */
    public static final int TIMESTAMP = 68;
    /** Security (RFC 1108). */
    public static final int SECURITY = 130;
    /** Loose source and record route. */
    public static final int LOOSE_SOURCE_ROUTE = 131;
    /** Stream identifier. */
    public static final int STREAM_ID = 136;
    /** Strict source and record route. */
    public static final int STRICT_SOURCE_ROUTE = 137;
    /** Router alert (RFC 2113). */
    public static final int ROUTER_ALERT = 148;

    private int end;
    private int position;
    private int optionOffset;
    private int type;
    private int length;
    private boolean malformed;

    /** Creates an unattached cursor; call a {@code wrap} method before use. */
    public Ipv4OptionCursor() {
    }

    /**
     * Positions the cursor before the first option of an IPv4 header whose length was checked.
     *
     * @param ip a wrapped, checked IPv4 header
     * @return this
     */
    public Ipv4OptionCursor wrap(Ipv4Packet ip) {
        return wrap(ip.buffer(), ip.optionsOffset(), Math.max(0, ip.optionsLength()));
    }

    /**
     * Positions the cursor before the first option of an options area.
     *
     * @param buffer the bytes (absolute indexes)
     * @param offset the first option byte
     * @param length the options area length in bytes
     * @return this
     */
    public Ipv4OptionCursor wrap(ByteBuffer buffer, int offset, int length) {
        view(buffer);
        this.position = offset;
        this.end = offset + length;
        this.optionOffset = offset;
        this.type = -1;
        this.length = 0;
        this.malformed = false;
        return this;
    }

    /**
     * Moves to the next option.
     *
     * @return true if positioned on an option; false at the end, after EOL, or at a malformed length
     */
    public boolean next() {
        if (position >= end || type == EOL || malformed) {
            position = end;
            return false;
        }
        int start = position;
        int t = u8(start);
        if (t == EOL || t == NOP) {
            optionOffset = start;
            type = t;
            length = 1;
            position = start + 1;
            return true;
        }
        int len = start + 1 < end ? u8(start + 1) : 0;
        if (len < 2 || len > end - start) {
            malformed = true;
            optionOffset = start;
            type = -1;
            length = 0;
            position = end;
            return false;
        }
        optionOffset = start;
        type = t;
        length = len;
        position = start + len;
        return true;
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
     * Returns the current option's type byte.
     *
     * @return e.g. {@link #ROUTER_ALERT}; unknown types are returned as they are
     */
    public int type() {
        return type;
    }

    /**
     * Tells whether the current option is copied into every fragment (bit 0x80 of the type).
     *
     * @return the copied flag
     */
    public boolean copied() {
        return (type & 0x80) != 0;
    }

    /**
     * Returns the current option's total length.
     *
     * @return 1 for EOL and NOP, else the length byte
     */
    public int length() {
        return length;
    }

    /**
     * Returns where the current option (or, after a malformed stop, the malformed one) starts.
     *
     * @return the absolute index of its type byte
     */
    public int offset() {
        return optionOffset;
    }

    /**
     * Returns where the current option's data starts.
     *
     * @return the absolute index after the type and length bytes
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
}
