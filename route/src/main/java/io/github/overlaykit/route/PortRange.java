package io.github.overlaykit.route;

/**
 * An inclusive range of ports or uids as {@code ip rule} writes it: {@code 80} or {@code 1000-2000}.
 *
 * @param start first value
 * @param end   last value, at least {@code start}
 */
public record PortRange(long start, long end) {

    /**
     * Validates.
     *
     * @param start first value, 0..2^32-1
     * @param end   last value, start..2^32-1
     */
    public PortRange {
        if (start < 0 || end < start || end > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("invalid range " + start + "-" + end);
        }
    }

    /**
     * Tells whether the value is inside.
     *
     * @param value a port or uid
     * @return true if start &lt;= value &lt;= end
     */
    public boolean contains(long value) {
        return value >= start && value <= end;
    }

    /** Returns {@code start} or {@code start-end}, as {@code ip rule} prints ports. */
    @Override
    public String toString() {
        return start == end ? Long.toString(start) : start + "-" + end;
    }
}
