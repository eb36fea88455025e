package io.github.overlaykit.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.route.Link;
import io.github.overlaykit.testing.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link NetNamespace#create} and {@link NetNamespace#delete} against what {@code ip netns} sees. */
class NetNamespaceLifecycleTest {

    @BeforeAll
    static void privileges() {
        NetworkNamespace.requirePrivileges();
    }

    private static String freshName() {
        return "ok-nscreate-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    }

    private static boolean listed(String name) {
        return NetworkNamespace.run(List.of("ip", "netns", "list"), 0).lines()
                .anyMatch(line -> line.equals(name) || line.startsWith(name + " "));
    }

    @Test
    void createdNamespaceIsEmptyIsolatedAndSeenByIproute2ThenDeleted() {
        String name = freshName();
        NetNamespace namespace = NetNamespace.create(name);
        try {
            assertTrue(listed(name), "ip netns list shows " + name);
            // iproute2 enters it and finds only a down loopback
            String links = NetworkNamespace.run(List.of("ip", "-n", name, "-o", "link", "show"), 0);
            assertEquals(1, links.lines().count(), links);
            assertTrue(links.startsWith("1: lo: <LOOPBACK>"), links);
            // a device made inside through netlink is visible to iproute2 and not on the host
            try (RtnetlinkClient client = RtnetlinkClient.open(namespace)) {
                client.addLink(LinkRequest.bridge("okbr0").up(true));
                assertEquals(List.of("lo", "okbr0"), client.links().stream().map(Link::name).toList());
            }
            assertTrue(NetworkNamespace.run(List.of("ip", "-n", name, "link", "show", "okbr0"), 0).contains("okbr0"));
            assertFalse(NetworkNamespace.runAny(List.of("ip", "link", "show", "okbr0")).exitCode() == 0,
                    "the bridge must not exist on the host");

            NetlinkException taken = assertThrows(NetlinkException.class, () -> NetNamespace.create(name));
            assertEquals(Errno.EEXIST, taken.errno());
            assertTrue(listed(name), "a failed second create leaves the first alone");
        } finally {
            if (Files.exists(Path.of("/run/netns", name))) {
                namespace.delete();
            }
        }
        assertFalse(listed(name), "ip netns list no longer shows " + name);
        assertFalse(Files.exists(Path.of("/run/netns", name)));
        NetlinkException gone = assertThrows(NetlinkException.class, namespace::delete);
        assertEquals(Errno.ENOENT, gone.errno());
    }

    @Test
    void namespaceMadeByIproute2IsDeletedBySdk() {
        NetworkNamespace made = NetworkNamespace.create("nsdel");
        try {
            NetNamespace.named(made.name()).delete();
            assertFalse(listed(made.name()));
        } finally {
            made.close();
        }
    }

    @Test
    void onlyNamedNamespacesCanBeDeleted() {
        assertThrows(IllegalStateException.class, () -> NetNamespace.ofPid(1).delete());
        assertThrows(IllegalArgumentException.class, () -> NetNamespace.create("a/b"));
    }
}
