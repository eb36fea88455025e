package io.github.overlaykit.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Hashes checked against the article, proxier_test.go and real clusters (reference §2.2). */
class KubeProxyNamesTest {

    @Test
    void articleServiceChain() {
        String spn = KubeProxyNames.servicePortName("xiuxian", "auth-java", "tcp-9000-9000-c8kgf");
        assertEquals("xiuxian/auth-java:tcp-9000-9000-c8kgf", spn);
        assertEquals("KUBE-SVC-ATUXI35NVHBYDGFQ", KubeProxyNames.serviceChain(spn, "tcp"));
        assertEquals("KUBE-SVC-ATUXI35NVHBYDGFQ", KubeProxyNames.serviceChain(spn, "TCP"));
        assertEquals("KUBE-SVL-ATUXI35NVHBYDGFQ", KubeProxyNames.localServiceChain(spn, "tcp"));
        assertEquals("KUBE-EXT-ATUXI35NVHBYDGFQ", KubeProxyNames.externalChain(spn, "tcp"));
        assertEquals("KUBE-FW-ATUXI35NVHBYDGFQ", KubeProxyNames.firewallChain(spn, "tcp"));
        // The article's endpoint chain (architecture.md: KUBE-SVC-ATUXI35NVHBYDGFQ -> KUBE-SEP-7ETKSBKARXRYVX3G).
        assertEquals("KUBE-SEP-7ETKSBKARXRYVX3G", KubeProxyNames.endpointChain(spn, "tcp", "10.244.1.8:9000"));
    }

    @ParameterizedTest
    @CsvSource({
        "'ns1/svc1:p80tcp', XPGD46QRK7WJZT7O",
        "'ns1/svc1:p80tcp10.180.0.1:80', SXIVWICOYRO3J4NJ",
        "'ns2/svc2:p80tcp', GNZBNJ2PO5MGZ6GT",
        "'ns2/svc2:p80tcp10.180.0.2:80', RS4RBKLTHTF2IUXJ",
        "'ns4/svc4:p80tcp10.180.0.5:80', C6EBXVWJJZMIWKLZ",
        "'ns5/svc5:p80tcp10.180.0.3:80', I77PXRDZVX7PMWMN",
        "'ns1/svc1tcp', AQI2S6QIMU7PVVRP",
        "'ns1/svc1tcp10.0.1.3:80', XGJFVO3L2O5SRFNT",
        "'default/kubernetes:httpstcp', NPX46M4PTMTKRN6Y",
        "'kube-system/kube-dns:dnsudp', TCOU7JCQXEZGVUNU",
        "'kube-system/heapster:tcp', BJM46V3U5RZHCFRZ",
        "'kube-system/heapstertcp', RCWFORW73ETJ6YXB"})
    void knownHashes(String input, String expected) {
        assertEquals(expected, KubeProxyNames.hash(input));
    }

    @Test
    void endpointAndLegacyForms() {
        String spn = KubeProxyNames.servicePortName("ns4", "svc4", "p80");
        assertEquals("KUBE-SEP-UKSFD7AGPMPPLUHC", KubeProxyNames.endpointChain(spn, "tcp", "10.180.0.4:80"));
        assertEquals("ns1/svc1", KubeProxyNames.servicePortName("ns1", "svc1", ""));
        String legacy = KubeProxyNames.legacyServicePortName("kube-system", "heapster", "");
        assertEquals("KUBE-SVC-BJM46V3U5RZHCFRZ", KubeProxyNames.serviceChain(legacy, "tcp"));
        assertEquals("KUBE-SVC-RCWFORW73ETJ6YXB",
            KubeProxyNames.serviceChain(KubeProxyNames.servicePortName("kube-system", "heapster", ""), "tcp"));
    }
}
