package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import java.util.Objects;
import java.util.Set;

/**
 * A bridge forwarding database entry, as {@code bridge fdb show} prints it:
 * {@code 02:42:0a:f4:01:00 dev flannel.1 dst 192.0.2.10 self permanent}.
 *
 * <p>On a vxlan device an entry maps an inner MAC to a remote VTEP ({@code dst}); the all-zero MAC
 * holds the flood list. Absent numbers are -1 (vni, src_vni, port) or 0 (vlan).
 *
 * @param mac         the MAC address
 * @param device      the device, or null when printed by a per-device listing
 * @param destination the remote VTEP ({@code dst}), or null
 * @param vlan        the VLAN id, 0 for none
 * @param port        the remote UDP port, -1 for the device's
 * @param vni         the remote VNI, -1 for the device's
 * @param sourceVni   {@code src_vni}, -1 for none
 * @param via         the underlay device ({@code via}, {@code NDA_IFINDEX}), or null
 * @param master      the bridge master ({@code NDA_MASTER}), or null
 * @param flags       {@link NeighborFlag#SELF}, {@link NeighborFlag#MASTER}, …
 * @param states      NUD states: permanent, static ({@link NeighborState#NOARP}), stale, reachable
 */
public record FdbEntry(MacAddress mac, String device, Ipv4Address destination, int vlan, int port, long vni,
        long sourceVni, String via, String master, Set<NeighborFlag> flags, Set<NeighborState> states) {

    /**
     * Validates and freezes the sets.
     *
     * @param mac         the MAC
     * @param device      the device or null
     * @param destination dst or null
     * @param vlan        0..4095
     * @param port        -1 or 0..65535
     * @param vni         -1 or 0..2^32-1
     * @param sourceVni   -1 or 0..2^32-1
     * @param via         device or null
     * @param master      device or null
     * @param flags       the flags
     * @param states      the states
     */
    public FdbEntry {
        Objects.requireNonNull(mac, "mac");
        if (vlan < 0 || vlan > 4095) {
            throw new IllegalArgumentException("vlan " + vlan + " is outside 0..4095");
        }
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        if (vni < -1 || vni > 0xFFFF_FFFFL || sourceVni < -1 || sourceVni > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("vni outside 0..4294967295");
        }
        flags = NeighborFlag.copy(Objects.requireNonNull(flags, "flags"));
        states = NeighborState.copy(Objects.requireNonNull(states, "states"));
    }

    /**
     * A vxlan entry as flannel installs it: {@code MAC dev DEV dst VTEP self permanent}.
     *
     * @param mac         the remote VTEP device's MAC
     * @param device      the vxlan device
     * @param destination the remote VTEP's underlay address
     * @return the entry
     */
    public static FdbEntry vxlan(MacAddress mac, String device, Ipv4Address destination) {
        return new FdbEntry(mac, device, destination, 0, -1, -1, -1, null, null, Set.of(NeighborFlag.SELF),
                Set.of(NeighborState.PERMANENT));
    }

    /**
     * Parses one line of {@code bridge fdb show}.
     *
     * @param line the line
     * @return the entry
     * @throws RouteParseException with the column of the bad word
     */
    public static FdbEntry parse(String line) {
        return NeighborText.parseFdb(line, "<fdb>", 1);
    }

    /**
     * Returns the line {@code bridge fdb show} prints, without the newline.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return NeighborText.formatFdb(this);
    }
}
