package io.github.overlaykit.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One vector per match and target option form (extension-vectors.txt, produced by the real
 * iptables-nft-restore/-save 1.8.9): the rule as written parses and prints as iptables-save printed it,
 * and the printed form is a fixed point.
 */
class ExtensionVectorsTest {

    static Stream<Arguments> vectors() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = ExtensionVectorsTest.class.getResourceAsStream("extension-vectors.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", 3);
                out.add(Arguments.of(f[0], f[1], f[2]));
            }
        }
        return out.stream();
    }

    private static Rule parseOne(String table, String rule) {
        Ruleset rules = Ruleset.parse("*" + table + "\n" + rule + "\nCOMMIT\n");
        for (Chain c : rules.table(table).chains()) {
            if (!c.rules().isEmpty()) {
                return c.rules().get(0);
            }
        }
        throw new AssertionError("no rule in " + rule);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("vectors")
    void printsAsIptablesSave(String table, String written, String saved) {
        assertEquals(saved, parseOne(table, written).toSave());
        assertEquals(saved, parseOne(table, saved).toSave());
    }

    /** Inputs iptables-restore 1.8.9 refuses (checked on this machine). */
    @ParameterizedTest
    @ValueSource(strings = {
        "-A INPUT -j LOG --log-level err",
        "-A INPUT -m statistic --mode nth --every 5 -j ACCEPT",
        "-A INPUT -m comment ! --comment x -j ACCEPT",
        "-A INPUT -p tcp --dport 99999 -j ACCEPT",
        "-A INPUT -m statistic --mode random --probability 1.5 -j ACCEPT",
        "-A INPUT -m recent --seconds 5 -j ACCEPT",
        "-A INPUT -m addrtype --dst-type LOCALX -j ACCEPT",
        "-A INPUT -j ACCEPT -j DROP",
        "-A INPUT -s 10.0.0.0/33 -j ACCEPT"})
    void refused(String rule) {
        assertThrows(IptablesParseException.class, () -> Ruleset.parse("*filter\n" + rule + "\nCOMMIT\n"));
    }
}
