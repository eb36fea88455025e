package io.github.overlaykit.netlink;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.util.Objects;

/**
 * An IPv4 address assigned to an interface ({@code ip addr}: {@code inet 10.244.0.0/32 scope global
 * flannel.1}). Unlike a route's {@link Ipv4Prefix}, the address keeps its host bits.
 *
 * @param device       the interface name
 * @param address      the local address ({@code IFA_LOCAL})
 * @param prefixLength the prefix length, 0..32
 * @param peer         the peer address of a point-to-point link ({@code IFA_ADDRESS} when it differs),
 *                     or null
 * @param broadcast    the broadcast address ({@code IFA_BROADCAST}), or null
 * @param scope        the scope ({@code RT_SCOPE_*}: 0 global, 253 link, 254 host)
 * @param label        the label ({@code IFA_LABEL}), or null for the device name
 * @param flags        {@code IFA_F_*} bits ({@code IFA_FLAGS})
 */
public record InterfaceAddress(String device, Ipv4Address address, int prefixLength, Ipv4Address peer,
        Ipv4Address broadcast, int scope, String label, long flags) {

    /**
     * Validates.
     *
     * @param device       the interface name
     * @param address      the address
     * @param prefixLength 0..32
     * @param peer         peer or null
     * @param broadcast    broadcast or null
     * @param scope        0..255
     * @param label        label or null
     * @param flags        flag bits
     */
    public InterfaceAddress {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0..32");
        }
        if (scope < 0 || scope > 255) {
            throw new IllegalArgumentException("scope " + scope + " is outside 0..255");
        }
    }

    /**
     * A global-scope address without peer, broadcast or label, as {@code ip addr add CIDR dev DEV}
     * makes it.
     *
     * @param device the interface
     * @param cidr   e.g. {@code "10.244.0.0/32"} (host bits allowed)
     * @return the address
     * @throws IllegalArgumentException if {@code cidr} is not {@code a.b.c.d/len}
     */
    public static InterfaceAddress parse(String device, String cidr) {
        int slash = cidr.indexOf('/');
        Ipv4Address address = Ipv4Address.parse(slash < 0 ? cidr : cidr.substring(0, slash));
        int length = 32;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length in \"" + cidr + "\"", e);
            }
        }
        return new InterfaceAddress(device, address, length, null, null, 0, null, 0);
    }

    /**
     * Returns the network the address is in.
     *
     * @return the prefix with host bits cleared
     */
    public Ipv4Prefix network() {
        return Ipv4Prefix.containing(address.bits(), prefixLength);
    }

    /**
     * Returns {@code address/prefixLength} as {@code ip addr} prints it.
     *
     * @return e.g. {@code "10.244.0.0/32"}
     */
    public String cidr() {
        return address + "/" + prefixLength;
    }
}
