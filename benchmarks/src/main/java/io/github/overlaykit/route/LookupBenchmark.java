package io.github.overlaykit.route;

import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressAssociativeTrie;
import io.github.overlaykit.codec.Ipv4Prefix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Longest-prefix match on the real 901,899-prefix IPv4 BGP table ({@code ../shared/data/routes}):
 * {@link Ipv4Lpm} against the IPAddress library's associative trie in the same run, and against a
 * linear scan on a small table (1,024 prefixes) where a scan is still plausible.
 *
 * <p>Queries: 2^20 addresses, 80 % inside a random table prefix, 20 % uniform, walked in order so
 * lookups are independent (throughput, as a forwarding loop sees them). {@code update} removes and
 * re-adds one random table prefix (two updates per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LookupBenchmark {
    private static final int QUERIES = 1 << 20;
    private static final int SMALL = 1024;
    private static final int BATCH = 1024;

    private int[] addresses;
    private int[] lengths;
    private int[] values;
    private int[] queries;
    private IPv4Address[] queryObjects;
    private Ipv4Lpm lpm;
    private Ipv4Lpm smallLpm;
    private int[] smallAddresses;
    private int[] smallMasks;
    private int[] smallLengths;
    private IPv4AddressAssociativeTrie<Integer> trie;
    private int next;
    private final int[] batchResults = new int[BATCH];
    private SplittableRandom random;

    /** Loads the table and builds the structures once per fork. */
    @Setup(Level.Trial)
    public void setUp() {
        List<Ipv4Prefix> table = loadTable();
        int n = table.size();
        addresses = new int[n];
        lengths = new int[n];
        values = new int[n];
        for (int i = 0; i < n; i++) {
            addresses[i] = table.get(i).address();
            lengths[i] = table.get(i).length();
            values[i] = i & Ipv4Lpm.MAX_VALUE;
        }
        long start = System.nanoTime();
        lpm = Ipv4Lpm.build(addresses, lengths, values, n);
        long buildNanos = System.nanoTime() - start;
        int[] chunks = lpm.chunkCounts();
        System.out.printf("%nIpv4Lpm: %d prefixes, build %.3f s, %d bytes = %.1f B/route, chunks l2=%d l3=%d%n", n,
                buildNanos / 1e9, lpm.memoryBytes(), (double) lpm.memoryBytes() / n, chunks[0], chunks[1]);

        random = new SplittableRandom(2026);
        queries = new int[QUERIES];
        queryObjects = new IPv4Address[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            int q;
            if (random.nextInt(5) == 0) {
                q = random.nextInt();
            } else {
                int p = random.nextInt(n);
                int hostMask = lengths[p] == 0 ? -1 : ~(-1 << (32 - lengths[p]));
                q = addresses[p] | (random.nextInt() & hostMask);
            }
            queries[i] = q;
            queryObjects[i] = new IPv4Address(q);
        }

        smallAddresses = new int[SMALL];
        smallMasks = new int[SMALL];
        smallLengths = new int[SMALL];
        int[] smallValues = new int[SMALL];
        for (int i = 0; i < SMALL; i++) {
            int p = random.nextInt(n);
            smallAddresses[i] = addresses[p];
            smallLengths[i] = lengths[p];
            smallMasks[i] = lengths[p] == 0 ? 0 : -1 << (32 - lengths[p]);
            smallValues[i] = i;
        }
        smallLpm = Ipv4Lpm.build(smallAddresses, smallLengths, smallValues, SMALL);

        start = System.nanoTime();
        trie = new IPv4AddressAssociativeTrie<>();
        for (int i = 0; i < n; i++) {
            trie.put(new IPv4Address(addresses[i], lengths[i]).toPrefixBlock(), values[i]);
        }
        System.out.printf("IPAddress trie: build %.3f s%n", (System.nanoTime() - start) / 1e9);
        for (int i = 0; i < 10_000; i++) {
            var node = trie.longestPrefixMatchNode(queryObjects[i]);
            int expected = node == null ? Ipv4Lpm.NO_ROUTE : node.getValue();
            if (expected != lpm.lookup(queries[i])) {
                throw new IllegalStateException("Ipv4Lpm and IPAddress disagree on " + queryObjects[i]);
            }
        }
    }

    static List<Ipv4Prefix> loadTable() {
        Path file = Path.of(System.getProperty("overlaykit.shared", "../shared"), "data/routes/bgp-prefixes.txt.gz");
        List<Ipv4Prefix> table = new ArrayList<>(902_000);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String text = line.strip();
                if (!text.isEmpty() && text.indexOf(':') < 0) {
                    table.add(Ipv4Prefix.parse(text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (set -Doverlaykit.shared=…)", e);
        }
        return table;
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (QUERIES - 1);
        return i;
    }

    /**
     * Ipv4Lpm on the full table.
     *
     * @return the value found
     */
    @Benchmark
    public int fullTableIpv4Lpm() {
        return lpm.lookup(queries[nextIndex()]);
    }

    /**
     * Ipv4Lpm on the full table, 1,024 lookups per call as a forwarding loop runs them: independent
     * lookups overlap their cache misses. The score is per lookup.
     *
     * @return the sum of the values found
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fullTableIpv4LpmLoop() {
        int start = next;
        next = (start + BATCH) & (QUERIES - 1);
        int sum = 0;
        for (int i = start; i < start + BATCH; i++) {
            sum += lpm.lookup(queries[i]);
        }
        return sum;
    }

    /**
     * Ipv4Lpm's level-by-level batch lookup of 1,024 addresses; the score is per lookup.
     *
     * @return one of the values found
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fullTableIpv4LpmBatch() {
        int start = next;
        next = (start + BATCH) & (QUERIES - 1);
        lpm.lookupBatch(queries, start, batchResults, BATCH);
        return batchResults[start & (BATCH - 1)];
    }

    /**
     * The IPAddress trie in the same loop (baseline), 1,024 lookups per call; the score is per lookup.
     *
     * @return the sum of the values found
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fullTableIpAddressTrieLoop() {
        int start = next;
        next = (start + BATCH) & (QUERIES - 1);
        int sum = 0;
        for (int i = start; i < start + BATCH; i++) {
            var node = trie.longestPrefixMatchNode(queryObjects[i]);
            sum += node == null ? Ipv4Lpm.NO_ROUTE : node.getValue();
        }
        return sum;
    }

    /**
     * The IPAddress library's associative trie on the full table (baseline).
     *
     * @return the value found
     */
    @Benchmark
    public int fullTableIpAddressTrie() {
        var node = trie.longestPrefixMatchNode(queryObjects[nextIndex()]);
        return node == null ? Ipv4Lpm.NO_ROUTE : node.getValue();
    }

    /**
     * Ipv4Lpm on 1,024 prefixes.
     *
     * @return the value found
     */
    @Benchmark
    public int smallTableIpv4Lpm() {
        return smallLpm.lookup(queries[nextIndex()]);
    }

    /**
     * A linear scan of 1,024 prefixes keeping the longest match (baseline).
     *
     * @return the value found
     */
    @Benchmark
    public int smallTableLinearScan() {
        int address = queries[nextIndex()];
        int best = Ipv4Lpm.NO_ROUTE;
        int bestLength = -1;
        for (int i = 0; i < SMALL; i++) {
            if (((address ^ smallAddresses[i]) & smallMasks[i]) == 0 && smallLengths[i] > bestLength) {
                bestLength = smallLengths[i];
                best = i;
            }
        }
        return best;
    }

    /**
     * Removes and re-adds one random prefix of the full table: two updates.
     *
     * @return the removed value
     */
    @Benchmark
    public int updateRemoveAndAdd() {
        int p = random.nextInt(addresses.length);
        int removed = lpm.remove(addresses[p], lengths[p]);
        lpm.put(addresses[p], lengths[p], values[p]);
        return removed;
    }

    /**
     * Builds the full table from arrays.
     *
     * @return the table
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 3)
    public Ipv4Lpm buildFullTable() {
        return Ipv4Lpm.build(addresses, lengths, values, addresses.length);
    }
}
