package io.github.overlaykit.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.overlaykit.codec.Ipv4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser's model and its errors. */
class ParserTest {

    private static Rule only(String ruleLine) {
        Ruleset rules = Ruleset.parse("*filter\n:U - [0:0]\n" + ruleLine + "\nCOMMIT\n");
        for (Chain c : rules.table("filter").chains()) {
            if (!c.rules().isEmpty()) {
                return c.rules().get(0);
            }
        }
        throw new AssertionError("no rule");
    }

    @Test
    void typedMatchesAndTargets() {
        Rule r = only("-A INPUT -m comment --comment \"a b\" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j U");
        assertEquals(3, r.line());
        assertEquals("172.30.0.41/32", r.destination().toString());
        assertEquals(List.of(new Match.Comment("a b"), new Match.Tcp(null, false, PortRange.of(80), false, -1, 0, false)),
            r.matches());
        assertEquals(new Target.Jump("U"), r.target());
        Match.Statistic s = (Match.Statistic) only("-A INPUT -m statistic --mode random --probability 0.2 -j ACCEPT")
            .matches().get(0);
        assertEquals(429496730L, s.probabilityBits());
        assertEquals("0.20000000019", s.probabilityText());
        Target.Mark mark = (Target.Mark) only("-A INPUT -j MARK --or-mark 0x4000").target();
        assertEquals(0x4000, mark.apply(0));
        assertEquals(0x4001, mark.apply(1));
        Target.Dnat dnat = (Target.Dnat) only("-A INPUT -p tcp -j DNAT --to-destination 10.244.1.8:9000").target();
        assertEquals(Target.NatRange.of(Ipv4Address.parse("10.244.1.8"), 9000), dnat.range());
    }

    @Test
    void unknownExtensionsAreKeptVerbatim() {
        Rule r = only("-A INPUT -m hashlimit --hashlimit-above 5/sec --hashlimit-name \"x y\" -j TCPMSS --set-mss 1400");
        assertInstanceOf(Match.Opaque.class, r.matches().get(0));
        assertEquals("-A INPUT -m hashlimit --hashlimit-above 5/sec --hashlimit-name \"x y\" -j TCPMSS --set-mss 1400",
            r.toSave());
    }

    @Test
    void errorsSayWhere() {
        IptablesParseException e = assertThrows(IptablesParseException.class,
            () -> Ruleset.parse("*filter\n-A INPUT -p tcp --dprt 80 -j ACCEPT\nCOMMIT\n", "rules.txt"));
        assertEquals(2, e.line());
        assertEquals(17, e.column());
        assertEquals("rules.txt", e.source());
        assertEquals("-A INPUT -p tcp --dprt 80 -j ACCEPT", e.excerpt());
        assertEquals("rules.txt:2:17: unknown option \"--dprt\": -A INPUT -p tcp --dprt 80 -j ACCEPT", e.getMessage());

        assertEquals(3, assertThrows(IptablesParseException.class,
            () -> Ruleset.parse("*filter\n-A INPUT -j ACCEPT\n")).line());
        assertEquals("Chain 'NOPE' does not exist", assertThrows(IptablesParseException.class,
            () -> Ruleset.parse("*filter\n-A NOPE -j ACCEPT\nCOMMIT\n")).detail());
        assertEquals(31, assertThrows(IptablesParseException.class,
            () -> Ruleset.parse("*filter\n-A INPUT -m comment --comment \"open\nCOMMIT\n")).column());
        // found by fuzzing: a quoted match name with spaces was printed bare and split into other options
        IptablesParseException quotedMatch = assertThrows(IptablesParseException.class,
            () -> Ruleset.parse("*filter\n-A INPUT -m \"addrtype -j DROP\" -j ACCEPT\nCOMMIT\n"));
        assertEquals(13, quotedMatch.column());
        assertEquals("invalid match name \"addrtype -j DROP\"", quotedMatch.detail());
    }

    @Test
    void restoreCommandsAndNoflush() {
        Ruleset base = Ruleset.parse("*nat\n:KUBE-SERVICES - [0:0]\n:OTHER - [0:0]\n-A OUTPUT -j KUBE-SERVICES\n"
            + "-A KUBE-SERVICES -j RETURN\n-A OTHER -j RETURN\nCOMMIT\n");
        Ruleset after = base.restore("*nat\n:KUBE-SERVICES - [0:0]\n-I OUTPUT 1 -j OTHER\nCOMMIT\n", "update", true);
        assertEquals(0, after.table("nat").chain("KUBE-SERVICES").rules().size());
        assertEquals(1, after.table("nat").chain("OTHER").rules().size());
        assertEquals("-A OUTPUT -j OTHER", after.table("nat").chain("OUTPUT").rules().get(0).toSave());
        Ruleset flushed = base.restore("*nat\nCOMMIT\n", "flush", false);
        assertEquals(null, flushed.table("nat").chain("OTHER"));
    }

    @Test
    void builderRendersRestoreInput() {
        Rule r = RuleBuilder.append("KUBE-SERVICES").destination("10.103.5.88").protocol("tcp")
            .comment("xiuxian/auth-java:tcp-9000-9000-c8kgf cluster IP").destinationPort(9000)
            .jump("KUBE-SVC-ATUXI35NVHBYDGFQ").build();
        Ruleset rules = new RulesetBuilder().chain("nat", "KUBE-SVC-ATUXI35NVHBYDGFQ").append("nat", r)
            .append("nat", RuleBuilder.append("OUTPUT").jump("KUBE-SERVICES").build()).build();
        String text = rules.toRestore();
        assertEquals("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + ":POSTROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-SVC-ATUXI35NVHBYDGFQ - [0:0]\n"
            + "-A OUTPUT -j KUBE-SERVICES\n-A KUBE-SERVICES -d 10.103.5.88/32 -p tcp -m comment --comment "
            + "\"xiuxian/auth-java:tcp-9000-9000-c8kgf cluster IP\" -m tcp --dport 9000 -j KUBE-SVC-ATUXI35NVHBYDGFQ\n"
            + "COMMIT\n", text);
        assertEquals(text, Ruleset.parse(text).toRestore());
    }
}
