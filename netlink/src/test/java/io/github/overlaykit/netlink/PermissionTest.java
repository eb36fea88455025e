package io.github.overlaykit.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.testing.NetworkNamespace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Without CAP_NET_ADMIN a change fails with EPERM and a message that says what is missing. */
class PermissionTest {

    @Test
    void shouldExplainCapNetAdminWhenUnprivileged() {
        NetworkNamespace.requirePrivileges("setpriv");
        try (NetworkNamespace ns = NetworkNamespace.create("nlperm")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            NetworkNamespace.Result r = ns.execAny("setpriv", "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all",
                    "--", java, "-cp", System.getProperty("java.class.path"), UnprivilegedProbe.class.getName());
            assertEquals(0, r.exitCode(), r.stderr());
            String[] lines = r.stdout().strip().split("\n");
            assertTrue(lines[0].startsWith("links "), r.stdout());
            String[] error = lines[lines.length - 1].split("\\|", 2);
            assertEquals("EPERM", error[0], r.stdout());
            assertTrue(error[1].contains("RTM_NEWROUTE add 192.0.2.0/25: EPERM (Operation not permitted)"), error[1]);
            assertTrue(error[1].contains("needs CAP_NET_ADMIN"), error[1]);
            assertEquals("", ns.exec("ip", "route", "show", "192.0.2.0/25"), "nothing was changed");
        }
    }
}
