package io.github.overlaykit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code overlaykit route get|show}, run in-process as the jar runs them. */
class RouteCommandsTest {
    /** A listing captured from iproute2 6.1 (kernel 6.18) in a namespace with custom rules. */
    static final String ROUTES = "prohibit 10.3.0.0/16 table 200 \n"
            + "throw 10.4.0.0/16 table 200 \n"
            + "default via 192.0.2.254 dev d0 proto static \n"
            + "blackhole 10.1.0.0/16 \n"
            + "unreachable 10.2.0.0/16 metric 5 \n"
            + "10.6.0.0/16 \n"
            + "\tnexthop via 192.0.2.153 dev d0 weight 1 \n"
            + "\tnexthop via 198.51.100.150 dev d1 weight 2 linkdown \n"
            + "10.13.0.0/16 via 192.0.2.9 dev d0 mtu lock 1300 window 5 rtt 100ms \n"
            + "192.0.2.0/24 dev d0 proto kernel scope link src 192.0.2.1 \n"
            + "198.51.100.0/24 dev d1 proto kernel scope link src 198.51.100.1 linkdown \n"
            + "local 192.0.2.1 dev d0 table local proto kernel scope host src 192.0.2.1 \n"
            + "broadcast 192.0.2.255 dev d0 table local proto kernel scope link src 192.0.2.1 \n"
            + "local 198.51.100.1 dev d1 table local proto kernel scope host src 198.51.100.1 \n";
    static final String RULES = "0:\tfrom all lookup local\n"
            + "100:\tfrom all to 10.3.0.0/16 lookup 200\n"
            + "32766:\tfrom all lookup main\n"
            + "32767:\tfrom all lookup default\n";

    @TempDir
    Path dir;


    static Run run(String... args) {
        return Run.of(args);
    }

    Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void showPrintsTheListingBack() throws IOException {
        Run r = run("route", "show", "--routes", write("routes.txt", ROUTES).toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(ROUTES, r.out());
    }

    @Test
    void getAnswersLikeFibmatch() throws IOException {
        String routes = write("routes.txt", ROUTES).toString();
        String rules = write("rules.txt", RULES).toString();
        Run r = run("route", "get", "--routes", routes, "--rules", rules, "8.8.8.8", "10.6.1.1", "192.0.2.1",
                "10.13.0.1");
        assertEquals(0, r.exit(), r.err());
        assertEquals("default via 192.0.2.254 dev d0 proto static \n"
                + "10.6.0.0/16 \n\tnexthop via 192.0.2.153 dev d0 weight 1 \n"
                + "\tnexthop via 198.51.100.150 dev d1 weight 2 linkdown \n"
                + "local 192.0.2.1 dev d0 table local proto kernel scope host src 192.0.2.1 \n"
                + "10.13.0.0/16 via 192.0.2.9 dev d0 mtu lock 1300 window 5 rtt 100ms \n", r.out());
        Run errors = run("route", "get", "--routes", routes, "--rules", rules, "10.3.0.1", "10.1.0.1");
        assertEquals(1, errors.exit());
        assertEquals("", errors.out());
        assertEquals("RTNETLINK answers: Permission denied\nRTNETLINK answers: Invalid argument\n", errors.err());
        // without --rules the default rules apply: 10.3.0.0/16 lives in table 200, not consulted
        Run defaults = run("route", "get", "--routes", routes, "10.3.0.1");
        assertEquals("default via 192.0.2.254 dev d0 proto static \n", defaults.out());
    }

    @Test
    void stdinAnswersEverythingInOrderOnStdout() throws IOException {
        String routes = write("routes.txt", ROUTES).toString();
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("10.2.3.4\n\n192.0.2.9\n10.1.1.1\n".getBytes(StandardCharsets.UTF_8)));
            Run r = run("route", "get", "--routes", routes, "-");
            assertEquals(0, r.exit(), r.err());
            assertEquals("RTNETLINK answers: No route to host\n"
                    + "192.0.2.0/24 dev d0 proto kernel scope link src 192.0.2.1 \n"
                    + "RTNETLINK answers: Invalid argument\n", r.out());
            System.setIn(new ByteArrayInputStream("10.2.3.4\n10.2.3.400\n".getBytes(StandardCharsets.UTF_8)));
            Run bad = run("route", "get", "--routes", routes, "-");
            assertEquals(2, bad.exit());
            assertEquals("overlaykit: <stdin>:2:1: not an IPv4 address: \"10.2.3.400\"\n", bad.err());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void badInputIsOneLineWithFileLineAndColumn() throws IOException {
        Path routes = write("bad.txt", "10.0.0.0/8 dev d0 \n10.1.0.0/16 via 192.0.2.1 dev d0 bogus 5 \n");
        Run r = run("route", "show", "--routes", routes.toString());
        assertEquals(2, r.exit());
        assertEquals("overlaykit: " + routes + ":2:34: unknown route attribute \"bogus\": "
                + "\"10.1.0.0/16 via 192.0.2.1 dev d0 bogus 5 \"\n", r.err());
        Run badAddress = run("route", "get", "--routes", write("ok.txt", ROUTES).toString(), "10.0.0.256");
        assertEquals(2, badAddress.exit());
        assertTrue(badAddress.err().startsWith("overlaykit: <arguments>:1:1: not an IPv4 address"), badAddress.err());
        assertEquals(2, run("route").exit());
    }
}
