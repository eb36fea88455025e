package io.github.overlaykit.codec;

/** The RFC 1071 checksum the slow, obvious way: the oracle for the fast implementation. */
final class NaiveChecksum {
    private NaiveChecksum() {
    }

    /** One's-complement sum of 16-bit big-endian words (odd last byte padded), folded to 16 bits. */
    static int onesComplementSum(byte[] data, int offset, int length, int initial) {
        int sum = initial;
        for (int i = 0; i < length; i += 2) {
            int word = (data[offset + i] & 0xFF) << 8;
            if (i + 1 < length) {
                word |= data[offset + i + 1] & 0xFF;
            }
            sum += word;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    /** The checksum to store for data whose checksum field is zero. */
    static int checksum(byte[] data, int offset, int length) {
        return ~onesComplementSum(data, offset, length, 0) & 0xFFFF;
    }

    /** The TCP/UDP checksum over the IPv4 pseudo-header and the segment (checksum field zero). */
    static int transportChecksum(int source, int destination, int protocol, byte[] data, int offset, int length) {
        int pseudo = onesComplementSum(new byte[] {
            (byte) (source >>> 24), (byte) (source >>> 16), (byte) (source >>> 8), (byte) source,
            (byte) (destination >>> 24), (byte) (destination >>> 16), (byte) (destination >>> 8), (byte) destination,
            0, (byte) protocol, (byte) (length >>> 8), (byte) length}, 0, 12, 0);
        return ~onesComplementSum(data, offset, length, pseudo) & 0xFFFF;
    }
}
