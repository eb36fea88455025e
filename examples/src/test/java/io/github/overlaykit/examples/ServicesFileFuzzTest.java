package io.github.overlaykit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.iptables.KubeEndpoint;
import io.github.overlaykit.iptables.KubeProxyRenderer;
import io.github.overlaykit.iptables.KubeService;
import io.github.overlaykit.iptables.Ruleset;
import io.github.overlaykit.iptables.Validator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Any text given to {@code service-proxy --services} either parses, and then renders to rules that the
 * iptables model reads and iptables-restore would load, and printing the services back parses to the
 * same services; or it fails with a {@link ServicesFileException} located inside the text on one line:
 * never another exception, never a rule that breaks the restore input.
 */
class ServicesFileFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void servicesFilesParseOrFailWithALocation(String text) {
        if (text == null) {
            return;
        }
        List<KubeService> services;
        try {
            services = ServicesFile.parse(text, "f");
        } catch (ServicesFileException e) {
            String[] lines = text.split("\n", -1);
            assertTrue(e.line() >= 1 && e.line() <= lines.length, e.getMessage());
            assertTrue(e.column() >= 1 && e.column() <= lines[e.line() - 1].length() + 1, e.getMessage());
            assertTrue(e.getMessage().startsWith("f:" + e.line() + ":" + e.column() + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
            return;
        }
        String rendered = new KubeProxyRenderer(Ipv4Prefix.parse("10.244.0.0/16"), 0x4000, false).render(services);
        Ruleset rules = Ruleset.parse(rendered, "rendered").restore(KubeProxyRenderer.jumpRules(), "jumps", true);
        assertEquals(List.of(), Validator.validate(rules), rendered);
        String printed = services.stream().map(ServicesFileFuzzTest::line).collect(Collectors.joining("\n"));
        assertEquals(services, ServicesFile.parse(printed, "printed"), printed);
    }

    private static String line(KubeService s) {
        String endpoints = s.endpoints().stream().map(KubeEndpoint::toString).collect(Collectors.joining(","));
        return s.servicePortName() + " " + s.protocol() + " " + s.clusterIp() + ":" + s.port()
            + (endpoints.isEmpty() ? "" : " -> " + endpoints);
    }
}
