/**
 * An iptables-save exact model of rulesets, a validator, a packet tracer and kube-proxy naming.
 */
module io.github.overlaykit.iptables {
    requires transitive io.github.overlaykit.codec;

    exports io.github.overlaykit.iptables;
}
