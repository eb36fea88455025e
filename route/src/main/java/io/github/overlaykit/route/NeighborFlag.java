package io.github.overlaykit.route;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Neighbour and FDB entry flags ({@code NTF_*} bits of {@code ndm_flags}). */
public enum NeighborFlag {
    /** {@code NTF_USE} (0x01). */
    USE(0x01, "use"),
    /** {@code NTF_SELF} (0x02): the entry belongs to the device itself (vxlan FDB). */
    SELF(0x02, "self"),
    /** {@code NTF_MASTER} (0x04): the entry belongs to the bridge master. */
    MASTER(0x04, "master"),
    /** {@code NTF_PROXY} (0x08): a proxy ARP entry. */
    PROXY(0x08, "proxy"),
    /** {@code NTF_EXT_LEARNED} (0x10): learned by an external control plane. */
    EXTERN_LEARN(0x10, "extern_learn"),
    /** {@code NTF_OFFLOADED} (0x20): offloaded to hardware. */
    OFFLOAD(0x20, "offload"),
    /** {@code NTF_STICKY} (0x40): the FDB entry may not move to another port. */
    STICKY(0x40, "sticky"),
    /** {@code NTF_ROUTER} (0x80): the neighbour is a router. */
    ROUTER(0x80, "router");

    private final int bit;
    private final String ipName;

    NeighborFlag(int bit, String ipName) {
        this.bit = bit;
        this.ipName = ipName;
    }

    /**
     * Returns the kernel's bit.
     *
     * @return e.g. 0x02 for self
     */
    public int bit() {
        return bit;
    }

    /**
     * Returns the word {@code ip}/{@code bridge} print.
     *
     * @return e.g. {@code "extern_learn"}
     */
    public String ipName() {
        return ipName;
    }

    /**
     * Decodes {@code ndm_flags}; unknown bits are dropped.
     *
     * @param bits the flag bits
     * @return an unmodifiable set
     */
    public static Set<NeighborFlag> ofBits(int bits) {
        return CANONICAL[bits & 0xFF];
    }

    /**
     * Encodes flags as {@code ndm_flags}.
     *
     * @param flags the flags
     * @return the bits
     */
    public static int toBits(Set<NeighborFlag> flags) {
        int bits = 0;
        for (NeighborFlag flag : flags) {
            bits |= flag.bit;
        }
        return bits;
    }

    static Set<NeighborFlag> copy(Set<NeighborFlag> flags) {
        return CANONICAL[toBits(flags) & 0xFF];
    }

    // one shared unmodifiable set per bit pattern, so records copy nothing
    private static final Set<NeighborFlag>[] CANONICAL = canonical();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Set<NeighborFlag>[] canonical() {
        Set<NeighborFlag>[] sets = new Set[256];
        for (int bits = 0; bits < 256; bits++) {
            EnumSet<NeighborFlag> set = EnumSet.noneOf(NeighborFlag.class);
            for (NeighborFlag flag : values()) {
                if ((bits & flag.bit) != 0) {
                    set.add(flag);
                }
            }
            sets[bits] = Collections.unmodifiableSet(set);
        }
        return sets;
    }
}
