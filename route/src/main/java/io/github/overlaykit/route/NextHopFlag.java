package io.github.overlaykit.route;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Next-hop flags ({@code RTNH_F_*} in {@code rtnh_flags} / {@code rtm_flags}), in the order
 * {@code ip route} prints them ({@code print_rt_flags}).
 */
public enum NextHopFlag {
    /** {@code RTNH_F_DEAD} (0x1): the next hop is dead (device down). */
    DEAD(0x1, "dead"),
    /** {@code RTNH_F_ONLINK} (0x4): the gateway is taken as directly attached without a lookup. */
    ONLINK(0x4, "onlink"),
    /** {@code RTNH_F_PERVASIVE} (0x2): do recursive gateway lookup (obsolete). */
    PERVASIVE(0x2, "pervasive"),
    /** {@code RTNH_F_OFFLOAD} (0x8): offloaded to hardware. */
    OFFLOAD(0x8, "offload"),
    /** {@code RTNH_F_TRAP} (0x40): trapping to the CPU in hardware. */
    TRAP(0x40, "trap"),
    /** {@code RTNH_F_LINKDOWN} (0x10): the device has no carrier. */
    LINKDOWN(0x10, "linkdown"),
    /** {@code RTNH_F_UNRESOLVED} (0x20): the gateway is not resolved (multicast). */
    UNRESOLVED(0x20, "unresolved");

    private final int bit;
    private final String ipName;

    NextHopFlag(int bit, String ipName) {
        this.bit = bit;
        this.ipName = ipName;
    }

    /**
     * Returns the kernel's bit.
     *
     * @return e.g. 0x4 for onlink
     */
    public int bit() {
        return bit;
    }

    /**
     * Returns the word {@code ip} prints.
     *
     * @return e.g. {@code "onlink"}
     */
    public String ipName() {
        return ipName;
    }

    /**
     * Decodes kernel flag bits; unknown bits are dropped.
     *
     * @param bits {@code rtnh_flags}
     * @return an unmodifiable set
     */
    public static Set<NextHopFlag> ofBits(int bits) {
        return CANONICAL[bits & 0x7F];
    }

    /**
     * Encodes flags as kernel bits.
     *
     * @param flags the flags
     * @return {@code rtnh_flags}
     */
    public static int toBits(Set<NextHopFlag> flags) {
        int bits = 0;
        for (NextHopFlag flag : flags) {
            bits |= flag.bit;
        }
        return bits;
    }

    /**
     * Returns the flag {@code ip} names so, or null.
     *
     * @param name e.g. {@code "onlink"}
     * @return the flag or null
     */
    public static NextHopFlag ofIpName(String name) {
        for (NextHopFlag flag : values()) {
            if (flag.ipName.equals(name)) {
                return flag;
            }
        }
        return null;
    }

    static Set<NextHopFlag> copy(Set<NextHopFlag> flags) {
        return CANONICAL[toBits(flags) & 0x7F];
    }

    // one shared unmodifiable set per bit pattern, so records copy nothing
    private static final Set<NextHopFlag>[] CANONICAL = canonical();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Set<NextHopFlag>[] canonical() {
        Set<NextHopFlag>[] sets = new Set[128];
        for (int bits = 0; bits < 128; bits++) {
            EnumSet<NextHopFlag> set = EnumSet.noneOf(NextHopFlag.class);
            for (NextHopFlag flag : values()) {
                if ((bits & flag.bit) != 0) {
                    set.add(flag);
                }
            }
            sets[bits] = Collections.unmodifiableSet(set);
        }
        return sets;
    }
}
