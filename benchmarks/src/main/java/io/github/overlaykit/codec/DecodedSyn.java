package io.github.overlaykit.codec;

/**
 * The fields both decoders of {@link VxlanDecodeBenchmark} must produce from a frame, so that the two
 * do the same work and their answers can be compared. Reused across operations: it lives in the
 * benchmark's state, so its stores are observable and the JIT cannot drop them (nor the reads that feed
 * them).
 */
public final class DecodedSyn {
    private int vni;
    private int innerSource;
    private int innerDestination;
    private int sourcePort;
    private int destinationPort;
    private int tcpFlags;
    private int maximumSegmentSize;
    private int windowScale;
    private long timestampValue;

    /** Creates a holder with every field -1 ("not decoded"). */
    public DecodedSyn() {
        none();
    }

    DecodedSyn set(int vni, int innerSource, int innerDestination, int sourcePort, int destinationPort,
            int tcpFlags, int maximumSegmentSize, int windowScale, long timestampValue) {
        this.vni = vni;
        this.innerSource = innerSource;
        this.innerDestination = innerDestination;
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
        this.tcpFlags = tcpFlags;
        this.maximumSegmentSize = maximumSegmentSize;
        this.windowScale = windowScale;
        this.timestampValue = timestampValue;
        return this;
    }

    /** Marks the frame as not decodable (a layer missing or malformed). */
    DecodedSyn none() {
        return set(-1, -1, -1, -1, -1, -1, -1, -1, -1);
    }

    /**
     * Tells whether a VXLAN frame carrying TCP was decoded.
     *
     * @return false after {@link #none()}
     */
    public boolean decoded() {
        return vni >= 0;
    }

    /**
     * Returns the VNI.
     *
     * @return 0..16777215, or -1
     */
    public int vni() {
        return vni;
    }

    /**
     * Returns the inner IPv4 source address.
     *
     * @return the address bits
     */
    public int innerSource() {
        return innerSource;
    }

    /**
     * Returns the inner IPv4 destination address.
     *
     * @return the address bits
     */
    public int innerDestination() {
        return innerDestination;
    }

    /**
     * Returns the inner TCP source port.
     *
     * @return 0..65535, or -1
     */
    public int sourcePort() {
        return sourcePort;
    }

    /**
     * Returns the inner TCP destination port.
     *
     * @return 0..65535, or -1
     */
    public int destinationPort() {
        return destinationPort;
    }

    /**
     * Returns the inner TCP flags byte (CWR ECE URG ACK PSH RST SYN FIN).
     *
     * @return 0..255, or -1
     */
    public int tcpFlags() {
        return tcpFlags;
    }

    /**
     * Returns the MSS option's value.
     *
     * @return 0..65535, or -1 without the option
     */
    public int maximumSegmentSize() {
        return maximumSegmentSize;
    }

    /**
     * Returns the window scale option's shift count.
     *
     * @return 0..255, or -1 without the option
     */
    public int windowScale() {
        return windowScale;
    }

    /**
     * Returns the timestamps option's TSval.
     *
     * @return 0..2^32−1, or -1 without the option
     */
    public long timestampValue() {
        return timestampValue;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof DecodedSyn)) {
            return false;
        }
        DecodedSyn o = (DecodedSyn) other;
        return vni == o.vni && innerSource == o.innerSource && innerDestination == o.innerDestination
                && sourcePort == o.sourcePort && destinationPort == o.destinationPort && tcpFlags == o.tcpFlags
                && maximumSegmentSize == o.maximumSegmentSize && windowScale == o.windowScale
                && timestampValue == o.timestampValue;
    }

    @Override
    public int hashCode() {
        int h = vni;
        h = 31 * h + innerSource;
        h = 31 * h + innerDestination;
        h = 31 * h + sourcePort;
        h = 31 * h + destinationPort;
        h = 31 * h + tcpFlags;
        h = 31 * h + maximumSegmentSize;
        h = 31 * h + windowScale;
        return 31 * h + Long.hashCode(timestampValue);
    }

    @Override
    public String toString() {
        return "vni " + vni + " " + Ipv4Address.toString(innerSource) + "." + sourcePort + " > "
                + Ipv4Address.toString(innerDestination) + "." + destinationPort + " flags 0x"
                + Integer.toHexString(tcpFlags) + " mss " + maximumSegmentSize + " wscale " + windowScale
                + " TS val " + timestampValue;
    }
}
