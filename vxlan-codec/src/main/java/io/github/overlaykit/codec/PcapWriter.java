package io.github.overlaykit.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes classic pcap files (format 2.4) that tcpdump, Wireshark and {@link PcapReader} read: the
 * 24-byte file header on creation, then a 16-byte record header and the captured bytes per packet
 * (layout drawn in {@link PcapReader}).
 *
 * <p>Writing allocates nothing per packet. Heap buffers are written straight from their array;
 * direct buffers go through a reused 64 KiB array. The writer does not buffer: hand it a
 * {@link java.io.BufferedOutputStream}. Not thread-safe.
 */
public final class PcapWriter implements AutoCloseable {
    private final OutputStream out;
    private final boolean bigEndian;
    private final boolean nanosecond;
    private final int snapshotLength;
    private final byte[] header = new byte[PcapReader.FILE_HEADER_LENGTH];
    private byte[] copyBuffer;

    /**
     * Starts a little-endian microsecond file with the maximum snapshot length (what tcpdump writes on x86).
     *
     * @param out      where the file goes; closed by {@link #close()}
     * @param linkType a {@link LinkType} value
     * @throws IOException if writing the file header fails
     */
    public PcapWriter(OutputStream out, int linkType) throws IOException {
        this(out, linkType, CaptureReader.MAXIMUM_SNAPSHOT_LENGTH, false, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Starts a file and writes its header.
     *
     * @param out            where the file goes; closed by {@link #close()}
     * @param linkType       a {@link LinkType} value
     * @param snapshotLength the largest captured length any record may have, 1..{@value CaptureReader#MAXIMUM_SNAPSHOT_LENGTH}
     * @param nanosecond     true for nanosecond timestamps (magic {@code 0xa1b23c4d})
     * @param byteOrder      the byte order of every header field
     * @throws IOException              if writing the file header fails
     * @throws IllegalArgumentException if the snapshot length is out of range
     */
    public PcapWriter(OutputStream out, int linkType, int snapshotLength, boolean nanosecond, ByteOrder byteOrder)
            throws IOException {
        if (snapshotLength < 1 || snapshotLength > CaptureReader.MAXIMUM_SNAPSHOT_LENGTH) {
            throw new IllegalArgumentException("snapshot length out of range: " + snapshotLength);
        }
        this.out = out;
        this.bigEndian = byteOrder == ByteOrder.BIG_ENDIAN;
        this.nanosecond = nanosecond;
        this.snapshotLength = snapshotLength;
        CaptureInput.put32(header, 0, nanosecond ? PcapReader.MAGIC_NANOSECONDS : PcapReader.MAGIC_MICROSECONDS, bigEndian);
        CaptureInput.put16(header, 4, 2, bigEndian);
        CaptureInput.put16(header, 6, 4, bigEndian);
        CaptureInput.put32(header, 8, 0, bigEndian);
        CaptureInput.put32(header, 12, 0, bigEndian);
        CaptureInput.put32(header, 16, snapshotLength, bigEndian);
        CaptureInput.put32(header, 20, linkType, bigEndian);
        out.write(header, 0, PcapReader.FILE_HEADER_LENGTH);
    }

    /**
     * Writes one record.
     *
     * @param seconds        timestamp seconds since the epoch (stored as an unsigned 32-bit value)
     * @param nanos          timestamp nanoseconds, 0..999,999,999 (microsecond files keep {@code nanos / 1000})
     * @param originalLength the packet's length on the wire, at least {@code length}
     * @param data           the packet bytes
     * @param offset         where the packet starts in {@code data} (absolute index)
     * @param length         how many bytes were captured, at most the snapshot length
     * @throws IOException              if writing fails
     * @throws IllegalArgumentException if a length or the timestamp is out of range
     */
    public void write(long seconds, int nanos, int originalLength, ByteBuffer data, int offset, int length)
            throws IOException {
        if (length < 0 || length > snapshotLength || Integer.compareUnsigned(originalLength, length) < 0) {
            throw new IllegalArgumentException("bad record lengths: captured " + length + ", original "
                    + Integer.toUnsignedString(originalLength) + ", snapshot length " + snapshotLength);
        }
        if (nanos < 0 || nanos >= 1_000_000_000 || seconds < 0 || seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("timestamp out of range: " + seconds + "." + nanos);
        }
        CaptureInput.put32(header, 0, (int) seconds, bigEndian);
        CaptureInput.put32(header, 4, nanosecond ? nanos : nanos / 1000, bigEndian);
        CaptureInput.put32(header, 8, length, bigEndian);
        CaptureInput.put32(header, 12, originalLength, bigEndian);
        out.write(header, 0, PcapReader.RECORD_HEADER_LENGTH);
        if (data.hasArray()) {
            out.write(data.array(), data.arrayOffset() + offset, length);
            return;
        }
        if (copyBuffer == null) {
            copyBuffer = new byte[1 << 16];
        }
        for (int done = 0; done < length; ) {
            int n = Math.min(copyBuffer.length, length - done);
            data.get(offset + done, copyBuffer, 0, n);
            out.write(copyBuffer, 0, n);
            done += n;
        }
    }

    /**
     * Writes a record read from another capture (its link type must match this file's).
     *
     * @param record the record to copy
     * @throws IOException if writing fails
     */
    public void write(CaptureRecord record) throws IOException {
        write(record.seconds(), record.nanos(), record.originalLength(), record.data(), 0, record.capturedLength());
    }

    /**
     * Flushes the underlying stream.
     *
     * @throws IOException if flushing fails
     */
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Flushes and closes the underlying stream.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
