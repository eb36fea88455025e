/**
 * The Linux forwarding state as a model: routes, rules, neighbours, the bridge FDB and links, with
 * iproute2-exact text and a kernel-exact lookup.
 */
module io.github.overlaykit.route {
    requires transitive io.github.overlaykit.codec;

    exports io.github.overlaykit.route;
}
