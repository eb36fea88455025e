package io.github.overlaykit.codec;

/**
 * An IPv4 address as its 32 bits in network order ({@code 10.244.1.8} is {@code 0x0AF40108}).
 *
 * <p>Hot paths pass the {@code int}; this record is for APIs. {@link #parse(CharSequence)} takes only
 * the dotted-quad form {@code a.b.c.d} with each part 0..255 in decimal without leading zeros (as
 * {@code ip} prints; {@code inet_aton}'s octal and short forms are rejected, they surprise users).
 *
 * @param bits the address, most significant byte first
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    /** {@code 0.0.0.0}. */
    public static final Ipv4Address ANY = new Ipv4Address(0);

    /**
     * Parses dotted-quad text.
     *
     * @param text e.g. {@code "10.244.1.8"}
     * @return the address
     * @throws IllegalArgumentException if {@code text} is not a dotted quad
     */
    public static Ipv4Address parse(CharSequence text) {
        return new Ipv4Address(parseInt(text, 0, text.length()));
    }

    /**
     * Parses dotted-quad text in {@code text[start, end)} without allocating.
     *
     * @param text  characters holding the address
     * @param start first index
     * @param end   index after the last character
     * @return the address bits
     * @throws IllegalArgumentException if the range is not a dotted quad
     */
    public static int parseInt(CharSequence text, int start, int end) {
        int result = 0;
        int parts = 0;
        int i = start;
        while (true) {
            int value = 0;
            int digits = 0;
            int partStart = i;
            while (i < end) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                digits++;
                i++;
                if (digits > 3) {
                    throw invalid(text, start, end);
                }
            }
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(partStart) == '0')) {
                throw invalid(text, start, end);
            }
            result = (result << 8) | value;
            parts++;
            if (parts == 4) {
                if (i != end) {
                    throw invalid(text, start, end);
                }
                return result;
            }
            if (i >= end || text.charAt(i) != '.') {
                throw invalid(text, start, end);
            }
            i++;
        }
    }

    private static IllegalArgumentException invalid(CharSequence text, int start, int end) {
        return new IllegalArgumentException("not an IPv4 address: \"" + text.subSequence(start, end) + "\"");
    }

    /**
     * Appends {@code bits} in dotted-quad form without an intermediate string.
     *
     * @param bits the address
     * @param out  where to append
     * @return {@code out}
     */
    public static StringBuilder appendTo(int bits, StringBuilder out) {
        return out.append(bits >>> 24).append('.').append((bits >>> 16) & 0xFF).append('.')
                .append((bits >>> 8) & 0xFF).append('.').append(bits & 0xFF);
    }

    /**
     * Formats {@code bits} in dotted-quad form.
     *
     * @param bits the address
     * @return e.g. {@code "10.244.1.8"}
     */
    public static String toString(int bits) {
        return appendTo(bits, new StringBuilder(15)).toString();
    }

    /**
     * Returns the address as an unsigned value.
     *
     * @return the 32 bits widened to a non-negative {@code long}
     */
    public long unsignedBits() {
        return bits & 0xFFFF_FFFFL;
    }

    /**
     * Returns the four bytes in network order.
     *
     * @return a new array of length 4
     */
    public byte[] toBytes() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    /**
     * Makes an address from four bytes in network order.
     *
     * @param bytes at least four bytes
     * @return the address of the first four
     */
    public static Ipv4Address ofBytes(byte[] bytes) {
        return new Ipv4Address(((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16)
                | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF));
    }

    /**
     * Tells whether the address is in {@code 127.0.0.0/8}.
     *
     * @return true for loopback addresses
     */
    public boolean isLoopback() {
        return (bits >>> 24) == 127;
    }

    /**
     * Tells whether the address is in {@code 224.0.0.0/4}.
     *
     * @return true for multicast addresses
     */
    public boolean isMulticast() {
        return (bits >>> 28) == 0xE;
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    /** Returns the dotted-quad form. */
    @Override
    public String toString() {
        return toString(bits);
    }
}
