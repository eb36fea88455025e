package io.github.overlaykit.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.testing.NetworkNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The kernel as oracle: random routes go into a namespace with {@code ip -force -batch} and into a
 * {@link Fib} through {@link RouteCommand}; the same commands must fail on both sides, the listings must
 * be identical, and {@code ip route get [fibmatch]} must answer as {@link Fib#lookup(Flow)} does.
 */
class KernelOracleTest {
    private static final Pattern FAILED = Pattern.compile("Command failed .*:(\\d+)");

    /** Devices: d0 192.0.2.1/24 (carrier), d1 198.51.100.1/24 (peer down: linkdown). */
    private static void setUp(NetworkNamespace ns) {
        ns.exec("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
        ns.exec("ip", "link", "add", "d1", "type", "veth", "peer", "name", "d1p");
        ns.exec("ip", "link", "set", "d0", "up");
        ns.exec("ip", "link", "set", "d0p", "up");
        ns.exec("ip", "link", "set", "d1", "up");
        ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "d0");
        ns.exec("ip", "addr", "add", "198.51.100.1/24", "dev", "d1");
    }

    private static List<Link> links() {
        return List.of(new Link(1, "lo", true, true, 65536, null, null), new Link(2, "d0", true, true, 1500, null, null),
                new Link(4, "d1", true, false, 1500, null, null));
    }

    /** Runs a batch with -force; returns the 1-based numbers of the lines that failed, with the message. */
    private static Map<Integer, String> batch(NetworkNamespace ns, List<String> lines, StringBuilder stdout,
            String... options) throws IOException {
        Path file = Files.createTempFile("ok-route-batch", ".txt");
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("ip"));
            command.addAll(List.of(options));
            command.addAll(List.of("-force", "-batch", file.toString()));
            NetworkNamespace.Result result = ns.execAny(command.toArray(new String[0]));
            stdout.append(result.stdout());
            Map<Integer, String> failed = new TreeMap<>();
            String previous = "";
            for (String line : result.stderr().split("\n")) {
                Matcher m = FAILED.matcher(line);
                if (m.find()) {
                    failed.put(Integer.parseInt(m.group(1)), previous);
                }
                previous = line;
            }
            return failed;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static int randomPrefixAddress(Random random) {
        while (true) {
            int first = 1 + random.nextInt(223);
            if (first == 127 || first == 192 || first == 198 || first == 203) {
                continue;
            }
            return (first << 24) | random.nextInt(1 << 24);
        }
    }

    private static int randomLength(Random random) {
        int[] lengths = {8, 12, 14, 16, 16, 18, 20, 22, 22, 23, 24, 24, 24, 24, 25, 28, 30, 32};
        return lengths[random.nextInt(lengths.length)];
    }

    private static String gateway(Random random, boolean d1) {
        return (d1 ? "198.51.100." : "192.0.2.") + (2 + random.nextInt(250));
    }

    /** One random {@code route …} batch line. */
    private static String randomCommand(Random random, List<Ipv4Prefix> used, boolean tables) {
        Ipv4Prefix prefix;
        if (!used.isEmpty() && random.nextInt(10) < 3) {
            prefix = used.get(random.nextInt(used.size()));
        } else {
            prefix = Ipv4Prefix.containing(randomPrefixAddress(random), randomLength(random));
            used.add(prefix);
        }
        String dst = RouteText.parseDestination(prefix.toString()).toString();
        StringBuilder c = new StringBuilder("route ");
        int op = random.nextInt(100);
        String table = !tables ? "" : new String[] {"", "", "", " table 100", " table 200"}[random.nextInt(5)];
        if (op < 6) {
            return c.append("del ").append(dst).append(table).toString();
        }
        c.append(op < 80 ? "add " : op < 88 ? "append " : op < 94 ? "replace " : "prepend ");
        int kind = random.nextInt(100);
        String multipath = "";
        if (kind < 5) {
            c.append("blackhole ").append(dst);
        } else if (kind < 10) {
            c.append("unreachable ").append(dst);
        } else if (kind < 14) {
            c.append("prohibit ").append(dst);
        } else if (kind < 20) {
            c.append("throw ").append(dst);
        } else if (kind < 32) {
            // iproute2 takes nothing but next hops after the first "nexthop"
            multipath = " nexthop via " + gateway(random, false) + " dev d0 weight " + (1 + random.nextInt(3))
                    + " nexthop via " + gateway(random, random.nextBoolean()) + " weight " + (1 + random.nextInt(3));
            c.append(dst);
        } else if (kind < 42) {
            c.append(dst).append(random.nextBoolean() ? " dev d0" : " dev d1");
        } else if (kind < 50) {
            c.append(dst).append(" via 10.99.").append(random.nextInt(256)).append('.').append(1 + random.nextInt(250))
                    .append(" dev d0 onlink");
        } else {
            boolean d1 = random.nextInt(4) == 0;
            c.append(dst).append(" via ").append(gateway(random, d1));
            if (random.nextBoolean()) {
                c.append(d1 ? " dev d1" : " dev d0");
            }
            if (random.nextInt(8) == 0) {
                c.append(" src ").append(d1 ? "198.51.100.1" : "192.0.2.1");
            }
        }
        if (random.nextInt(8) == 0) {
            c.append(" tos 0x10");
        }
        if (random.nextBoolean()) {
            c.append(" metric ").append(new int[] {0, 1, 10, 50, 100, 1024}[random.nextInt(6)]);
        }
        if (random.nextInt(4) == 0) {
            // names only: iproute2 6.1's rtnl_rtprot_a2n() caches the last name but overwrites its number
            // when parsing a numeric protocol, so "proto 77" then "proto static" in one batch gives 77 twice
            c.append(" proto ").append(new String[] {"static", "bgp", "ospf", "dhcp", "kernel"}[random.nextInt(5)]);
        }
        if (random.nextInt(16) == 0) {
            c.append(random.nextBoolean() ? " mtu 1400" : " mtu lock 1300 advmss 1360");
        }
        return c.append(table).append(multipath).toString();
    }

    @Test
    void mainTableOnly() throws IOException {
        differential(20260601L, false, 4000, 12000);
    }

    @Test
    void policyRulesAndTables() throws IOException {
        differential(20260602L, true, 4000, 12000);
    }

    private void differential(long seed, boolean customRules, int routeCount, int queryCount) throws IOException {
        NetworkNamespace.requirePrivileges();
        Random random = new Random(seed);
        try (NetworkNamespace ns = NetworkNamespace.create("route")) {
            setUp(ns);
            List<String> setup = new ArrayList<>();
            if (customRules) {
                setup.add("rule add pref 100 lookup 100");
                setup.add("rule add pref 150 tos 0x10 lookup 200");
                setup.add("rule add pref 200 fwmark 7 lookup 200");
                setup.add("rule add pref 250 to 100.0.0.0/8 prohibit");
                setup.add("rule add pref 260 fwmark 0x3/0x3 goto 400");
                setup.add("rule add pref 270 to 50.0.0.0/8 unreachable");
                setup.add("rule add pref 400 lookup 200 suppress_prefixlength 12");
                setup.add("rule add pref 500 not from 192.0.2.0/24 lookup 100");
                assertEquals(Map.of(), batch(ns, setup, new StringBuilder()));
            }
            String initialRoutes = ns.exec("ip", "-4", "route", "show", "table", "all");
            String ruleText = ns.exec("ip", "-4", "rule", "show");
            List<Rule> rules = IpText.parseRules(ruleText, "ip rule show");
            assertEquals(ruleText, IpText.formatRules(rules));
            Fib fib = Fib.of(IpText.parseRoutes(initialRoutes, "initial"), rules);
            fib.setLinks(links());
            assertEquals(initialRoutes, IpText.formatRoutes(fib.routes()));

            List<Ipv4Prefix> used = new ArrayList<>();
            List<String> commands = new ArrayList<>();
            for (int i = 0; i < routeCount; i++) {
                commands.add(randomCommand(random, used, customRules));
            }
            Map<Integer, String> kernelFailed = batch(ns, commands, new StringBuilder());
            Map<Integer, String> modelFailed = new TreeMap<>();
            for (int i = 0; i < commands.size(); i++) {
                try {
                    fib.apply(RouteCommand.parse(commands.get(i)));
                } catch (RouteUpdateException e) {
                    modelFailed.put(i + 1, e.ipText());
                }
            }
            for (int line : new java.util.TreeSet<>(union(kernelFailed.keySet(), modelFailed.keySet()))) {
                assertEquals(kernelFailed.get(line), modelFailed.get(line), "command " + commands.get(line - 1));
            }
            assertTrue(kernelFailed.size() < commands.size() / 3, "most commands succeed: " + kernelFailed.size());

            String listing = ns.exec("ip", "-4", "route", "show", "table", "all");
            assertEquals(listing, IpText.formatRoutes(IpText.parseRoutes(listing, "ip route show")));
            String ours = IpText.formatRoutes(fib.routes());
            if (!listing.equals(ours)) {
                Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "ok-route-kernel-" + seed + ".txt"), listing);
                Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "ok-route-ours-" + seed + ".txt"), ours);
            }
            assertEquals(listing, ours, "our table equals the kernel's");

            List<Flow> flows = new ArrayList<>();
            for (int i = 0; i < queryCount; i++) {
                int address;
                int pick = random.nextInt(100);
                if (pick < 70) {
                    Ipv4Prefix p = used.get(random.nextInt(used.size()));
                    address = p.address() | (random.nextInt() & ~p.mask());
                } else if (pick < 75) {
                    address = new int[] {0xC0000201, 0xC00002FF, 0x7F000001, 0xC6336401, 0xC0000207, 0xC633640A}[
                            random.nextInt(6)];
                } else {
                    address = randomPrefixAddress(random);
                }
                Flow flow = Flow.to(address);
                if (random.nextInt(10) == 0) {
                    flow = flow.withTos(0x10);
                }
                if (customRules && random.nextInt(6) == 0) {
                    flow = flow.withMark(random.nextBoolean() ? 7 : 3);
                }
                flows.add(flow);
            }
            compare(ns, fib, flows, true);
            compare(ns, fib, flows, false);
        }
    }

    private static String question(Flow flow, boolean fibmatch) {
        StringBuilder q = new StringBuilder("route get ");
        if (fibmatch) {
            q.append("fibmatch ");
        }
        q.append(Ipv4Address.toString(flow.destination()));
        if (flow.tos() != 0) {
            q.append(" tos 0x").append(Integer.toHexString(flow.tos()));
        }
        if (flow.mark() != 0) {
            q.append(" mark ").append(flow.mark());
        }
        return q.toString();
    }

    /** Asks the kernel every flow in one batch and compares text and errors line by line. */
    private static void compare(NetworkNamespace ns, Fib fib, List<Flow> flows, boolean fibmatch) throws IOException {
        List<String> questions = new ArrayList<>();
        List<LookupResult> answers = new ArrayList<>();
        for (Flow flow : flows) {
            LookupResult answer = fib.lookup(flow);
            if (!fibmatch && answer.isSuccess() && answer.route() != null && answer.route().isMultipath()) {
                continue; // the kernel's siphash picks the path; proportions are tested separately
            }
            questions.add(question(flow, fibmatch));
            answers.add(answer);
        }
        StringBuilder stdout = new StringBuilder();
        Map<Integer, String> failed = batch(ns, questions, stdout);
        StringBuilder expected = new StringBuilder();
        Map<Integer, String> expectedFailed = new TreeMap<>();
        for (int i = 0; i < answers.size(); i++) {
            LookupResult answer = answers.get(i);
            if (answer.isSuccess()) {
                expected.append(fibmatch ? answer.fibmatchText() : answer.getText()).append('\n');
            } else {
                expectedFailed.put(i + 1, answer.error().ipText());
            }
        }
        List<String> kernelLines = List.of(stdout.toString().split("\n", -1));
        List<String> ourLines = List.of(expected.toString().split("\n", -1));
        int mismatch = firstMismatch(kernelLines, ourLines);
        assertEquals(-1, mismatch, () -> "first differing output line " + mismatch + ": kernel \""
                + (mismatch < kernelLines.size() ? kernelLines.get(mismatch) : "") + "\" ours \""
                + (mismatch < ourLines.size() ? ourLines.get(mismatch) : "") + "\"");
        for (int line : new java.util.TreeSet<>(union(failed.keySet(), expectedFailed.keySet()))) {
            String question = questions.get(line - 1);
            assertEquals(failed.get(line), expectedFailed.get(line), () -> "answer to \"" + question + "\"");
        }
        assertTrue(answers.size() > flows.size() / 2);
    }

    private static java.util.Set<Integer> union(java.util.Set<Integer> a, java.util.Set<Integer> b) {
        java.util.Set<Integer> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static int firstMismatch(List<String> a, List<String> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i >= a.size() || i >= b.size() || !a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
