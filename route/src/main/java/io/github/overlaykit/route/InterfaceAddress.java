package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import java.util.Objects;

/**
 * An IPv4 address assigned to a device, as source-address selection sees it.
 *
 * @param device       the device name
 * @param address      the local address
 * @param prefixLength the subnet length
 * @param scope        the address scope ({@link RouteScope}; host for 127.0.0.0/8)
 * @param secondary    a secondary address (another address of the same subnet came first)
 */
public record InterfaceAddress(String device, Ipv4Address address, int prefixLength, int scope, boolean secondary) {

    /**
     * Validates.
     *
     * @param device       name
     * @param address      address
     * @param prefixLength 0..32
     * @param scope        0..255
     * @param secondary    secondary
     */
    public InterfaceAddress {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0..32");
        }
    }

    /**
     * Tells whether {@code bits} is in this address's subnet ({@code inet_ifa_match}).
     *
     * @param bits an address
     * @return true if inside
     */
    public boolean subnetContains(int bits) {
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        return ((bits ^ address.bits()) & mask) == 0;
    }
}
