package io.github.overlaykit.netlink;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.route.Link;
import java.util.Objects;

/**
 * What {@link RtnetlinkClient#addLink(LinkRequest)} creates: a vxlan device (every {@code IFLA_VXLAN_*}
 * flannel and Calico set), a veth pair or a bridge, with optional MTU, MAC, master and state.
 *
 * <p>Only what was set is sent, so the kernel's defaults apply to the rest exactly as with
 * {@code ip link add}: a vxlan without {@link #port(int)} gets the kernel's default port 8472, one
 * without {@link #learning(boolean)} learns. A mutable builder; not thread-safe.
 *
 * <pre>{@code
 * // ip link add flannel.1 address 0e:2a:00:00:00:01 mtu 1450 type vxlan id 1 local 192.0.2.1 dev d0 nolearning dstport 8472
 * client.addLink(LinkRequest.vxlan("flannel.1", 1).address(mac).mtu(1450)
 *         .local(Ipv4Address.parse("192.0.2.1")).underlay("d0").learning(false).port(8472));
 * }</pre>
 */
public final class LinkRequest {
    final String name;
    final String kind;
    int mtu = -1;
    MacAddress address;
    String master;
    boolean up;
    // vxlan
    int vni = -1;
    Ipv4Address local;
    Ipv4Address group;
    String underlay;
    int port = -1;
    Boolean learning;
    boolean gbp;
    int ttl = -1;
    int tos = -1;
    int portLow = -1;
    int portHigh = -1;
    Boolean udpChecksum;
    Boolean proxy;
    Boolean l2miss;
    Boolean l3miss;
    long ageing = -1;
    long limit = -1;
    boolean external;
    // veth
    String peer;

    private LinkRequest(String name, String kind) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 15 || name.contains("/") || name.contains(" ")) {
            throw new IllegalArgumentException("not a device name (1..15 characters, no '/' or space): \"" + name + "\"");
        }
        this.kind = kind;
    }

    /**
     * A vxlan device ({@code type vxlan id VNI}).
     *
     * @param name the device name, e.g. {@code flannel.1}
     * @param vni  the VNI, 0..16777215
     * @return the request
     */
    public static LinkRequest vxlan(String name, int vni) {
        if (vni < 0 || vni > 0xFF_FFFF) {
            throw new IllegalArgumentException("vni " + vni + " is outside 0..16777215");
        }
        LinkRequest request = new LinkRequest(name, "vxlan");
        request.vni = vni;
        return request;
    }

    /**
     * A vxlan device from the route module's description of one.
     *
     * @param name  the device name
     * @param vxlan VNI, local address, port, underlay device and learning
     * @return the request
     */
    public static LinkRequest vxlan(String name, Link.Vxlan vxlan) {
        LinkRequest request = vxlan(name, vxlan.vni());
        request.local = vxlan.local();
        request.underlay = vxlan.underlayDevice();
        request.port = vxlan.destinationPort() == 0 ? -1 : vxlan.destinationPort();
        request.learning = vxlan.learning();
        return request;
    }

    /**
     * A veth pair ({@code type veth peer name PEER}).
     *
     * @param name the first end
     * @param peer the second end
     * @return the request
     */
    public static LinkRequest veth(String name, String peer) {
        LinkRequest request = new LinkRequest(name, "veth");
        request.peer = new LinkRequest(peer, null).name;
        return request;
    }

    /**
     * A bridge ({@code type bridge}).
     *
     * @param name the bridge name
     * @return the request
     */
    public static LinkRequest bridge(String name) {
        return new LinkRequest(name, "bridge");
    }

    /**
     * Returns the device name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the link kind.
     *
     * @return {@code vxlan}, {@code veth} or {@code bridge}
     */
    public String kind() {
        return kind;
    }

    /**
     * Sets the MTU ({@code IFLA_MTU}).
     *
     * @param value the MTU
     * @return this
     */
    public LinkRequest mtu(int value) {
        this.mtu = value;
        return this;
    }

    /**
     * Sets the MAC address ({@code IFLA_ADDRESS}).
     *
     * @param value the address
     * @return this
     */
    public LinkRequest address(MacAddress value) {
        this.address = value;
        return this;
    }

    /**
     * Enslaves the new device to a master such as a bridge ({@code IFLA_MASTER}).
     *
     * @param value the master's name
     * @return this
     */
    public LinkRequest master(String value) {
        this.master = value;
        return this;
    }

    /**
     * Creates the device administratively up ({@code IFF_UP}).
     *
     * @param value true for up
     * @return this
     */
    public LinkRequest up(boolean value) {
        this.up = value;
        return this;
    }

    /**
     * vxlan: the local VTEP address ({@code IFLA_VXLAN_LOCAL}, {@code local}).
     *
     * @param value the address
     * @return this
     */
    public LinkRequest local(Ipv4Address value) {
        this.local = value;
        return this;
    }

    /**
     * vxlan: the multicast group or single remote ({@code IFLA_VXLAN_GROUP}, {@code group}/{@code remote}).
     *
     * @param value the address
     * @return this
     */
    public LinkRequest group(Ipv4Address value) {
        this.group = value;
        return this;
    }

    /**
     * vxlan: the underlay device ({@code IFLA_VXLAN_LINK}, {@code dev}).
     *
     * @param value the device name
     * @return this
     */
    public LinkRequest underlay(String value) {
        this.underlay = value;
        return this;
    }

    /**
     * vxlan: the UDP destination port ({@code IFLA_VXLAN_PORT}, {@code dstport}; big-endian on the wire).
     *
     * @param value 0..65535
     * @return this
     */
    public LinkRequest port(int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException("port " + value + " is outside 0..65535");
        }
        this.port = value;
        return this;
    }

    /**
     * vxlan: whether to learn remote MACs ({@code IFLA_VXLAN_LEARNING}, {@code [no]learning}).
     *
     * @param value false for flannel's {@code nolearning}
     * @return this
     */
    public LinkRequest learning(boolean value) {
        this.learning = value;
        return this;
    }

    /**
     * vxlan: the Group Based Policy extension ({@code IFLA_VXLAN_GBP}, {@code gbp}).
     *
     * @param value true to enable
     * @return this
     */
    public LinkRequest gbp(boolean value) {
        this.gbp = value;
        return this;
    }

    /**
     * vxlan: the outer TTL ({@code IFLA_VXLAN_TTL}); 0 means {@code ttl auto}.
     *
     * @param value 0..255
     * @return this
     */
    public LinkRequest ttl(int value) {
        this.ttl = value;
        return this;
    }

    /**
     * vxlan: the outer TOS ({@code IFLA_VXLAN_TOS}); 1 means {@code tos inherit}.
     *
     * @param value 0..255
     * @return this
     */
    public LinkRequest tos(int value) {
        this.tos = value;
        return this;
    }

    /**
     * vxlan: the UDP source port range ({@code IFLA_VXLAN_PORT_RANGE}, {@code srcport LOW HIGH}).
     *
     * @param low  the first port
     * @param high the last port
     * @return this
     */
    public LinkRequest sourcePortRange(int low, int high) {
        this.portLow = low;
        this.portHigh = high;
        return this;
    }

    /**
     * vxlan: UDP checksums over IPv4 ({@code IFLA_VXLAN_UDP_CSUM}, {@code [no]udpcsum}).
     *
     * @param value true to compute them
     * @return this
     */
    public LinkRequest udpChecksum(boolean value) {
        this.udpChecksum = value;
        return this;
    }

    /**
     * vxlan: ARP proxy ({@code IFLA_VXLAN_PROXY}).
     *
     * @param value true to enable
     * @return this
     */
    public LinkRequest proxy(boolean value) {
        this.proxy = value;
        return this;
    }

    /**
     * vxlan: L2 and L3 miss notifications ({@code IFLA_VXLAN_L2MISS}, {@code IFLA_VXLAN_L3MISS}).
     *
     * @param l2 report unknown destination MACs
     * @param l3 report unknown destination IPs
     * @return this
     */
    public LinkRequest misses(boolean l2, boolean l3) {
        this.l2miss = l2;
        this.l3miss = l3;
        return this;
    }

    /**
     * vxlan: FDB ageing in seconds ({@code IFLA_VXLAN_AGEING}).
     *
     * @param seconds the ageing time
     * @return this
     */
    public LinkRequest ageing(long seconds) {
        this.ageing = seconds;
        return this;
    }

    /**
     * vxlan: the maximum number of FDB entries ({@code IFLA_VXLAN_LIMIT}).
     *
     * @param entries the limit
     * @return this
     */
    public LinkRequest limit(long entries) {
        this.limit = entries;
        return this;
    }

    /**
     * vxlan: external (flow-based, {@code IFLA_VXLAN_COLLECT_METADATA}) mode.
     *
     * @param value true for {@code external}
     * @return this
     */
    public LinkRequest external(boolean value) {
        this.external = value;
        return this;
    }
}
