package io.github.overlaykit.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.overlaykit.codec.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Untrusted iptables text: only {@link IptablesParseException} may escape, and what prints parses back.
 * Seeds (the shared corpus and kube-proxy's output) are in {@code src/test/resources/…/RulesetFuzzTestInputs}.
 */
class RulesetFuzzTest {

    /** The parser accepts or rejects with a located, typed error; nothing else escapes. */
    @FuzzTest(maxDuration = "20s")
    void parserThrowsOnlyItsTypedError(byte[] data) {
        if (data == null) {
            return;
        }
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            Ruleset.parse(text, "fuzz");
        } catch (IptablesParseException e) {
            assertTrue(e.line() >= 1, e::getMessage);
            assertTrue(e.column() >= 1, e::getMessage);
        }
    }

    /**
     * Whatever parses prints canonically, and that text parses to the same canonical text (both backends,
     * restore form too); validating and tracing it never throw.
     */
    @FuzzTest(maxDuration = "20s")
    void printedTextParsesBackTheSame(byte[] data) {
        if (data == null) {
            return;
        }
        String text = new String(data, StandardCharsets.UTF_8);
        Ruleset rules;
        try {
            rules = Ruleset.parse(text, "fuzz");
        } catch (IptablesParseException e) {
            return;
        }
        String nft = rules.toSave();
        assertEquals(nft, Ruleset.parse(nft, "nft").toSave());
        // Legacy lists tables newest first, so one restore reverses their order and a second restores it.
        SaveFormat legacy = new SaveFormat(SaveFormat.Backend.LEGACY, rules.hasCounters(), null);
        String once = rules.toSave(legacy);
        assertEquals(once, Ruleset.parse(Ruleset.parse(once, "legacy").toSave(legacy), "legacy twice").toSave(legacy));
        String restore = rules.toRestore();
        assertEquals(restore, Ruleset.parse(restore, "restore").toRestore());
        Validator.validate(rules);
        PacketTracer tracer = new PacketTracer(rules, new StaticRouting(List.of(Ipv4Address.parse("192.0.2.1")), "eth0"));
        tracer.trace(Packet.tcp(Ipv4Address.parse("198.51.100.7"), 40000, Ipv4Address.parse("192.0.2.1"), 80)
            .withInInterface("eth0"), Hook.PREROUTING, 1);
        tracer.traceFirst(Packet.of(17, Ipv4Address.parse("192.0.2.1"), 5353, Ipv4Address.parse("203.0.113.9"), 53),
            Hook.OUTPUT);
    }
}
