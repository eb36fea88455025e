package io.github.overlaykit.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The fast LPM against a linear oracle, on random churn and on the real BGP table. */
class Ipv4LpmTest {

    /** The obvious implementation: scan every prefix, keep the longest that contains the address. */
    static final class LinearOracle {
        final Map<Long, Integer> prefixes = new HashMap<>();

        static long key(int address, int length) {
            return ((address & 0xFFFF_FFFFL) << 6) | length;
        }

        int lookup(int address) {
            int bestLength = -1;
            int best = Ipv4Lpm.NO_ROUTE;
            for (Map.Entry<Long, Integer> e : prefixes.entrySet()) {
                int length = (int) (e.getKey() & 63);
                int prefix = (int) (e.getKey() >>> 6);
                int mask = length == 0 ? 0 : -1 << (32 - length);
                if (((address ^ prefix) & mask) == 0 && length > bestLength) {
                    bestLength = length;
                    best = e.getValue();
                }
            }
            return best;
        }
    }

    @Test
    void randomChurnAgreesWithTheLinearOracle() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            Ipv4Lpm lpm = new Ipv4Lpm();
            LinearOracle oracle = new LinearOracle();
            List<int[]> live = new ArrayList<>();
            // clustered addresses so prefixes nest and share chunks at every level
            int base = random.nextInt() & 0xFFF0_0000;
            for (int op = 0; op < 600; op++) {
                if (!live.isEmpty() && random.nextInt(4) == 0) {
                    int[] p = live.remove(random.nextInt(live.size()));
                    Integer expected = oracle.prefixes.remove(LinearOracle.key(p[0], p[1]));
                    assertEquals(expected == null ? Ipv4Lpm.NO_ROUTE : expected, lpm.remove(p[0], p[1]));
                } else {
                    int length = random.nextInt(10) == 0 ? random.nextInt(12) : 12 + random.nextInt(21);
                    int address = (base | (random.nextInt() & 0x000F_FFFF)) & (length == 0 ? 0 : -1 << (32 - length));
                    int value = random.nextInt(Ipv4Lpm.MAX_VALUE + 1);
                    Integer previous = oracle.prefixes.put(LinearOracle.key(address, length), value);
                    assertEquals(previous == null ? Ipv4Lpm.NO_ROUTE : previous, lpm.put(address, length, value));
                    if (previous == null) {
                        live.add(new int[] {address, length});
                    }
                }
                for (int q = 0; q < 20; q++) {
                    int address = random.nextInt(4) == 0 ? random.nextInt() : base | (random.nextInt() & 0x000F_FFFF);
                    assertEquals(oracle.lookup(address), lpm.lookup(address), "round " + round + " op " + op);
                }
            }
            assertEquals(oracle.prefixes.size(), lpm.size());
            // removing everything leaves no route anywhere
            for (int[] p : live) {
                lpm.remove(p[0], p[1]);
            }
            for (int q = 0; q < 1000; q++) {
                assertEquals(Ipv4Lpm.NO_ROUTE, lpm.lookup(base | (random.nextInt() & 0x000F_FFFF)));
            }
        }
    }

    @Test
    void bulkBuildEqualsIncrementalAndOracle() {
        Random random = new Random(7);
        int n = 3000;
        int[] addresses = new int[n];
        int[] lengths = new int[n];
        int[] values = new int[n];
        LinearOracle oracle = new LinearOracle();
        Ipv4Lpm incremental = new Ipv4Lpm();
        for (int i = 0; i < n; i++) {
            lengths[i] = random.nextInt(33);
            addresses[i] = (random.nextInt() & 0xC0FF_FFFF) & (lengths[i] == 0 ? 0 : -1 << (32 - lengths[i]));
            values[i] = i;
            oracle.prefixes.put(LinearOracle.key(addresses[i], lengths[i]), i);
            incremental.put(addresses[i], lengths[i], i);
        }
        Ipv4Lpm built = Ipv4Lpm.build(addresses, lengths, values, n);
        for (int q = 0; q < 20_000; q++) {
            int address = random.nextInt() & 0xC0FF_FFFF;
            int expected = oracle.lookup(address);
            assertEquals(expected, built.lookup(address));
            assertEquals(expected, incremental.lookup(address));
        }
    }

    @Test
    void rejectsBadPrefixesAndValues() {
        Ipv4Lpm lpm = new Ipv4Lpm();
        assertThrows(IllegalArgumentException.class, () -> lpm.put(0x0A00_0001, 24, 1));
        assertThrows(IllegalArgumentException.class, () -> lpm.put(0, 33, 1));
        assertThrows(IllegalArgumentException.class, () -> lpm.put(0, 0, Ipv4Lpm.MAX_VALUE + 1));
        assertEquals(Ipv4Lpm.NO_ROUTE, lpm.remove(0x0A00_0000, 8));
        lpm.put(0, 0, 5);
        assertEquals(5, lpm.lookup(0xFFFF_FFFF));
        assertEquals(0, lpm.lookupLength(0x1234_5678));
        lpm.put(0xFFFF_FFFF, 32, 6);
        assertEquals(6, lpm.lookup(0xFFFF_FFFF));
        assertEquals(32, lpm.lookupLength(0xFFFF_FFFF));
        assertEquals(5, lpm.lookup(0xFFFF_FFFE));
    }

    /** Reads the IPv4 prefixes of the shared BGP table (CRLF lines, IPv6 lines skipped). */
    static List<Ipv4Prefix> bgpPrefixes() throws IOException {
        List<Ipv4Prefix> result = new ArrayList<>(902_000);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(SharedData.path("data/routes/bgp-prefixes.txt.gz"))), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String text = line.strip();
                if (!text.isEmpty() && text.indexOf(':') < 0) {
                    result.add(Ipv4Prefix.parse(text));
                }
            }
        }
        return result;
    }

    @Test
    void fullBgpTableAgreesWithPerLengthProbingAndFitsTheMemoryBudget() throws IOException {
        List<Ipv4Prefix> table = bgpPrefixes();
        assertEquals(901_899, table.size());
        int n = table.size();
        int[] addresses = new int[n];
        int[] lengths = new int[n];
        int[] values = new int[n];
        List<Map<Integer, Integer>> byLength = new ArrayList<>();
        for (int l = 0; l <= 32; l++) {
            byLength.add(new HashMap<>());
        }
        for (int i = 0; i < n; i++) {
            addresses[i] = table.get(i).address();
            lengths[i] = table.get(i).length();
            values[i] = i & Ipv4Lpm.MAX_VALUE;
            byLength.get(lengths[i]).put(addresses[i], values[i]);
        }
        Ipv4Lpm lpm = Ipv4Lpm.build(addresses, lengths, values, n);
        assertEquals(n, lpm.size());
        Random random = new Random(11);
        for (int q = 0; q < 300_000; q++) {
            int address = q % 5 == 0 ? random.nextInt()
                    : addresses[random.nextInt(n)] | (random.nextInt() & ~(lengths[q % n] == 0 ? 0 : -1 << (32 - lengths[q % n])));
            int expected = Ipv4Lpm.NO_ROUTE;
            for (int l = 32; l >= 0; l--) {
                Integer v = byLength.get(l).get(l == 0 ? 0 : address & (-1 << (32 - l)));
                if (v != null) {
                    expected = v;
                    break;
                }
            }
            assertEquals(expected, lpm.lookup(address));
        }
        int[] batch = new int[4096];
        int[] results = new int[4096];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = random.nextInt(4) == 0 ? random.nextInt() : addresses[random.nextInt(n)] | random.nextInt(256);
        }
        lpm.lookupBatch(batch, 0, results, batch.length);
        for (int i = 0; i < batch.length; i++) {
            assertEquals(lpm.lookup(batch[i]), results[i]);
        }
        double bytesPerRoute = (double) lpm.memoryBytes() / n;
        assertTrue(bytesPerRoute <= 40, "bytes per route " + bytesPerRoute);
        // churn on the real table: remove and re-add a tenth, answers stay the same
        for (int i = 0; i < n; i += 10) {
            assertEquals(values[i], lpm.remove(addresses[i], lengths[i]));
        }
        for (int i = 0; i < n; i += 10) {
            lpm.put(addresses[i], lengths[i], values[i]);
        }
        for (int q = 0; q < 100_000; q++) {
            int address = random.nextInt();
            int expected = Ipv4Lpm.NO_ROUTE;
            for (int l = 32; l >= 0; l--) {
                Integer v = byLength.get(l).get(l == 0 ? 0 : address & (-1 << (32 - l)));
                if (v != null) {
                    expected = v;
                    break;
                }
            }
            assertEquals(expected, lpm.lookup(address));
        }
    }
}
