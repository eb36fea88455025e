package io.github.overlaykit.netlink;

import io.github.overlaykit.route.Route;

/**
 * Run by {@link PermissionTest} in a child JVM without capabilities, inside a test namespace: tries one
 * route change and prints the error the client reports.
 */
final class UnprivilegedProbe {
    private UnprivilegedProbe() {
    }

    public static void main(String[] args) {
        try (RtnetlinkClient nl = RtnetlinkClient.open()) {
            System.out.println("links " + nl.links().size()); // reading needs no privilege
            nl.addRoute(Route.parse("192.0.2.0/25 dev lo"));
            System.out.println("unexpected success");
        } catch (NetlinkException e) {
            System.out.println(e.errnoName() + "|" + e.getMessage());
        }
    }
}
