package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import java.util.Objects;
import java.util.Set;

/**
 * One path of a route: an optional gateway, the output device, a weight for multipath and flags.
 *
 * <p>{@code ip} writes it as {@code via 192.0.2.1 dev eth0 weight 2 onlink}; the weight is printed
 * only for multipath routes. The gateway is an IPv4 address today; IPv6 will join as another
 * component type, so callers should not assume every gateway is IPv4 once it does.
 *
 * @param gateway the gateway, or null for a directly connected path
 * @param device  the output device name, or null (unreachable-type routes, or not yet resolved)
 * @param weight  1..256, the kernel's {@code rtnh_hops + 1}
 * @param flags   next-hop flags such as {@link NextHopFlag#ONLINK}
 */
public record NextHop(Ipv4Address gateway, String device, int weight, Set<NextHopFlag> flags) {

    /**
     * Validates and freezes the flags.
     *
     * @param gateway the gateway or null
     * @param device  the device or null
     * @param weight  1..256
     * @param flags   the flags
     */
    public NextHop {
        if (weight < 1 || weight > 256) {
            throw new IllegalArgumentException("next-hop weight " + weight + " is outside 1..256");
        }
        flags = NextHopFlag.copy(Objects.requireNonNull(flags, "flags"));
    }

    /**
     * A path via a gateway on a device, weight 1, no flags.
     *
     * @param gateway the gateway
     * @param device  the device, or null to let the kernel resolve it
     * @return the next hop
     */
    public static NextHop via(Ipv4Address gateway, String device) {
        return new NextHop(gateway, device, 1, Set.of());
    }

    /**
     * A directly connected path on a device, weight 1, no flags.
     *
     * @param device the device
     * @return the next hop
     */
    public static NextHop dev(String device) {
        return new NextHop(null, device, 1, Set.of());
    }

    /**
     * Tells whether the path carries the flag.
     *
     * @param flag a flag
     * @return true if set
     */
    public boolean has(NextHopFlag flag) {
        return flags.contains(flag);
    }

    /**
     * Returns this path with other flags.
     *
     * @param newFlags the flags
     * @return a copy
     */
    public NextHop withFlags(Set<NextHopFlag> newFlags) {
        return new NextHop(gateway, device, weight, newFlags);
    }
}
