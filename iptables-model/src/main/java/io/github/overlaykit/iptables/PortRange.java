package io.github.overlaykit.iptables;

/**
 * An inclusive port range {@code first:last}; a single port has {@code first == last}.
 *
 * @param first the lowest port, 0..65535
 * @param last  the highest port, first..65535
 */
public record PortRange(int first, int last) {

    /** Every port, {@code 0:65535}. */
    public static final PortRange ALL = new PortRange(0, 65535);

    /**
     * Validates the bounds.
     *
     * @param first the lowest port
     * @param last  the highest port
     * @throws IllegalArgumentException if a bound is outside 0..65535 or {@code first > last}
     */
    public PortRange {
        if (first < 0 || last > 65535 || first > last) {
            throw new IllegalArgumentException("bad port range " + first + ":" + last);
        }
    }

    /**
     * Makes the range of one port.
     *
     * @param port the port
     * @return {@code port:port}
     */
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /**
     * Tells whether the port lies in the range.
     *
     * @param port a port number
     * @return true if {@code first <= port <= last}
     */
    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    /**
     * Formats with a separator: {@code 80}, or {@code 1000:2000} with {@code ':'}.
     *
     * @param separator {@code ':'} for tcp/udp/multiport, {@code '-'} for NAT targets
     * @return the text
     */
    public String format(char separator) {
        return first == last ? Integer.toString(first) : first + "" + separator + last;
    }

    /**
     * Returns the iptables-save form, {@code 80} or {@code 1000:2000}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return format(':');
    }
}
