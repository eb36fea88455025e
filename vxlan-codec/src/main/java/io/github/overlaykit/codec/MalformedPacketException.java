package io.github.overlaykit.codec;

/**
 * Bytes that cannot be decoded as the named layer: says which layer, at which offset, how many bytes
 * the layer needed and how many were there.
 *
 * <p>Thrown by the convenient (checked) API; hot paths use status codes instead and never allocate.
 */
public final class MalformedPacketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String layer;
    private final int offset;
    private final int needed;
    private final int actual;

    /**
     * Creates an exception for a layer that is too short or inconsistent.
     *
     * @param layer  the protocol layer being decoded, e.g. {@code "IPv4"} or {@code "pcap record"}
     * @param offset the offset in the buffer or file where that layer starts
     * @param needed the number of bytes the layer needs from {@code offset}
     * @param actual the number of bytes available from {@code offset}
     * @param detail what is wrong, in a few words
     */
    public MalformedPacketException(String layer, int offset, int needed, int actual, String detail) {
        super(layer + " at offset " + offset + ": " + detail + " (needed " + needed + " bytes, had " + actual + ")");
        this.layer = layer;
        this.offset = offset;
        this.needed = needed;
        this.actual = actual;
    }

    /**
     * Returns the layer being decoded.
     *
     * @return the layer name, e.g. {@code "IPv4"}
     */
    public String layer() {
        return layer;
    }

    /**
     * Returns where the layer starts.
     *
     * @return the offset of the layer in its buffer or file
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns how many bytes the layer needed.
     *
     * @return bytes needed from {@link #offset()}
     */
    public int needed() {
        return needed;
    }

    /**
     * Returns how many bytes there were.
     *
     * @return bytes available from {@link #offset()}
     */
    public int actual() {
        return actual;
    }
}
