package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressValuesTest {

    @Test
    void shouldParseAndFormatIpv4Address() {
        Ipv4Address pod = Ipv4Address.parse("10.244.1.8");
        assertEquals(0x0AF40108, pod.bits());
        assertEquals("10.244.1.8", pod.toString());
        assertEquals("255.255.255.255", Ipv4Address.toString(-1));
        assertEquals(0xFFFF_FFFFL, new Ipv4Address(-1).unsignedBits());
        assertTrue(Ipv4Address.parse("127.3.2.1").isLoopback());
        assertTrue(Ipv4Address.parse("224.0.0.251").isMulticast());
        assertEquals(pod, Ipv4Address.ofBytes(pod.toBytes()));
        assertTrue(Ipv4Address.parse("128.0.0.0").compareTo(Ipv4Address.parse("127.0.0.1")) > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "a.b.c.d",
        "1.2.3.4 ", " 1.2.3.4", "1.2.3.1000", "-1.2.3.4"})
    void shouldRejectMalformedIpv4Address(String text) {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(text));
    }

    @Test
    void shouldParsePrefixesLikeTheKernel() {
        Ipv4Prefix pods = Ipv4Prefix.parse("10.244.1.0/24");
        assertEquals(0x0AF40100, pods.address());
        assertEquals(24, pods.length());
        assertTrue(pods.contains(Ipv4Address.parse("10.244.1.8")));
        assertFalse(pods.contains(Ipv4Address.parse("10.244.2.8")));
        assertEquals(0x0AF401FF, pods.lastAddress());
        assertEquals("10.244.1.0/24", pods.toString());
        assertEquals("10.244.0.0", Ipv4Prefix.parse("10.244.0.0").toStringIpStyle());
        assertEquals("10.244.0.0/32", Ipv4Prefix.parse("10.244.0.0").toString());
        assertTrue(Ipv4Prefix.parse("10.0.0.0/8").contains(pods));
        assertFalse(pods.contains(Ipv4Prefix.parse("10.0.0.0/8")));
        assertTrue(Ipv4Prefix.DEFAULT.contains(-1));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parse("10.244.1.1/24"));
        assertEquals(pods, Ipv4Prefix.parseLenient("10.244.1.1/24"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parse("10.0.0.0/"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parse("10.0.0.0/2x"));
        assertEquals(0xFFFFFF00, Ipv4Prefix.mask(24));
        assertEquals(0, Ipv4Prefix.mask(0));
        assertEquals(-1, Ipv4Prefix.mask(32));
        assertEquals(24, Ipv4Prefix.lengthOfMask(0xFFFFFF00));
        assertEquals(-1, Ipv4Prefix.lengthOfMask(0xFF00FF00));
    }

    @Test
    void shouldParseAndFormatMacAddress() {
        MacAddress vtep = MacAddress.parse("0E:2B:2a:1f:04:39");
        assertEquals(0x0E2B2A1F0439L, vtep.bits());
        assertEquals("0e:2b:2a:1f:04:39", vtep.toString());
        assertFalse(vtep.isMulticast());
        assertTrue(MacAddress.BROADCAST.isMulticast());
        assertEquals(6, vtep.toBytes().length);
        assertEquals(0x0E, vtep.toBytes()[0]);
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("0e:2b:2a:1f:04"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("0e-2b-2a-1f-04-39"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("0g:2b:2a:1f:04:39"));
        assertThrows(IllegalArgumentException.class, () -> new MacAddress(1L << 48));
    }

    @FuzzTest(maxDuration = "10s")
    void addressParsersOnlyThrowIllegalArgument(String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < 3; i++) {
            try {
                String round = switch (i) {
                    case 0 -> Ipv4Address.parse(text).toString();
                    case 1 -> Ipv4Prefix.parse(text).toString();
                    default -> MacAddress.parse(text).toString();
                };
                if (i == 0 && !round.equals(text)) {
                    throw new AssertionError("round trip of " + text + " gave " + round);
                }
            } catch (IllegalArgumentException expected) {
                // the only failure a parser may report
            }
        }
    }
}
