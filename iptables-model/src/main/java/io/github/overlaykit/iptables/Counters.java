package io.github.overlaykit.iptables;

/**
 * Packet and byte counters, {@code [packets:bytes]} in iptables-save text.
 *
 * @param packets packets counted
 * @param bytes   bytes counted
 */
public record Counters(long packets, long bytes) {
    /** {@code [0:0]}. */
    public static final Counters ZERO = new Counters(0, 0);

    /**
     * Returns the save text.
     *
     * @return {@code [packets:bytes]}
     */
    @Override
    public String toString() {
        return "[" + Long.toUnsignedString(packets) + ":" + Long.toUnsignedString(bytes) + "]";
    }
}
