package io.github.overlaykit.route;

/**
 * The 31-bit flow hash that picks a path of a multipath route, as {@code fib_multipath_hash()} does.
 * The kernel's is a keyed siphash; any deterministic function keeps the hash-threshold proportions.
 */
@FunctionalInterface
public interface MultipathHash {

    /**
     * Hashes a flow.
     *
     * @param flow the flow
     * @return a value in 0..2^31-1
     */
    int hash(Flow flow);

    /**
     * The default: policy 0 (L3: source and destination address) through a 64-bit finaliser.
     *
     * @return the hash function
     */
    static MultipathHash layer3() {
        return flow -> {
            long h = ((long) flow.source() << 32) ^ (flow.destination() & 0xFFFF_FFFFL);
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            h ^= h >>> 33;
            return (int) (h & 0x7FFF_FFFFL);
        };
    }

    /**
     * Policy 1 (L4: addresses, protocol and ports) through the same finaliser.
     *
     * @return the hash function
     */
    static MultipathHash layer4() {
        MultipathHash l3 = layer3();
        return flow -> {
            long h = l3.hash(flow) ^ ((long) flow.ipProto() << 40) ^ ((long) flow.sourcePort() << 16)
                    ^ flow.destinationPort();
            h *= 0x9E3779B97F4A7C15L;
            h ^= h >>> 31;
            return (int) (h & 0x7FFF_FFFFL);
        };
    }
}
