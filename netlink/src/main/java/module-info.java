/**
 * A typed rtnetlink client: links (vxlan, veth, bridge), addresses, routes, rules, neighbours, the
 * bridge FDB, events and network namespaces, over {@code AF_NETLINK} sockets bound through jnr-ffi.
 * Only this module touches native code, and only through one package-private class.
 */
module io.github.overlaykit.netlink {
    requires transitive io.github.overlaykit.codec;
    requires transitive io.github.overlaykit.route;
    requires org.jnrproject.ffi;

    exports io.github.overlaykit.netlink;
    exports io.github.overlaykit.netlink.message;
    exports io.github.overlaykit.netlink.constants;
}
