/**
 * The {@code overlaykit} command-line tool; each subcommand is one small class built on the public API.
 */
module io.github.overlaykit.examples {
    requires io.github.overlaykit.codec;
    requires io.github.overlaykit.route;
    requires io.github.overlaykit.iptables;
    requires io.github.overlaykit.netlink;
    requires info.picocli;
    requires jdk.httpserver;

    opens io.github.overlaykit.examples to info.picocli;
}
