package io.github.overlaykit.codec;

/**
 * An Ethernet MAC address as its 48 bits in the low bits of a {@code long}
 * ({@code 0e:2b:2a:1f:04:39} is {@code 0x0E2B2A1F0439L}).
 *
 * <p>{@link #parse(CharSequence)} takes six colon-separated pairs of hex digits (either case), the form
 * {@code ip link} and {@code bridge fdb} print; {@link #toString()} prints lower case.
 *
 * @param bits the address, first octet in bits 47..40
 */
public record MacAddress(long bits) {

    /** {@code ff:ff:ff:ff:ff:ff}. */
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);
    /** {@code 00:00:00:00:00:00}, which {@code bridge fdb} uses for the default (flood) entry. */
    public static final MacAddress ZERO = new MacAddress(0);

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * Validates the range.
     *
     * @param bits the address bits
     * @throws IllegalArgumentException if bits above 47 are set
     */
    public MacAddress {
        if ((bits & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("MAC address has more than 48 bits: 0x" + Long.toHexString(bits));
        }
    }

    /**
     * Parses {@code xx:xx:xx:xx:xx:xx}.
     *
     * @param text the address text
     * @return the address
     * @throws IllegalArgumentException if the text is not six colon-separated hex pairs
     */
    public static MacAddress parse(CharSequence text) {
        return new MacAddress(parseLong(text));
    }

    /**
     * Parses {@code xx:xx:xx:xx:xx:xx} without allocating.
     *
     * @param text the address text
     * @return the 48 address bits
     * @throws IllegalArgumentException if the text is not six colon-separated hex pairs
     */
    public static long parseLong(CharSequence text) {
        if (text.length() != 17) {
            throw new IllegalArgumentException("not a MAC address: \"" + text + "\"");
        }
        long result = 0;
        for (int i = 0; i < 17; i += 3) {
            int hi = Character.digit(text.charAt(i), 16);
            int lo = Character.digit(text.charAt(i + 1), 16);
            if (hi < 0 || lo < 0 || (i < 15 && text.charAt(i + 2) != ':')) {
                throw new IllegalArgumentException("not a MAC address: \"" + text + "\"");
            }
            result = (result << 8) | (hi << 4) | lo;
        }
        return result;
    }

    /**
     * Appends {@code bits} as {@code xx:xx:xx:xx:xx:xx} in lower case.
     *
     * @param bits the 48 address bits
     * @param out  where to append
     * @return {@code out}
     */
    public static StringBuilder appendTo(long bits, StringBuilder out) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            int b = (int) (bits >>> shift) & 0xFF;
            out.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
            if (shift != 0) {
                out.append(':');
            }
        }
        return out;
    }

    /**
     * Formats {@code bits} as {@code xx:xx:xx:xx:xx:xx}.
     *
     * @param bits the 48 address bits
     * @return the text, lower case
     */
    public static String toString(long bits) {
        return appendTo(bits, new StringBuilder(17)).toString();
    }

    /**
     * Tells whether the group bit (the least significant bit of the first octet) is set.
     *
     * @return true for multicast and broadcast addresses
     */
    public boolean isMulticast() {
        return (bits & 0x0100_0000_0000L) != 0;
    }

    /**
     * Returns the six bytes in wire order.
     *
     * @return a new array of length 6
     */
    public byte[] toBytes() {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) (bits >>> (40 - 8 * i));
        }
        return out;
    }

    /** Returns {@code xx:xx:xx:xx:xx:xx} in lower case. */
    @Override
    public String toString() {
        return toString(bits);
    }
}
