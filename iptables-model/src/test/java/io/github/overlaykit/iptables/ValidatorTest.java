package io.github.overlaykit.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.testing.SharedData;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Load-time errors iptables-restore 1.8.9 reports (reference §3.6), each tied to its line. */
class ValidatorTest {

    private static List<ValidationError> errors(String text) {
        return Validator.validate(Ruleset.parse(text));
    }

    private static void assertOne(String text, int line, String fragment) {
        List<ValidationError> found = errors(text);
        assertEquals(1, found.size(), found::toString);
        assertEquals(line, found.get(0).line(), found::toString);
        assertTrue(found.get(0).message().contains(fragment), found::toString);
    }

    @Test
    void sharedRulesetsAreValid() throws IOException {
        for (String name : List.of("k8s-TestOverallIPTablesRules.expected.txt",
            "k8s-TestOverallIPTablesRules.node-iptables-save.nft.txt", "format-corpus.restore-input.txt")) {
            Ruleset rules = Ruleset.parse(SharedData.path("data/iptables/" + name));
            assertEquals(List.of(), Validator.validate(rules), name);
        }
    }

    @Test
    void unknownChain() {
        assertOne("*filter\n:A - [0:0]\n-A INPUT -j A\n-A A -j NOPE\nCOMMIT\n", 4, "Chain 'NOPE' does not exist");
    }

    @Test
    void loop() {
        assertOne("*filter\n:A - [0:0]\n:B - [0:0]\n-A A -j B\n-A B -g A\nCOMMIT\n", 5, "loop A -> B -> A");
    }

    @Test
    void jumpDepthOnNftOnly() {
        StringBuilder text = new StringBuilder("*filter\n");
        for (int i = 1; i <= 16; i++) {
            text.append(":C").append(i).append(" - [0:0]\n");
        }
        text.append("-A INPUT -j C1\n");
        for (int i = 1; i < 16; i++) {
            text.append("-A C").append(i).append(" -j C").append(i + 1).append('\n');
        }
        text.append("COMMIT\n");
        Ruleset rules = Ruleset.parse(text.toString());
        List<ValidationError> nft = Validator.validate(rules, SaveFormat.Backend.NFT);
        assertEquals(1, nft.size(), nft::toString);
        assertEquals("C15", nft.get(0).chain());
        assertTrue(nft.get(0).message().startsWith("Too many links"));
        assertEquals(List.of(), Validator.validate(rules, SaveFormat.Backend.LEGACY));
        // Fifteen levels load.
        Ruleset fifteen = Ruleset.parse(text.toString().replace("-A C15 -j C16\n", ""));
        assertEquals(List.of(), Validator.validate(fifteen));
    }

    @Test
    void natTargetsOnlyWhereAllowed() {
        assertOne("*nat\n:X - [0:0]\n-A POSTROUTING -j X\n-A X -p tcp -j DNAT --to-destination 10.0.0.1:80\nCOMMIT\n",
            4, "DNAT is not allowed from POSTROUTING");
        assertOne("*nat\n-A PREROUTING -j MASQUERADE\nCOMMIT\n", 2, "MASQUERADE is not allowed from PREROUTING");
        assertOne("*filter\n-A INPUT -j DNAT --to-destination 10.0.0.1\nCOMMIT\n", 2, "only valid in nat table");
        assertOne("*nat\n-A PREROUTING -j DROP\nCOMMIT\n", 2, "not intended for filtering");
        // An unreferenced chain with DNAT is accepted anywhere.
        assertEquals(List.of(), errors("*nat\n:X - [0:0]\n-A X -j DNAT --to-destination 10.0.0.1\nCOMMIT\n"));
    }

    @Test
    void longNamesAndOptionDependencies() {
        assertOne("*filter\n:ABCDEFGHIJKLMNOPQRSTUVWXYZ123 - [0:0]\n-A ABCDEFGHIJKLMNOPQRSTUVWXYZ123 -j ACCEPT\nCOMMIT\n",
            3, "too long");
        assertEquals(List.of(), errors("*filter\n:ABCDEFGHIJKLMNOPQRSTUVWXYZ12 - [0:0]\nCOMMIT\n"));
        assertOne("*filter\n-A INPUT -j REJECT --reject-with tcp-reset\nCOMMIT\n", 2, "TCP_RESET invalid");
        assertOne("*filter\n-A INPUT -m tcp --dport 80 -j ACCEPT\nCOMMIT\n", 2, "only valid for protocol 6");
        assertOne("*nat\n-A PREROUTING -j DNAT --to-destination 10.0.0.1:80\nCOMMIT\n", 2, "Need TCP, UDP");
        assertOne("*filter\n-A INPUT -o eth0 -j ACCEPT\nCOMMIT\n", 2, "Can't use -o with INPUT");
        assertOne("*filter\n-A OUTPUT -j TRACE\nCOMMIT\n", 2, "only valid in raw table");
    }
}
