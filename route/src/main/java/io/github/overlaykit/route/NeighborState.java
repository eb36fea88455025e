package io.github.overlaykit.route;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Neighbour (ARP/NDP and FDB) states ({@code NUD_*} bits of {@code ndm_state}), in print order. */
public enum NeighborState {
    /** {@code NUD_INCOMPLETE} (0x01): resolution in progress. */
    INCOMPLETE(0x01),
    /** {@code NUD_REACHABLE} (0x02): confirmed recently. */
    REACHABLE(0x02),
    /** {@code NUD_STALE} (0x04): usable, to be confirmed. */
    STALE(0x04),
    /** {@code NUD_DELAY} (0x08): waiting before probing. */
    DELAY(0x08),
    /** {@code NUD_PROBE} (0x10): probing. */
    PROBE(0x10),
    /** {@code NUD_FAILED} (0x20): resolution failed. */
    FAILED(0x20),
    /** {@code NUD_NOARP} (0x40): no resolution needed; {@code bridge fdb} prints it {@code static}. */
    NOARP(0x40),
    /** {@code NUD_PERMANENT} (0x80): set by the administrator, never expires (flannel's entries). */
    PERMANENT(0x80);

    private final int bit;

    NeighborState(int bit) {
        this.bit = bit;
    }

    /**
     * Returns the kernel's bit.
     *
     * @return e.g. 0x80
     */
    public int bit() {
        return bit;
    }

    /**
     * Decodes {@code ndm_state}; unknown bits are dropped.
     *
     * @param bits the state bits
     * @return an unmodifiable set
     */
    public static Set<NeighborState> ofBits(int bits) {
        return CANONICAL[bits & 0xFF];
    }

    /**
     * Encodes states as {@code ndm_state}.
     *
     * @param states the states
     * @return the bits
     */
    public static int toBits(Set<NeighborState> states) {
        int bits = 0;
        for (NeighborState state : states) {
            bits |= state.bit;
        }
        return bits;
    }

    /**
     * Tells whether a neighbour in these states has a usable link-layer address
     * ({@code NUD_VALID}: everything but incomplete, failed and none).
     *
     * @param states the states
     * @return true if valid
     */
    public static boolean isValid(Set<NeighborState> states) {
        for (NeighborState s : states) {
            if (s != INCOMPLETE && s != FAILED) {
                return true;
            }
        }
        return false;
    }

    static Set<NeighborState> copy(Set<NeighborState> states) {
        return CANONICAL[toBits(states) & 0xFF];
    }

    // one shared unmodifiable set per bit pattern, so records copy nothing
    private static final Set<NeighborState>[] CANONICAL = canonical();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Set<NeighborState>[] canonical() {
        Set<NeighborState>[] sets = new Set[256];
        for (int bits = 0; bits < 256; bits++) {
            EnumSet<NeighborState> set = EnumSet.noneOf(NeighborState.class);
            for (NeighborState state : values()) {
                if ((bits & state.bit) != 0) {
                    set.add(state);
                }
            }
            sets[bits] = Collections.unmodifiableSet(set);
        }
        return sets;
    }
}
