package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import java.util.Objects;

/**
 * What a route decision needs to know about a network device.
 *
 * @param index    the ifindex
 * @param name     the name, e.g. {@code flannel.1}
 * @param up       administratively up ({@code IFF_UP})
 * @param lowerUp  carrier present ({@code IFF_LOWER_UP}); routes over a link without it print
 *                 {@code linkdown}
 * @param mtu      the MTU
 * @param address  the link-layer address, or null
 * @param vxlan    the vxlan parameters, or null for other kinds
 */
public record Link(int index, String name, boolean up, boolean lowerUp, int mtu, MacAddress address, Vxlan vxlan) {

    /**
     * Validates.
     *
     * @param index   &gt;= 0
     * @param name    non-empty
     * @param up      admin state
     * @param lowerUp carrier
     * @param mtu     &gt;= 0
     * @param address MAC or null
     * @param vxlan   vxlan or null
     */
    public Link {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || index < 0 || mtu < 0) {
            throw new IllegalArgumentException("invalid link " + index + " " + name + " mtu " + mtu);
        }
    }

    /**
     * Tells whether the device can carry traffic (up with carrier).
     *
     * @return true if up and lower up
     */
    public boolean isOperational() {
        return up && lowerUp;
    }

    /**
     * The vxlan parameters of a device ({@code ip -d link show}: {@code vxlan id 1 local 192.0.2.1
     * dev eth0 dstport 8472 nolearning}).
     *
     * @param vni             the VXLAN network identifier
     * @param local           the source VTEP address, or null
     * @param destinationPort the UDP destination port (8472 for flannel, 4789 IANA)
     * @param underlayDevice  the underlay device name ({@code dev}), or null
     * @param learning        whether the device learns remote MACs
     */
    public record Vxlan(int vni, Ipv4Address local, int destinationPort, String underlayDevice, boolean learning) {

        /**
         * Validates.
         *
         * @param vni             0..2^24-1
         * @param local           address or null
         * @param destinationPort 0..65535
         * @param underlayDevice  name or null
         * @param learning        learning
         */
        public Vxlan {
            if (vni < 0 || vni > 0xFF_FFFF) {
                throw new IllegalArgumentException("vni " + vni + " is outside 0..16777215");
            }
            if (destinationPort < 0 || destinationPort > 65535) {
                throw new IllegalArgumentException("port " + destinationPort + " is outside 0..65535");
            }
        }
    }
}
