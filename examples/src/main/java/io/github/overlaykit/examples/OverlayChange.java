package io.github.overlaykit.examples;

import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.route.FdbEntry;
import io.github.overlaykit.route.InterfaceAddress;
import io.github.overlaykit.route.Link;
import io.github.overlaykit.route.Neighbor;
import io.github.overlaykit.route.NextHop;
import io.github.overlaykit.route.NextHopFlag;
import io.github.overlaykit.route.Route;
import io.github.overlaykit.route.RouteTable;

/**
 * One step of an {@link OverlayReconciler} plan: a typed change to a link, an address, a route, a
 * neighbour or an FDB entry. {@link #command()} is the {@code ip}/{@code bridge} command that does the
 * same, so a plan reads (and runs, with iproute2) as a script; the reconciler applies it through
 * netlink.
 */
sealed interface OverlayChange {

    /**
     * Returns the iproute2 command with the same effect.
     *
     * @return e.g. {@code ip route replace 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink}
     */
    String command();

    /** {@code ip link add NAME address MAC mtu N type vxlan id VNI local IP dev UNDERLAY dstport P nolearning}. */
    record CreateVxlan(Link link) implements OverlayChange {
        @Override
        public String command() {
            Link.Vxlan v = link.vxlan();
            return "ip link add " + link.name() + " address " + link.address() + " mtu " + link.mtu() + " type vxlan id "
                    + v.vni() + " local " + v.local() + " dev " + v.underlayDevice() + " dstport " + v.destinationPort()
                    + (v.learning() ? " learning" : " nolearning");
        }
    }

    /** {@code ip link del NAME}: the device is not the vxlan device wanted and cannot be changed in place. */
    record DeleteLink(String name, String reason) implements OverlayChange {
        @Override
        public String command() {
            return "ip link del " + name;
        }
    }

    /** {@code ip link set NAME address MAC}: this node's VTEP MAC changed. */
    record SetLinkAddress(String name, MacAddress address) implements OverlayChange {
        @Override
        public String command() {
            return "ip link set " + name + " address " + address;
        }
    }

    /** {@code ip link set NAME mtu N}: the underlay's MTU less the 50 bytes of VXLAN headers. */
    record SetLinkMtu(String name, int mtu) implements OverlayChange {
        @Override
        public String command() {
            return "ip link set " + name + " mtu " + mtu;
        }
    }

    /** {@code ip link set NAME up}. */
    record SetLinkUp(String name) implements OverlayChange {
        @Override
        public String command() {
            return "ip link set " + name + " up";
        }
    }

    /** {@code ip addr add A/LEN dev NAME}. */
    record AddAddress(InterfaceAddress address) implements OverlayChange {
        @Override
        public String command() {
            return "ip addr add " + address.address() + "/" + address.prefixLength() + " dev " + address.device();
        }
    }

    /** {@code ip addr del A/LEN dev NAME}. */
    record DeleteAddress(InterfaceAddress address) implements OverlayChange {
        @Override
        public String command() {
            return "ip addr del " + address.address() + "/" + address.prefixLength() + " dev " + address.device();
        }
    }

    /** {@code ip route replace ROUTE}: adds the route, or changes the one with its key in place. */
    record ReplaceRoute(Route route) implements OverlayChange {
        @Override
        public String command() {
            return "ip route replace " + route.toString().stripTrailing();
        }
    }

    /** {@code ip route del ROUTE}, naming the route by its key and path as the kernel matches it. */
    record DeleteRoute(Route route) implements OverlayChange {
        @Override
        public String command() {
            StringBuilder text = new StringBuilder("ip route del ").append(route.destination());
            NextHop hop = route.nextHops().isEmpty() ? null : route.nextHops().get(0);
            if (hop != null && hop.gateway() != null) {
                text.append(" via ").append(hop.gateway());
            }
            if (hop != null && hop.device() != null) {
                text.append(" dev ").append(hop.device());
            }
            if (hop != null && hop.has(NextHopFlag.ONLINK)) {
                text.append(" onlink");
            }
            if (route.metric() != 0) {
                text.append(" metric ").append(route.metric());
            }
            if (route.table() != RouteTable.MAIN) {
                text.append(" table ").append(RouteTable.name(route.table()));
            }
            return text.toString();
        }
    }

    /** {@code ip neigh replace IP lladdr MAC dev NAME nud permanent}. */
    record ReplaceNeighbor(Neighbor neighbor) implements OverlayChange {
        @Override
        public String command() {
            return "ip neigh replace " + neighbor.address() + " lladdr " + neighbor.linkLayerAddress() + " dev "
                    + neighbor.device() + " nud permanent";
        }
    }

    /** {@code ip neigh del IP dev NAME}. */
    record DeleteNeighbor(Neighbor neighbor) implements OverlayChange {
        @Override
        public String command() {
            return "ip neigh del " + neighbor.address() + " dev " + neighbor.device();
        }
    }

    /** {@code bridge fdb replace MAC dev NAME dst IP self permanent}: adds, or moves the MAC's entry in place. */
    record ReplaceFdb(FdbEntry entry) implements OverlayChange {
        @Override
        public String command() {
            return "bridge fdb replace " + entry.mac() + " dev " + entry.device() + " dst " + entry.destination()
                    + " self permanent";
        }
    }

    /** {@code bridge fdb del MAC dev NAME dst IP self}. */
    record DeleteFdb(FdbEntry entry) implements OverlayChange {
        @Override
        public String command() {
            return "bridge fdb del " + entry.mac() + " dev " + entry.device()
                    + (entry.destination() != null ? " dst " + entry.destination() : "") + " self";
        }
    }
}
