package io.github.overlaykit.route;

import java.util.Arrays;

/**
 * A longest-prefix-match table from IPv4 prefixes to {@code int} values (next-hop ids), built for a
 * full Internet table: one to three dependent array reads per lookup, no allocation, in-place updates.
 *
 * <p>Layout: a multibit trie with strides 18, 6 and 8 over {@code int} arrays, with leaf pushing (every
 * slot holds the best leaf for its range, so lookup never backtracks):
 * <pre>
 *   address bits   31 ........ 14 | 13 .. 8 | 7 ..... 0
 *                  root index (18) | lvl2 (6)| lvl3 (8)
 *
 *   root  int[2^18]            one slot per /18
 *   lvl2  int[64 * chunks]     a 64-slot chunk under each /18 that holds prefixes longer than /18
 *   lvl3  int[256 * chunks]    a 256-slot chunk under each /24 that holds prefixes longer than /24
 *
 *   slot:  0                               empty (no route)
 *          1 | 0 ..... chunk index (31)     pointer to the next level's chunk
 *          0 | 1 | length (6) | value (24)  leaf: the best prefix covering the slot
 * </pre>
 * On the 901,899-prefix BGP table this needs 1 MiB of root, ~65k level-2 and ~450 level-3 chunks (about
 * 18 MB) plus the exact-match map that remembers each prefix for updates (8 MiB) and per-length
 * length masks (2.25 MiB): about 32 bytes per route.
 *
 * <p>Updates rewrite only the slots the prefix covers whose current leaf is not more specific; a
 * removal puts back the next shorter covering prefix, found in the exact-match map. Chunks are not
 * reclaimed when they become uniform. Values are 0..2^24-1. IPv4 only; an IPv6 table would reuse the
 * scheme with more levels. Not thread-safe for writers; lookups concurrent with writes may see either
 * state of a slot.
 */
public final class Ipv4Lpm {
    /** What {@link #lookup(int)} answers when no prefix covers the address. */
    public static final int NO_ROUTE = -1;
    /** The largest value a prefix can map to. */
    public static final int MAX_VALUE = 0xFF_FFFF;

    private static final int ROOT_BITS = 18;
    private static final int LEAF = 0x4000_0000;
    private static final int POINTER = 0x8000_0000;

    private final int[] root = new int[1 << ROOT_BITS];
    private int[] level2 = new int[64 * 16];
    private int level2Chunks;
    private int[] level3 = new int[256 * 4];
    private int level3Chunks;

    /** Exact-match map: (address, length+1, value) packed in one long; 0 is an empty slot. */
    private long[] prefixes = new long[1024];
    private int size;
    private final int[] lengthCounts = new int[33];
    /*
     * Which prefix lengths may cover an address, so a removal finds the covering prefix with two reads
     * and usually one map probe instead of probing every shorter length: bit l of lengthsBy16[a >>> 16]
     * is set once a prefix of length l (0..16) covering that /16 was put; bit l-17 of
     * lengthsBy20[a >>> 12] once a prefix of length l (17..32) covering (l <= 20) or inside (l > 20) that
     * /20 was put. Bits are never cleared: a stale bit costs one map probe, never a wrong answer.
     */
    private final int[] lengthsBy16 = new int[1 << 16];
    private final short[] lengthsBy20 = new short[1 << 20];

    /** An empty table. */
    public Ipv4Lpm() {
    }

    private void markLength(int address, int length) {
        if (length <= 16) {
            int from = address >>> 16;
            int to = from + (1 << (16 - length));
            for (int i = from; i < to; i++) {
                lengthsBy16[i] |= 1 << length;
            }
        } else {
            int from = address >>> 12;
            int to = length <= 20 ? from + (1 << (20 - length)) : from + 1;
            for (int i = from; i < to; i++) {
                lengthsBy20[i] |= (short) (1 << (length - 17));
            }
        }
    }

    /**
     * Builds a table in one go: prefixes are inserted shortest first, so no slot is written twice
     * per level more than needed, and arrays are sized exactly.
     *
     * @param addresses network addresses (host bits zero)
     * @param lengths   prefix lengths 0..32
     * @param values    values 0..{@link #MAX_VALUE}
     * @param count     how many entries of the arrays to use
     * @return the table; a prefix given twice keeps the later value
     */
    public static Ipv4Lpm build(int[] addresses, int[] lengths, int[] values, int count) {
        long[] order = new long[count];
        for (int i = 0; i < count; i++) {
            order[i] = ((long) lengths[i] << 32) | i;
        }
        Arrays.sort(order);
        Ipv4Lpm table = new Ipv4Lpm();
        table.prefixes = new long[Integer.highestOneBit(Math.max(16, (int) (count / 0.9)) - 1) << 1];
        int l2 = 0;
        int l3 = 0;
        {
            // count distinct /18 and /24 that need chunks, to size the levels exactly
            long[] keys = new long[count];
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (lengths[i] > ROOT_BITS) {
                    keys[n++] = addresses[i] >>> (32 - ROOT_BITS);
                }
            }
            l2 = distinct(keys, n);
            n = 0;
            for (int i = 0; i < count; i++) {
                if (lengths[i] > 24) {
                    keys[n++] = addresses[i] >>> 8;
                }
            }
            l3 = distinct(keys, n);
        }
        table.level2 = new int[Math.max(1, l2) * 64];
        table.level3 = new int[Math.max(1, l3) * 256];
        for (int k = 0; k < count; k++) {
            int i = (int) order[k];
            table.put(addresses[i], lengths[i], values[i]);
        }
        return table;
    }

    private static int distinct(long[] keys, int n) {
        Arrays.sort(keys, 0, n);
        int d = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                d++;
            }
        }
        return d;
    }

    /**
     * Returns the value of the longest prefix that contains {@code address}.
     *
     * @param address the address bits
     * @return the value, or {@link #NO_ROUTE}
     */
    public int lookup(int address) {
        int e = root[address >>> 14];
        if (e < 0) {
            e = level2[((e & 0x7FFF_FFFF) << 6) | ((address >>> 8) & 0x3F)];
            if (e < 0) {
                e = level3[((e & 0x7FFF_FFFF) << 8) | (address & 0xFF)];
            }
        }
        return e == 0 ? NO_ROUTE : e & MAX_VALUE;
    }

    /**
     * Looks up many addresses at once, level by level: all root slots first, then the level-2 slots
     * of those that point further, then level 3. The reads of one level are independent, so the CPU
     * overlaps their cache misses (what a forwarding loop over a packet batch wants).
     *
     * @param addresses the addresses
     * @param offset    index of the first address in {@code addresses}
     * @param results   where the values go ({@link #NO_ROUTE} for none), from index 0
     * @param count     how many addresses
     */
    public void lookupBatch(int[] addresses, int offset, int[] results, int count) {
        int[] rootLevel = root;
        for (int i = 0; i < count; i++) {
            results[i] = rootLevel[addresses[offset + i] >>> 14];
        }
        int[] second = level2;
        boolean deeper = false;
        for (int i = 0; i < count; i++) {
            int e = results[i];
            if (e < 0) {
                e = second[((e & 0x7FFF_FFFF) << 6) | ((addresses[offset + i] >>> 8) & 0x3F)];
                results[i] = e;
                deeper |= e < 0;
            }
        }
        if (deeper) {
            int[] third = level3;
            for (int i = 0; i < count; i++) {
                int e = results[i];
                if (e < 0) {
                    results[i] = third[((e & 0x7FFF_FFFF) << 8) | (addresses[offset + i] & 0xFF)];
                }
            }
        }
        for (int i = 0; i < count; i++) {
            int e = results[i];
            results[i] = e == 0 ? NO_ROUTE : e & MAX_VALUE;
        }
    }

    /**
     * Returns the length of the longest prefix that contains {@code address}.
     *
     * @param address the address bits
     * @return 0..32, or -1 if none
     */
    public int lookupLength(int address) {
        int e = root[address >>> 14];
        if (e < 0) {
            e = level2[((e & 0x7FFF_FFFF) << 6) | ((address >>> 8) & 0x3F)];
            if (e < 0) {
                e = level3[((e & 0x7FFF_FFFF) << 8) | (address & 0xFF)];
            }
        }
        return e == 0 ? -1 : (e >>> 24) & 0x3F;
    }

    /**
     * Adds or replaces a prefix.
     *
     * @param address the network address, host bits zero
     * @param length  0..32
     * @param value   0..{@link #MAX_VALUE}
     * @return the previous value of this exact prefix, or {@link #NO_ROUTE}
     */
    public int put(int address, int length, int value) {
        check(address, length);
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("value " + value + " is outside 0.." + MAX_VALUE);
        }
        int previous = mapPut(address, length, value);
        write(address, length, LEAF | (length << 24) | value, true);
        return previous;
    }

    /**
     * Removes a prefix; addresses it covered fall back to the next shorter prefix.
     *
     * @param address the network address
     * @param length  0..32
     * @return the removed value, or {@link #NO_ROUTE} if the prefix was absent
     */
    public int remove(int address, int length) {
        check(address, length);
        int removed = mapRemove(address, length);
        if (removed == NO_ROUTE) {
            return NO_ROUTE;
        }
        int cover = 0;
        int by16 = lengthsBy16[address >>> 16];
        int by20 = lengthsBy20[address >>> 12] & 0xFFFF;
        for (int l = length - 1; l >= 0; l--) {
            boolean maybe = l >= 17 ? (by20 & (1 << (l - 17))) != 0 : (by16 & (1 << l)) != 0;
            if (!maybe || lengthCounts[l] == 0) {
                continue;
            }
            int covering = address & mask(l);
            int v = mapGet(covering, l);
            if (v != NO_ROUTE) {
                cover = LEAF | (l << 24) | v;
                break;
            }
        }
        write(address, length, cover, false);
        return removed;
    }

    /**
     * Returns the value of exactly this prefix.
     *
     * @param address the network address
     * @param length  0..32
     * @return the value, or {@link #NO_ROUTE}
     */
    public int get(int address, int length) {
        check(address, length);
        return mapGet(address, length);
    }

    /**
     * Returns the number of prefixes.
     *
     * @return the count
     */
    public int size() {
        return size;
    }

    /**
     * Returns the bytes held by the arrays (trie levels and exact-match map), excluding object headers.
     *
     * @return the footprint in bytes
     */
    public long memoryBytes() {
        return 4L * root.length + 4L * level2.length + 4L * level3.length + 8L * prefixes.length
                + 4L * lengthsBy16.length + 2L * lengthsBy20.length;
    }

    /**
     * Returns how many level-2 and level-3 chunks are in use.
     *
     * @return {@code {level2, level3}}
     */
    public int[] chunkCounts() {
        return new int[] {level2Chunks, level3Chunks};
    }

    private static void check(int address, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0..32");
        }
        if ((address & ~mask(length)) != 0) {
            throw new IllegalArgumentException("host bits set in prefix");
        }
    }

    private static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    private static int leafLength(int e) {
        return (e >>> 24) & 0x3F;
    }

    /**
     * Writes {@code leaf} over the prefix's slots. Inserting replaces leaves no longer than
     * {@code length}; removing ({@code insert} false) replaces exactly the leaves of {@code length}.
     */
    private void write(int address, int length, int leaf, boolean insert) {
        if (length <= ROOT_BITS) {
            int from = address >>> 14;
            int to = from + (1 << (ROOT_BITS - length));
            for (int i = from; i < to; i++) {
                int e = root[i];
                if (e < 0) {
                    writeLevel2(e & 0x7FFF_FFFF, 0, 64, length, leaf, insert);
                } else if (replaces(e, length, insert)) {
                    root[i] = leaf;
                }
            }
            return;
        }
        int rootIndex = address >>> 14;
        int chunk2 = level2Chunk(rootIndex, insert);
        if (chunk2 < 0) {
            return;
        }
        if (length <= 24) {
            int from = (address >>> 8) & 0x3F;
            writeLevel2(chunk2, from, from + (1 << (24 - length)), length, leaf, insert);
            return;
        }
        int slot2 = (chunk2 << 6) | ((address >>> 8) & 0x3F);
        int chunk3 = level3Chunk(slot2, insert);
        if (chunk3 < 0) {
            return;
        }
        int from = address & 0xFF;
        writeLevel3(chunk3, from, from + (1 << (32 - length)), length, leaf, insert);
    }

    private static boolean replaces(int e, int length, boolean insert) {
        return insert ? e == 0 || leafLength(e) <= length : e != 0 && leafLength(e) == length;
    }

    private void writeLevel2(int chunk, int from, int to, int length, int leaf, boolean insert) {
        int base = chunk << 6;
        for (int j = from; j < to; j++) {
            int e = level2[base + j];
            if (e < 0) {
                writeLevel3(e & 0x7FFF_FFFF, 0, 256, length, leaf, insert);
            } else if (replaces(e, length, insert)) {
                level2[base + j] = leaf;
            }
        }
    }

    private void writeLevel3(int chunk, int from, int to, int length, int leaf, boolean insert) {
        int base = chunk << 8;
        for (int j = from; j < to; j++) {
            int e = level3[base + j];
            if (replaces(e, length, insert)) {
                level3[base + j] = leaf;
            }
        }
    }

    /** The level-2 chunk under a root slot, made (filled with the slot's leaf) when inserting. */
    private int level2Chunk(int rootIndex, boolean create) {
        int e = root[rootIndex];
        if (e < 0) {
            return e & 0x7FFF_FFFF;
        }
        if (!create) {
            return -1;
        }
        int chunk = level2Chunks++;
        if ((long) level2Chunks * 64 > level2.length) {
            level2 = Arrays.copyOf(level2, Math.max(level2.length + 64, level2.length + (level2.length >> 1)));
        }
        Arrays.fill(level2, chunk << 6, (chunk + 1) << 6, e);
        root[rootIndex] = POINTER | chunk;
        return chunk;
    }

    private int level3Chunk(int slot2, boolean create) {
        int e = level2[slot2];
        if (e < 0) {
            return e & 0x7FFF_FFFF;
        }
        if (!create) {
            return -1;
        }
        int chunk = level3Chunks++;
        if ((long) level3Chunks * 256 > level3.length) {
            level3 = Arrays.copyOf(level3, Math.max(level3.length + 256, level3.length + (level3.length >> 1)));
        }
        Arrays.fill(level3, chunk << 8, (chunk + 1) << 8, e);
        level2[slot2] = POINTER | chunk;
        return chunk;
    }

    // ------------------------------------------------------------------------ exact-match map

    private static long packedKey(int address, int length) {
        return ((address & 0xFFFF_FFFFL) << 8) | (length + 1);
    }

    private int slotOf(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 40) & (prefixes.length - 1);
    }

    private int mapGet(int address, int length) {
        if (lengthCounts[length] == 0) {
            return NO_ROUTE;
        }
        long key = packedKey(address, length);
        int m = prefixes.length - 1;
        for (int i = slotOf(key); ; i = (i + 1) & m) {
            long entry = prefixes[i];
            if (entry == 0) {
                return NO_ROUTE;
            }
            if ((entry >>> 24) == key) {
                return (int) (entry & MAX_VALUE);
            }
        }
    }

    private int mapPut(int address, int length, int value) {
        // linear probing up to 90 % full: hits stay within a cache line or two, misses are rare
        // because removals consult the length masks first
        if ((size + 1) * 10L > prefixes.length * 9L) {
            rehash(prefixes.length * 2);
        }
        long key = packedKey(address, length);
        long entry = (key << 24) | value;
        int m = prefixes.length - 1;
        for (int i = slotOf(key); ; i = (i + 1) & m) {
            long current = prefixes[i];
            if (current == 0) {
                prefixes[i] = entry;
                size++;
                lengthCounts[length]++;
                markLength(address, length);
                return NO_ROUTE;
            }
            if ((current >>> 24) == key) {
                prefixes[i] = entry;
                return (int) (current & MAX_VALUE);
            }
        }
    }

    private int mapRemove(int address, int length) {
        if (lengthCounts[length] == 0) {
            return NO_ROUTE;
        }
        long key = packedKey(address, length);
        int m = prefixes.length - 1;
        int i = slotOf(key);
        while (true) {
            long current = prefixes[i];
            if (current == 0) {
                return NO_ROUTE;
            }
            if ((current >>> 24) == key) {
                break;
            }
            i = (i + 1) & m;
        }
        int removed = (int) (prefixes[i] & MAX_VALUE);
        // backward-shift deletion keeps probe chains intact without tombstones
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & m;
            long entry = prefixes[j];
            if (entry == 0) {
                break;
            }
            int home = slotOf(entry >>> 24);
            if (((j - home) & m) >= ((j - hole) & m)) {
                prefixes[hole] = entry;
                hole = j;
            }
        }
        prefixes[hole] = 0;
        size--;
        lengthCounts[length]--;
        return removed;
    }

    private void rehash(int capacity) {
        long[] old = prefixes;
        prefixes = new long[capacity];
        int m = capacity - 1;
        for (long entry : old) {
            if (entry != 0) {
                int i = slotOf(entry >>> 24);
                while (prefixes[i] != 0) {
                    i = (i + 1) & m;
                }
                prefixes[i] = entry;
            }
        }
    }
}
