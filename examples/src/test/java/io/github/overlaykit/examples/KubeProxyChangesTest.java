package io.github.overlaykit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.iptables.KubeEndpoint;
import io.github.overlaykit.iptables.KubeProxyNames;
import io.github.overlaykit.iptables.KubeProxyRenderer;
import io.github.overlaykit.iptables.KubeService;
import io.github.overlaykit.iptables.Ruleset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The diff and the restore input of {@code service-proxy}, offline: the model's own restore plays the
 * kernel, so what apply would feed iptables-restore is checked to leave exactly the wanted state.
 */
class KubeProxyChangesTest {
    static final KubeProxyRenderer RENDERER = new KubeProxyRenderer(Ipv4Prefix.parse("10.244.0.0/16"), 0x4000, false);

    static KubeService auth(String... endpoints) {
        return KubeService.clusterIp("xiuxian", "auth-java", "tcp-9000-9000-c8kgf", "tcp",
            Ipv4Address.parse("10.103.5.88"), 9000, List.of(endpoints).stream().map(KubeEndpoint::parse).toList());
    }

    static Ruleset wanted(String rendered) {
        return ServiceProxyCommand.Rendering.ruleset(rendered);
    }

    /** A node with another tool's rules and chains, kubelet's canary, and an older kube-proxy's services. */
    static Ruleset node(List<KubeService> oldServices) {
        String foreign = "*filter\n:DOCKER-USER - [0:0]\n-A INPUT -s 203.0.113.0/24 -j DROP\n-A DOCKER-USER -j RETURN\n"
            + "COMMIT\n*nat\n:KUBE-KUBELET-CANARY - [0:0]\nCOMMIT\n";
        Ruleset empty = Ruleset.parse(foreign, "node");
        if (oldServices == null) {
            return empty;
        }
        return empty.restore(RENDERER.render(oldServices), "old kube-proxy", true)
            .restore(KubeProxyRenderer.jumpRules(), "old jumps", true);
    }

    @Test
    void anEmptyNodeGetsEverythingAndKeepsItsOwnRules() {
        String rendered = RENDERER.render(List.of(auth("10.244.1.8:9000")));
        Ruleset loaded = node(null);
        KubeProxyChanges changes = KubeProxyChanges.between(wanted(rendered), loaded);
        assertFalse(changes.isEmpty());
        assertTrue(changes.diffLines().stream().noneMatch(l -> l.startsWith("-")), changes.diffLines().toString());
        assertEquals("# to add: 12 chains, 28 rules; to remove: 0 chains, 0 rules", changes.summary());

        Ruleset applied = loaded.restore(changes.restoreInput(rendered), "apply", true);
        KubeProxyChanges left = KubeProxyChanges.between(wanted(rendered), applied);
        assertTrue(left.isEmpty(), left.diffLines().toString());
        assertEquals("# up to date: kube-proxy's 12 chains and 28 rules are loaded", left.summary());
        assertEquals(List.of(), left.diffLines());
        // the other tool's rule stays first, kube-proxy's jumps come after it only because it was there before
        assertEquals("-A INPUT -j KUBE-FIREWALL", applied.table("filter").chain("INPUT").rules().get(0).toSave());
        assertEquals("-A INPUT -s 203.0.113.0/24 -j DROP",
            applied.table("filter").chain("INPUT").rules().get(4).toSave());
        assertNotNull(applied.table("filter").chain("DOCKER-USER"));
        assertNotNull(applied.table("nat").chain("KUBE-KUBELET-CANARY"));
    }

    @Test
    void aMovedEndpointIsOneChainOutOneInAndTheServiceRuleChanged() {
        Ruleset loaded = node(List.of(auth("10.244.1.8:9000")));
        String rendered = RENDERER.render(List.of(auth("10.244.1.9:9000")));
        KubeProxyChanges changes = KubeProxyChanges.between(wanted(rendered), loaded);
        String spn = "xiuxian/auth-java:tcp-9000-9000-c8kgf";
        String oldSep = KubeProxyNames.endpointChain(spn, "tcp", "10.244.1.8:9000");
        String newSep = KubeProxyNames.endpointChain(spn, "tcp", "10.244.1.9:9000");
        String svc = KubeProxyNames.serviceChain(spn, "tcp");
        String comment = "-m comment --comment \"" + spn + "\"";
        assertEquals(List.of(
            "*nat",
            "-:" + oldSep + " - [0:0]",
            "+:" + newSep + " - [0:0]",
            "--A " + oldSep + " -s 10.244.1.8/32 " + comment + " -j KUBE-MARK-MASQ",
            "--A " + oldSep + " -p tcp " + comment + " -m tcp -j DNAT --to-destination 10.244.1.8:9000",
            "+-A " + newSep + " -s 10.244.1.9/32 " + comment + " -j KUBE-MARK-MASQ",
            "+-A " + newSep + " -p tcp " + comment + " -m tcp -j DNAT --to-destination 10.244.1.9:9000",
            "--A " + svc + " -m comment --comment \"" + spn + " -> 10.244.1.8:9000\" -j " + oldSep,
            "+-A " + svc + " -m comment --comment \"" + spn + " -> 10.244.1.9:9000\" -j " + newSep),
            changes.diffLines());
        assertEquals("# to add: 1 chain, 3 rules; to remove: 1 chain, 3 rules", changes.summary());

        String input = changes.restoreInput(rendered);
        assertTrue(input.contains("*nat\n:" + oldSep + " - [0:0]\n"), input);
        assertTrue(input.contains("\n-X " + oldSep + "\nCOMMIT\n"), input);
        Ruleset applied = loaded.restore(input, "apply", true);
        assertTrue(KubeProxyChanges.between(wanted(rendered), applied).isEmpty());
        assertNull(applied.table("nat").chain(oldSep));
        assertEquals(1, applied.table("filter").chain("INPUT").rules().stream()
            .filter(r -> r.toSave().equals("-A INPUT -j KUBE-FIREWALL")).count(), "jumps are not added twice");
    }

    @Test
    void aRemovedServiceLosesItsChainsAndItsClusterIpRule() {
        KubeService web = KubeService.clusterIp("demo", "web", "http", "tcp", Ipv4Address.parse("10.96.0.10"), 80,
            List.of(KubeEndpoint.parse("10.244.1.8:8080"), KubeEndpoint.parse("10.244.1.9:8080")));
        Ruleset loaded = node(List.of(auth("10.244.1.8:9000"), web));
        String rendered = RENDERER.render(List.of(auth("10.244.1.8:9000")));
        KubeProxyChanges changes = KubeProxyChanges.between(wanted(rendered), loaded);
        // KUBE-SVC: masquerade + two endpoint rules; two KUBE-SEP chains of two rules; the cluster IP rule
        assertEquals("# to add: 0 chains, 0 rules; to remove: 3 chains, 8 rules", changes.summary());
        assertTrue(changes.diffLines().contains("--A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "
            + "\"demo/web:http cluster IP\" -m tcp --dport 80 -j " + KubeProxyNames.serviceChain("demo/web:http", "tcp")),
            changes.diffLines().toString());
        Ruleset applied = loaded.restore(changes.restoreInput(rendered), "apply", true);
        assertTrue(KubeProxyChanges.between(wanted(rendered), applied).isEmpty());
        assertFalse(applied.toSave().contains("demo/web"), applied.toSave());
        assertNotNull(applied.table("nat").chain("KUBE-KUBELET-CANARY"), "not kube-proxy's to delete");
    }
}
