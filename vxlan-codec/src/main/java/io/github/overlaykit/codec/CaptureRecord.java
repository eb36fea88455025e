package io.github.overlaykit.codec;

import java.nio.ByteBuffer;

/**
 * One packet record of a capture, reused by its {@link CaptureReader} for every record: reading
 * allocates nothing per packet. Valid until the next {@link CaptureReader#next()}.
 *
 * <p>The captured bytes are in {@link #data()} from index 0 to {@link #capturedLength()}; the frame
 * on the wire was {@link #originalLength()} bytes long (more when the capture was cut at the snapshot
 * length). The timestamp is seconds since 1970-01-01 UTC plus nanoseconds, whatever the file's
 * resolution.
 */
public final class CaptureRecord {
    private ByteBuffer data = ByteBuffer.allocate(0);
    private long seconds;
    private int nanos;
    private int interfaceId;
    private int linkType;
    private int capturedLength;
    private int originalLength;
    private long fileOffset;

    /** Creates an empty record, for writers that fill one with {@link #set}. */
    public CaptureRecord() {
    }

    /**
     * Returns the timestamp's whole seconds.
     *
     * @return seconds since the epoch (UTC)
     */
    public long seconds() {
        return seconds;
    }

    /**
     * Returns the timestamp's fraction.
     *
     * @return nanoseconds, 0..999,999,999
     */
    public int nanos() {
        return nanos;
    }

    /**
     * Returns which interface captured the packet.
     *
     * @return the pcapng interface id (index of its Interface Description Block in the section); 0 for pcap
     */
    public int interfaceId() {
        return interfaceId;
    }

    /**
     * Returns the link-layer header type of {@link #data()}.
     *
     * @return a {@link LinkType} value
     */
    public int linkType() {
        return linkType;
    }

    /**
     * Returns how many bytes were captured, the valid length of {@link #data()}.
     *
     * @return the captured length
     */
    public int capturedLength() {
        return capturedLength;
    }

    /**
     * Returns the length of the packet on the wire.
     *
     * @return the original length, an unsigned 32-bit value (may be smaller than the captured length
     *         in a malformed file)
     */
    public int originalLength() {
        return originalLength;
    }

    /**
     * Returns the captured bytes: index 0 to {@link #capturedLength()}, position 0, limit the captured length.
     * The same buffer is reused (and may be replaced by a bigger one) on the next record.
     *
     * @return the packet bytes
     */
    public ByteBuffer data() {
        return data;
    }

    /**
     * Returns where the record starts in the file.
     *
     * @return the byte offset of the record header (pcap) or block (pcapng); -1 for records not read from a file
     */
    public long fileOffset() {
        return fileOffset;
    }

    /**
     * Fills the record, e.g. to hand a packet built in memory to a {@link PcapWriter} or {@link TcpdumpPrinter}.
     *
     * @param linkType       a {@link LinkType} value
     * @param seconds        timestamp seconds since the epoch
     * @param nanos          timestamp nanoseconds, 0..999,999,999
     * @param data           the packet, from index 0; its limit is the captured length
     * @param originalLength the length on the wire
     * @return this record
     * @throws IllegalArgumentException if {@code nanos} is out of range
     */
    public CaptureRecord set(int linkType, long seconds, int nanos, ByteBuffer data, int originalLength) {
        if (nanos < 0 || nanos >= 1_000_000_000) {
            throw new IllegalArgumentException("nanoseconds out of range: " + nanos);
        }
        this.linkType = linkType;
        this.seconds = seconds;
        this.nanos = nanos;
        this.data = data;
        this.capturedLength = data.limit();
        this.originalLength = originalLength;
        this.interfaceId = 0;
        this.fileOffset = -1;
        return this;
    }

    /** Sizes the reusable buffer for {@code length} bytes and returns its array for a reader to fill. */
    byte[] prepare(int length) {
        if (data.capacity() < length || !data.hasArray() || data.isReadOnly()) {
            data = ByteBuffer.allocate(Math.max(length, Math.min(2 * data.capacity(), 1 << 18)));
        }
        data.clear().limit(length);
        return data.array();
    }

    void fill(long fileOffset, int interfaceId, int linkType, long seconds, int nanos, int capturedLength,
            int originalLength) {
        this.fileOffset = fileOffset;
        this.interfaceId = interfaceId;
        this.linkType = linkType;
        this.seconds = seconds;
        this.nanos = nanos;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        data.clear().limit(capturedLength);
    }
}
