package io.github.overlaykit.codec;

/**
 * An IPv4 prefix: a network address and a length 0..32, with the host bits zero
 * ({@code 10.244.1.0/24}).
 *
 * <p>{@link #parse(CharSequence)} accepts {@code a.b.c.d/len} and a bare address (meaning {@code /32});
 * it rejects set host bits, as the kernel does for routes ({@code ip route add 10.0.0.1/24} fails with
 * "Invalid prefix"). Use {@link #parseLenient(CharSequence)} for the iptables habit of masking them.
 * {@link #toString()} prints {@code /32} always; callers that follow {@code ip}'s habit of dropping it
 * use {@link #toStringIpStyle()}.
 *
 * @param address the network address bits, host bits zero
 * @param length  the prefix length, 0..32
 */
public record Ipv4Prefix(int address, int length) implements Comparable<Ipv4Prefix> {

    /** {@code 0.0.0.0/0}, the default route. */
    public static final Ipv4Prefix DEFAULT = new Ipv4Prefix(0, 0);

    /**
     * Validates the components.
     *
     * @param address the network address bits
     * @param length  the prefix length
     * @throws IllegalArgumentException if the length is outside 0..32 or host bits are set
     */
    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0..32");
        }
        if ((address & ~mask(length)) != 0) {
            throw new IllegalArgumentException("host bits set in " + Ipv4Address.toString(address) + "/" + length);
        }
    }

    /**
     * Makes the prefix of the given length that contains {@code address}, clearing host bits.
     *
     * @param address any address in the prefix
     * @param length  the prefix length, 0..32
     * @return the prefix
     */
    public static Ipv4Prefix containing(int address, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0..32");
        }
        return new Ipv4Prefix(address & mask(length), length);
    }

    /**
     * Makes a {@code /32} prefix.
     *
     * @param address the host
     * @return {@code address/32}
     */
    public static Ipv4Prefix host(Ipv4Address address) {
        return new Ipv4Prefix(address.bits(), 32);
    }

    /**
     * Returns the netmask of a prefix length: {@code mask(24) == 0xFFFFFF00}, {@code mask(0) == 0}.
     *
     * @param length 0..32
     * @return the mask bits
     */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /**
     * Returns the prefix length of a contiguous netmask, or -1 if it is not contiguous.
     *
     * @param mask netmask bits, e.g. {@code 0xFFFFFF00}
     * @return 0..32, or -1 for a mask such as {@code 255.0.255.0}
     */
    public static int lengthOfMask(int mask) {
        int length = Integer.bitCount(mask);
        return mask(length) == mask ? length : -1;
    }

    /**
     * Parses {@code a.b.c.d/len} or {@code a.b.c.d}; host bits must be zero.
     *
     * @param text the prefix text
     * @return the prefix
     * @throws IllegalArgumentException if the text is malformed or host bits are set
     */
    public static Ipv4Prefix parse(CharSequence text) {
        return parse(text, false);
    }

    /**
     * Parses {@code a.b.c.d/len} or {@code a.b.c.d}, clearing host bits as iptables does with
     * {@code -s 10.0.0.1/8}.
     *
     * @param text the prefix text
     * @return the prefix
     * @throws IllegalArgumentException if the text is malformed
     */
    public static Ipv4Prefix parseLenient(CharSequence text) {
        return parse(text, true);
    }

    private static Ipv4Prefix parse(CharSequence text, boolean clearHostBits) {
        int slash = -1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '/') {
                slash = i;
                break;
            }
        }
        if (slash < 0) {
            return new Ipv4Prefix(Ipv4Address.parseInt(text, 0, text.length()), 32);
        }
        int address = Ipv4Address.parseInt(text, 0, slash);
        int length = 0;
        int digits = text.length() - slash - 1;
        if (digits < 1 || digits > 2) {
            throw new IllegalArgumentException("not an IPv4 prefix: \"" + text + "\"");
        }
        for (int i = slash + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not an IPv4 prefix: \"" + text + "\"");
            }
            length = length * 10 + (c - '0');
        }
        if (length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0..32 in \"" + text + "\"");
        }
        return clearHostBits ? containing(address, length) : new Ipv4Prefix(address, length);
    }

    /**
     * Returns the network address as a value.
     *
     * @return the first address of the prefix
     */
    public Ipv4Address network() {
        return new Ipv4Address(address);
    }

    /**
     * Returns the netmask of this prefix.
     *
     * @return mask bits
     */
    public int mask() {
        return mask(length);
    }

    /**
     * Returns the last address of the prefix (the broadcast address for a subnet).
     *
     * @return the address with all host bits set
     */
    public int lastAddress() {
        return address | ~mask(length);
    }

    /**
     * Tells whether {@code bits} lies in this prefix.
     *
     * @param bits an address
     * @return true if the first {@link #length()} bits match
     */
    public boolean contains(int bits) {
        return ((bits ^ address) & mask(length)) == 0;
    }

    /**
     * Tells whether {@code address} lies in this prefix.
     *
     * @param address an address
     * @return true if the first {@link #length()} bits match
     */
    public boolean contains(Ipv4Address address) {
        return contains(address.bits());
    }

    /**
     * Tells whether {@code other} is equal to or inside this prefix.
     *
     * @param other a prefix
     * @return true if every address of {@code other} is in this prefix
     */
    public boolean contains(Ipv4Prefix other) {
        return other.length >= length && contains(other.address);
    }

    /** Orders by address (unsigned), then by length. */
    @Override
    public int compareTo(Ipv4Prefix other) {
        int c = Integer.compareUnsigned(address, other.address);
        return c != 0 ? c : Integer.compare(length, other.length);
    }

    /**
     * Formats the way {@code ip route} does: without {@code /32} for a host.
     *
     * @return e.g. {@code "10.244.1.0/24"} or {@code "10.244.1.0"}
     */
    public String toStringIpStyle() {
        return length == 32 ? Ipv4Address.toString(address) : toString();
    }

    /** Returns {@code a.b.c.d/len}, always with the length. */
    @Override
    public String toString() {
        return Ipv4Address.appendTo(address, new StringBuilder(18)).append('/').append(length).toString();
    }
}
