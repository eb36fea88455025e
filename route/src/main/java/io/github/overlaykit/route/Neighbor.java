package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import java.util.Objects;
import java.util.Set;

/**
 * A neighbour (ARP) entry, as {@code ip neigh show} prints it:
 * {@code 10.244.1.0 dev flannel.1 lladdr 02:42:0a:f4:01:00 PERMANENT }.
 *
 * <p>IPv4 today; IPv6 neighbours will join with their own address type.
 *
 * @param address           the neighbour's IP address
 * @param device            the device, or null when printed by a per-device listing
 * @param linkLayerAddress  the MAC address, or null (incomplete/failed entries)
 * @param states            NUD states
 * @param flags             {@link NeighborFlag#ROUTER}, {@link NeighborFlag#PROXY}, …
 * @param protocol          {@code NDA_PROTOCOL} ({@link RouteProtocol}), or -1 when absent
 */
public record Neighbor(Ipv4Address address, String device, MacAddress linkLayerAddress, Set<NeighborState> states,
        Set<NeighborFlag> flags, int protocol) {

    /**
     * Validates and freezes the sets.
     *
     * @param address          the address
     * @param device           the device or null
     * @param linkLayerAddress the MAC or null
     * @param states           the states
     * @param flags            the flags
     * @param protocol         -1 or 0..255
     */
    public Neighbor {
        Objects.requireNonNull(address, "address");
        states = NeighborState.copy(Objects.requireNonNull(states, "states"));
        flags = NeighborFlag.copy(Objects.requireNonNull(flags, "flags"));
        if (protocol < -1 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " is outside 0..255");
        }
    }

    /**
     * A permanent entry, as flannel installs for each remote VTEP.
     *
     * @param address the neighbour address
     * @param device  the device
     * @param mac     its MAC
     * @return the entry
     */
    public static Neighbor permanent(Ipv4Address address, String device, MacAddress mac) {
        return new Neighbor(address, device, mac, Set.of(NeighborState.PERMANENT), Set.of(), -1);
    }

    /**
     * Tells whether the link-layer address can be used ({@code NUD_VALID}).
     *
     * @return true if valid and a MAC is present
     */
    public boolean isValid() {
        return linkLayerAddress != null && NeighborState.isValid(states);
    }

    /**
     * Parses one line of {@code ip neigh show}.
     *
     * @param line the line
     * @return the entry
     * @throws RouteParseException with the column of the bad word
     */
    public static Neighbor parse(String line) {
        return NeighborText.parseNeighbor(line, "<neigh>", 1);
    }

    /**
     * Returns the line {@code ip neigh show} prints, without the newline.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return NeighborText.format(this);
    }
}
