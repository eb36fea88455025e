package io.github.overlaykit.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kernel behaviours observed on 6.18 (route reference notes, section 1), replayed on the model. */
class FibTest {

    /** The namespace of the notes: d0 with 192.0.2.1/24, as the kernel lists it. */
    static Fib namespace() {
        String routes = "192.0.2.0/24 dev d0 proto kernel scope link src 192.0.2.1 \n"
                + "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 \n"
                + "local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 \n"
                + "broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 \n"
                + "local 192.0.2.1 dev d0 table local proto kernel scope host src 192.0.2.1 \n"
                + "broadcast 192.0.2.255 dev d0 table local proto kernel scope link src 192.0.2.1 \n";
        return Fib.of(IpText.parseRoutes(routes, "ns"), null);
    }

    static void run(Fib fib, String command) {
        fib.apply(RouteCommand.parse(command));
    }

    static String get(Fib fib, String address) {
        return fib.lookup(Ipv4Address.parse(address).bits()).getText();
    }

    static String fibmatch(Fib fib, String address) {
        return fib.lookup(Ipv4Address.parse(address).bits()).fibmatchText();
    }

    @Test
    void metricThenLongerPrefix() {
        Fib fib = namespace();
        run(fib, "ip route add 203.0.113.0/24 via 192.0.2.50 metric 50");
        run(fib, "ip route add 203.0.113.0/24 via 192.0.2.60 metric 10");
        run(fib, "ip route add 203.0.113.128/25 via 192.0.2.70 metric 500");
        assertEquals("203.0.113.5 via 192.0.2.60 dev d0 src 192.0.2.1 uid 0 \n    cache ", get(fib, "203.0.113.5"));
        assertEquals("203.0.113.200 via 192.0.2.70 dev d0 src 192.0.2.1 uid 0 \n    cache ",
                get(fib, "203.0.113.200"));
        assertEquals("203.0.113.128/25 via 192.0.2.70 dev d0 metric 500 ", fibmatch(fib, "203.0.113.200"));
    }

    @Test
    void appendPrependAndFileExists() {
        Fib fib = namespace();
        run(fib, "ip route add 203.0.113.0/24 via 192.0.2.60 metric 10");
        run(fib, "ip route append 203.0.113.0/24 via 192.0.2.61 metric 10");
        assertEquals("203.0.113.0/24 via 192.0.2.60 dev d0 metric 10 ", fibmatch(fib, "203.0.113.1"));
        RouteUpdateException exists = assertThrows(RouteUpdateException.class,
                () -> run(fib, "ip route add 203.0.113.0/24 via 192.0.2.63 metric 10"));
        assertEquals("RTNETLINK answers: File exists", exists.ipText());
        run(fib, "ip route prepend 203.0.113.0/24 via 192.0.2.64 metric 10");
        assertEquals("203.0.113.0/24 via 192.0.2.64 dev d0 metric 10 ", fibmatch(fib, "203.0.113.1"));
        run(fib, "ip route replace 203.0.113.0/24 via 192.0.2.65 metric 10");
        assertEquals("203.0.113.0/24 via 192.0.2.65 dev d0 metric 10 ", fibmatch(fib, "203.0.113.1"));
        run(fib, "ip route del 203.0.113.0/24 via 192.0.2.65");
        assertEquals("203.0.113.0/24 via 192.0.2.60 dev d0 metric 10 ", fibmatch(fib, "203.0.113.1"));
        assertEquals("RTNETLINK answers: No such process", assertThrows(RouteUpdateException.class,
                () -> run(fib, "ip route del 198.51.100.0/24")).ipText());
        assertEquals("RTNETLINK answers: No such file or directory", assertThrows(RouteUpdateException.class,
                () -> run(fib, "ip route change 198.51.100.0/24 via 192.0.2.9")).ipText());
    }

    @Test
    void tosSelectsExactly() {
        Fib fib = namespace();
        run(fib, "ip route add 172.16.0.0/16 tos 0x10 via 192.0.2.30");
        run(fib, "ip route add 172.16.0.0/16 via 192.0.2.31");
        Flow flow = Flow.to(Ipv4Address.parse("172.16.1.1"));
        assertEquals("172.16.1.1 tos 0x10 via 192.0.2.30 dev d0 src 192.0.2.1 uid 0 \n    cache ",
                fib.lookup(flow.withTos(0x10)).getText());
        assertEquals(Ipv4Address.parse("192.0.2.31"), fib.lookup(flow.withTos(0x04)).gateway());
    }

    @Test
    void localTableCannotBeShadowedAndAnswersLikeTheKernel() {
        Fib fib = namespace();
        run(fib, "ip route add 192.0.2.1/32 via 192.0.2.99");
        assertEquals("local 192.0.2.1 dev lo src 192.0.2.1 uid 0 \n    cache <local> ", get(fib, "192.0.2.1"));
        assertEquals("broadcast 192.0.2.255 dev d0 src 192.0.2.1 uid 0 \n    cache <local,brd> ",
                get(fib, "192.0.2.255"));
        assertEquals("local 192.0.2.1 dev d0 proto kernel scope host src 192.0.2.1 ", fibmatch(fib, "192.0.2.1"));
    }

    @Test
    void routeTypesAnswerTheirErrors() {
        Fib fib = namespace();
        run(fib, "ip route add blackhole 10.1.0.0/16");
        run(fib, "ip route add unreachable 10.2.0.0/16");
        run(fib, "ip route add prohibit 10.3.0.0/16");
        run(fib, "ip route add throw 10.4.0.0/16");
        assertEquals("RTNETLINK answers: Invalid argument", get(fib, "10.1.1.1"));
        assertEquals("RTNETLINK answers: No route to host", get(fib, "10.2.1.1"));
        assertEquals("RTNETLINK answers: Permission denied", get(fib, "10.3.1.1"));
        assertEquals("RTNETLINK answers: Network is unreachable", get(fib, "10.4.1.1"));
        assertEquals("RTNETLINK answers: Network is unreachable", get(fib, "10.9.9.9"));
        assertEquals("RTNETLINK answers: Invalid argument", fibmatch(fib, "10.1.1.1"));
    }

    @Test
    void rulesGotoThrowAndSuppress() {
        Fib fib = namespace();
        fib.addRule(IpText.parseRules("100:\tfrom all lookup 100 suppress_prefixlength 0\n", "r").get(0));
        fib.addRule(IpText.parseRules("50:\tfrom all fwmark 0x7 goto 100\n", "r").get(0));
        fib.addRule(IpText.parseRules("60:\tfrom all fwmark 0x7 prohibit\n", "r").get(0));
        run(fib, "ip route add default via 192.0.2.254 table 100");
        run(fib, "ip route add 198.51.100.0/24 via 192.0.2.253 table 100");
        run(fib, "ip route add throw 203.0.113.0/24 table 100");
        run(fib, "ip route add 203.0.113.0/24 via 192.0.2.252");
        // the default route of table 100 is suppressed (length 0 <= 0), main has none
        assertEquals("RTNETLINK answers: Network is unreachable", get(fib, "8.8.8.8"));
        assertEquals("198.51.100.7 via 192.0.2.253 dev d0 table 100 src 192.0.2.1 uid 0 \n    cache ",
                get(fib, "198.51.100.7"));
        // throw in table 100 continues with main
        assertEquals("203.0.113.9 via 192.0.2.252 dev d0 src 192.0.2.1 uid 0 \n    cache ", get(fib, "203.0.113.9"));
        // goto jumps over the prohibit rule
        Flow marked = Flow.to(Ipv4Address.parse("198.51.100.7")).withMark(7);
        assertEquals(Ipv4Address.parse("192.0.2.253"), fib.lookup(marked).gateway());
        // custom rules: local-table hits report table local
        assertEquals("local 192.0.2.1 dev lo table local src 192.0.2.1 uid 0 \n    cache <local> ",
                get(fib, "192.0.2.1"));
    }

    @Test
    void gatewayMustBeDirectlyReachableUnlessOnlink() {
        Fib fib = namespace();
        run(fib, "ip route add 203.0.113.0/24 via 192.0.2.50");
        assertEquals("Error: Nexthop has invalid gateway.", assertThrows(RouteUpdateException.class,
                () -> run(fib, "ip route add 203.0.114.0/24 via 203.0.113.1")).ipText());
        assertThrows(RouteUpdateException.class, () -> run(fib, "ip route add 10.244.2.0/24 via 10.244.2.0 dev d0"));
        run(fib, "ip route add 10.244.1.0/24 via 10.244.1.0 dev d0 onlink");
        assertEquals("10.244.1.0/24 via 10.244.1.0 dev d0 onlink ", fibmatch(fib, "10.244.1.8"));
        assertEquals("10.244.1.8 via 10.244.1.0 dev d0 src 192.0.2.1 uid 0 \n    cache ", get(fib, "10.244.1.8"));
    }

    @Test
    void multipathFollowsTheWeights() {
        Fib fib = namespace();
        run(fib, "ip route add 217.42.72.0/22 nexthop via 192.0.2.153 dev d0 weight 1 "
                + "nexthop via 192.0.2.150 dev d0 weight 2");
        int[] counts = new int[2];
        for (int i = 0; i < 30_000; i++) {
            Flow flow = Flow.to(Ipv4Address.parse("217.42.72.9")).withSource(0xC0000201)
                    .withTransport(6, 1024 + i, 80);
            fib.setMultipathHash(MultipathHash.layer4());
            LookupResult r = fib.lookup(flow);
            counts[r.gateway().equals(Ipv4Address.parse("192.0.2.153")) ? 0 : 1]++;
        }
        assertEquals(1.0 / 3, counts[0] / 30_000.0, 0.02);
        assertEquals("217.42.72.0/22 \n\tnexthop via 192.0.2.153 dev d0 weight 1 \n\tnexthop via 192.0.2.150 dev d0 weight 2 ",
                fibmatch(fib, "217.42.72.9"));
        // a dead path gets no traffic
        Route route = fib.routes(RouteTable.MAIN).stream().filter(Route::isMultipath).findFirst().orElseThrow();
        Route dead = route.toBuilder().build();
        List<NextHop> hops = List.of(route.nextHops().get(0).withFlags(java.util.Set.of(NextHopFlag.DEAD)),
                route.nextHops().get(1));
        Route.Builder b = Route.builder(dead.destination()).metric(7);
        hops.forEach(b::nextHop);
        Route deadFirst = b.build();
        for (int hash = 0; hash < Integer.MAX_VALUE - 1_000_000; hash += 1_000_000) {
            assertEquals(1, Fib.selectMultipath(deadFirst, hash));
        }
    }

    @Test
    void sourceFollowsTheGatewaySubnet() {
        Fib fib = namespace();
        fib.load(Route.parse("198.51.100.0/24 dev d0 proto kernel scope link src 198.51.100.1 "));
        fib.load(Route.parse("local 198.51.100.1 dev d0 table local proto kernel scope host src 198.51.100.1 "));
        run(fib, "ip route add 10.0.0.0/8 via 198.51.100.7");
        assertEquals(Ipv4Address.parse("198.51.100.1"), fib.lookup(Ipv4Address.parse("10.1.1.1").bits()).source());
        assertEquals(Ipv4Address.parse("192.0.2.1"), fib.lookup(Ipv4Address.parse("192.0.2.7").bits()).source());
        assertTrue(fib.addresses().size() >= 3);
    }

    @Test
    void oifWithoutARouteAssumesTheLink() {
        Fib fib = namespace();
        Flow flow = Flow.to(Ipv4Address.parse("1.1.1.1")).withOutputDevice("d0");
        assertEquals("1.1.1.1 dev d0 src 192.0.2.1 uid 0 \n    cache ", fib.lookup(flow).getText());
    }
}
