package io.github.overlaykit.codec;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The values of a segment's TCP options decoded in one pass (what smoltcp's {@code TcpRepr} and Linux's
 * {@code tcp_parse_options} keep): MSS, window scale, SACK-permitted, timestamps and where the SACK
 * blocks are. Reusable; no method allocates.
 *
 * <pre>{@code
 * TcpOptionValues options = new TcpOptionValues().decode(tcp);   // tcp: a length-checked TcpPacket
 * int mss = options.maximumSegmentSize();                        // -1 if absent
 * }</pre>
 *
 * <p>The walk is {@link TcpOptionCursor}'s (see there for the layout): it stops at EOL, at the end of the
 * area, or at a malformed length, which {@link #malformed()} reports with its offset (the values found
 * before it are kept). An option of a known kind with the wrong length is skipped, as Linux skips it.
 * When a kind appears twice, the later one counts, as in Linux. Everything else (unknown kinds, the SACK
 * block edges) is for {@link TcpOptionCursor}.
 *
 * <p>The two layouts Linux sends are recognised whole, by comparing words at fixed places, as Linux's own
 * {@code tcp_parse_aligned_timestamp} does: the walk is a chain (each option's start is known only once
 * the previous length byte is loaded), the comparison is not.
 * <pre>
 * SYN, SYN-ACK (20):  02 04 mss mss | 04 02 08 0a | TSval | TSecr | 01 03 03 ws
 * later segments (12): 01 01 08 0a | TSval | TSecr
 * </pre>
 *
 * <p>Not thread-safe; no method allocates.
 */
public final class TcpOptionValues {
    /** What the value accessors return for an option that is not there. */
    public static final int ABSENT = -1;
    /** Linux's SYN and SYN-ACK options: MSS, SACK-permitted, timestamps, NOP, window scale. */
    private static final int LINUX_SYN_LENGTH = 20;
    /** Linux's options on every later segment: NOP, NOP, timestamps (RFC 7323 Appendix A). */
    private static final int ALIGNED_TIMESTAMPS_LENGTH = 12;

    /** Reads a caller's buffer, and walks the areas that are not one of Linux's two layouts. */
    private final TcpOptionCursor cursor = new TcpOptionCursor();
    private int maximumSegmentSize;
    private int windowScale;
    private boolean sackPermitted;
    private long timestampValue;
    private long timestampEchoReply;
    private int sackOffset;
    private int sackBlockCount;
    private int malformedOffset;

    /** Creates an empty holder: every option absent. */
    public TcpOptionValues() {
        clear();
    }

    /**
     * Decodes the options of a TCP header whose length has been checked
     * ({@link TcpPacket#checkLength(int)} or a parser's {@code INNER_TCP}/{@code TCP} bit).
     *
     * @param tcp the header
     * @return this
     */
    public TcpOptionValues decode(TcpPacket tcp) {
        int offset = tcp.optionsOffset();
        int length = Math.max(0, tcp.optionsLength());
        Objects.checkFromIndexSize(offset, length, tcp.buffer().limit());
        return walk(tcp, offset, offset + length); // through the header, which already knows its array
    }

    /**
     * Decodes an options area.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset the first option byte
     * @param length the options area length in bytes
     * @return this
     * @throws IndexOutOfBoundsException if the area does not lie within the buffer's limit
     */
    public TcpOptionValues decode(ByteBuffer buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.limit());
        return walk(cursor.wrap(buffer, offset, length), offset, offset + length);
    }

    /**
     * Decodes an options area read straight from another view's buffer (a parser's TCP header): nothing
     * is attached, and the caller's array reads are shared.
     */
    TcpOptionValues decode(BufferView source, int offset, int length) {
        return walk(source, offset, offset + length);
    }

    /** Forgets the last decode: every option absent. */
    TcpOptionValues clear() {
        return keep(ABSENT, ABSENT, false, ABSENT, ABSENT, ABSENT, 0, ABSENT);
    }

    private TcpOptionValues keep(int mss, int scale, boolean sackOk, long tsValue, long tsEcho, int sack, int blocks,
            int bad) {
        maximumSegmentSize = mss;
        windowScale = scale;
        sackPermitted = sackOk;
        timestampValue = tsValue;
        timestampEchoReply = tsEcho;
        sackOffset = sack;
        sackBlockCount = blocks;
        malformedOffset = bad;
        return this;
    }

    private TcpOptionValues walk(BufferView bytes, int start, int end) {
        int length = end - start;
        if (length == LINUX_SYN_LENGTH) {
            long mssSackTs = bytes.s64(start); // 02 04 mm mm | 04 02 | 08 0A
            long timestamps = bytes.s64(start + 8);
            int windowScale = bytes.s32(start + 16); // 01 | 03 03 ws
            if ((mssSackTs & 0xFFFF_0000_FFFF_FFFFL) == 0x0204_0000_0402_080AL && windowScale >>> 8 == 0x01_0303) {
                return keep((int) (mssSackTs >>> 32) & 0xFFFF, windowScale & 0xFF, true, timestamps >>> 32,
                        timestamps & 0xFFFF_FFFFL, ABSENT, 0, ABSENT);
            }
        } else if (length == ALIGNED_TIMESTAMPS_LENGTH && bytes.s32(start) == 0x0101_080A) {
            long timestamps = bytes.s64(start + 4);
            return keep(ABSENT, ABSENT, false, timestamps >>> 32, timestamps & 0xFFFF_FFFFL, ABSENT, 0, ABSENT);
        }
        return walkEach(bytes, start, end);
    }

    // Anything but Linux's two layouts: the cursor's walk, so both agree on what is malformed and on the
    // lengths each kind must have.
    private TcpOptionValues walkEach(BufferView bytes, int start, int end) {
        TcpOptionCursor options = cursor.wrap(bytes, start, end - start);
        int mss = ABSENT;
        int scale = ABSENT;
        boolean sackOk = false;
        long tsValue = ABSENT;
        long tsEcho = ABSENT;
        int sack = ABSENT;
        int blocks = 0;
        while (options.next()) {
            if (!options.lengthValid()) {
                continue; // a known kind with the wrong length: skipped, as Linux skips it
            }
            switch (options.kind()) {
                case TcpOptionCursor.MSS:
                    mss = options.maximumSegmentSize();
                    break;
                case TcpOptionCursor.WINDOW_SCALE:
                    scale = options.windowScale();
                    break;
                case TcpOptionCursor.SACK_PERMITTED:
                    sackOk = true;
                    break;
                case TcpOptionCursor.TIMESTAMPS:
                    tsValue = options.timestampValue();
                    tsEcho = options.timestampEchoReply();
                    break;
                case TcpOptionCursor.SACK:
                    sack = options.offset();
                    blocks = options.sackBlockCount();
                    break;
                default:
                    break;
            }
        }
        return keep(mss, scale, sackOk, tsValue, tsEcho, sack, blocks, options.malformedOffset());
    }

    /**
     * Returns the maximum segment size (kind 2).
     *
     * @return 0..65535, or {@link #ABSENT}
     */
    public int maximumSegmentSize() {
        return maximumSegmentSize;
    }

    /**
     * Returns the window scale shift count (kind 3, RFC 7323).
     *
     * @return 0..255 as sent (RFC 7323 caps the effective shift at 14), or {@link #ABSENT}
     */
    public int windowScale() {
        return windowScale;
    }

    /**
     * Tells whether SACK-permitted (kind 4, RFC 2018) is present.
     *
     * @return true if present with length 2
     */
    public boolean sackPermitted() {
        return sackPermitted;
    }

    /**
     * Returns TSval of the timestamps option (kind 8, RFC 7323).
     *
     * @return 0..2^32−1, or {@link #ABSENT}
     */
    public long timestampValue() {
        return timestampValue;
    }

    /**
     * Returns TSecr of the timestamps option.
     *
     * @return 0..2^32−1, or {@link #ABSENT}
     */
    public long timestampEchoReply() {
        return timestampEchoReply;
    }

    /**
     * Returns where the SACK option (kind 5) starts; walk its blocks with a {@link TcpOptionCursor}.
     *
     * @return the absolute index of its kind byte, or {@link #ABSENT}
     */
    public int sackOffset() {
        return sackOffset;
    }

    /**
     * Returns the number of SACK blocks.
     *
     * @return 1..4, or 0 without a SACK option
     */
    public int sackBlockCount() {
        return sackBlockCount;
    }

    /**
     * Tells whether the walk stopped at an option whose length byte was missing, below 2, or ran past the
     * end of the options area.
     *
     * @return true if the options area is malformed
     */
    public boolean malformed() {
        return malformedOffset != ABSENT;
    }

    /**
     * Returns where the malformed option starts.
     *
     * @return its absolute index, or {@link #ABSENT} if {@link #malformed()} is false
     */
    public int malformedOffset() {
        return malformedOffset;
    }
}
