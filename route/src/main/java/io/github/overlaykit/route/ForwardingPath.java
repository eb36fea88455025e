package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import java.util.List;

/**
 * The whole way a packet to a destination takes, the way flannel's VXLAN overlay forwards it:
 * route → next hop → neighbour (MAC) → FDB entry on the vxlan device → remote VTEP → underlay route,
 * or the first link of that chain that is missing.
 *
 * @param route             the route lookup ({@code ip route get})
 * @param neighbor          the neighbour entry of the next hop, or null
 * @param fdbEntry          the FDB entry used on a vxlan device (the MAC's own, else the first flood
 *                          entry), or null
 * @param floodList         the all-zero-MAC entries when the MAC has no entry of its own, else empty
 * @param vtep              the remote VTEP address, or null
 * @param vni               the VNI the packet carries, or -1 when not VXLAN
 * @param destinationPort   the outer UDP destination port, or -1 when not VXLAN
 * @param underlay          the underlay lookup to the VTEP from the vxlan device's {@code local} out of
 *                          its {@code dev}, or null
 * @param underlayNeighbor  the underlay next hop's neighbour entry, or null (the kernel would resolve it)
 * @param missing           what is missing, {@link Missing#NONE} when the chain is complete
 * @param detail            a sentence saying what was missing and where
 */
public record ForwardingPath(LookupResult route, Neighbor neighbor, FdbEntry fdbEntry, List<FdbEntry> floodList,
        Ipv4Address vtep, long vni, int destinationPort, LookupResult underlay, Neighbor underlayNeighbor,
        Missing missing, String detail) {

    /**
     * Freezes the flood list.
     *
     * @param route            the lookup
     * @param neighbor         neighbour or null
     * @param fdbEntry         entry or null
     * @param floodList        flood entries
     * @param vtep             VTEP or null
     * @param vni              VNI or -1
     * @param destinationPort  port or -1
     * @param underlay         lookup or null
     * @param underlayNeighbor neighbour or null
     * @param missing          what is missing
     * @param detail           explanation
     */
    public ForwardingPath {
        floodList = List.copyOf(floodList);
    }

    /** The link of the chain that stops the packet. */
    public enum Missing {
        /** Nothing: the path is complete (or the destination is local). */
        NONE,
        /** The route lookup failed ({@link LookupResult#error()} says why). */
        ROUTE,
        /** The output device (or the underlay device) is down or has no carrier. */
        DEVICE_DOWN,
        /** No valid neighbour entry for the next hop on the device. */
        NEIGHBOR,
        /** The vxlan device has no FDB entry for the MAC and no flood entry, or the entry has no dst. */
        FDB_ENTRY,
        /** The VTEP address has no underlay route. */
        UNDERLAY_ROUTE,
        /** The underlay route leads back out of the vxlan device itself. */
        CIRCULAR_ROUTE
    }

    /**
     * Tells whether the chain is complete.
     *
     * @return true when nothing is missing
     */
    public boolean isComplete() {
        return missing == Missing.NONE;
    }

    /**
     * Returns the chain, one step per line, in {@code ip}/{@code bridge} text.
     *
     * @return e.g. {@code route 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink} …
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (route.isSuccess() && route.route() != null) {
            out.append("route      ").append(route.route().toString().stripTrailing()).append('\n');
        }
        out.append("lookup     ").append(route.getText().replace(" \n    cache ", " |").stripTrailing()).append('\n');
        if (neighbor != null) {
            out.append("neighbour  ").append(neighbor.toString().stripTrailing()).append('\n');
        }
        if (fdbEntry != null) {
            out.append("fdb        ").append(fdbEntry.toString().stripTrailing()).append('\n');
        }
        if (vtep != null) {
            out.append("vtep       ").append(vtep).append(" vni ").append(vni).append(" dstport ").append(destinationPort)
                    .append('\n');
        }
        if (underlay != null) {
            out.append("underlay   ").append(underlay.getText().replace(" \n    cache ", " |").stripTrailing()).append('\n');
        }
        if (underlayNeighbor != null) {
            out.append("underlay neighbour ").append(underlayNeighbor.toString().stripTrailing()).append('\n');
        }
        out.append(missing == Missing.NONE ? "complete" : "missing " + missing.name().toLowerCase(java.util.Locale.ROOT)
                + ": " + detail);
        return out.toString();
    }
}
