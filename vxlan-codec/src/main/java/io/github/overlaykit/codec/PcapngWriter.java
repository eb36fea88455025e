package io.github.overlaykit.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes pcapng files (block layout drawn in {@link PcapngReader}): one little-endian section, an
 * Interface Description Block per interface with nanosecond timestamps ({@code if_tsresol} = 9), and
 * an Enhanced Packet Block per packet. Unlike classic pcap, one file can hold several link types.
 *
 * <p>Interfaces are added with {@link #addInterface(int, int)}, or on demand by
 * {@link #write(CaptureRecord)}, which uses one interface per link type. Writing allocates nothing
 * per packet. The writer does not buffer: hand it a {@link java.io.BufferedOutputStream}. Not
 * thread-safe.
 */
public final class PcapngWriter implements AutoCloseable {
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_SHB_USERAPPL = 4;

    private final OutputStream out;
    private final byte[] header = new byte[28];
    private final byte[] padding = new byte[4];
    private int[] linkTypes = new int[0];
    private int[] snapshotLengths = new int[0];
    private byte[] copyBuffer;

    /**
     * Starts a file: writes the Section Header Block.
     *
     * @param out where the file goes; closed by {@link #close()}
     * @throws IOException if writing fails
     */
    public PcapngWriter(OutputStream out) throws IOException {
        this.out = out;
        byte[] application = "overlaykit".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int optionsLength = 4 + pad(application.length) + 4;
        int total = 28 + optionsLength;
        byte[] block = new byte[total];
        CaptureInput.put32(block, 0, PcapngReader.SECTION_HEADER_BLOCK, false);
        CaptureInput.put32(block, 4, total, false);
        CaptureInput.put32(block, 8, PcapngReader.BYTE_ORDER_MAGIC, false);
        CaptureInput.put16(block, 12, 1, false);
        CaptureInput.put16(block, 14, 0, false);
        Arrays.fill(block, 16, 24, (byte) 0xFF); // section length unknown (-1)
        CaptureInput.put16(block, 24, OPTION_SHB_USERAPPL, false);
        CaptureInput.put16(block, 26, application.length, false);
        System.arraycopy(application, 0, block, 28, application.length);
        CaptureInput.put32(block, total - 4, total, false);
        out.write(block);
    }

    private static int pad(int length) {
        return (length + 3) & ~3;
    }

    /**
     * Describes an interface: writes its Interface Description Block.
     *
     * @param linkType       a {@link LinkType} value
     * @param snapshotLength the largest captured length of its packets, 1..{@value CaptureReader#MAXIMUM_SNAPSHOT_LENGTH}
     * @return the interface id to pass to {@link #write(int, long, int, int, ByteBuffer, int, int)}
     * @throws IOException              if writing fails
     * @throws IllegalArgumentException if the link type or snapshot length is out of range
     */
    public int addInterface(int linkType, int snapshotLength) throws IOException {
        if (linkType < 0 || linkType > 0xFFFF || snapshotLength < 1
                || snapshotLength > CaptureReader.MAXIMUM_SNAPSHOT_LENGTH) {
            throw new IllegalArgumentException("bad interface: link type " + linkType + ", snapshot length "
                    + snapshotLength);
        }
        int total = 32;
        CaptureInput.put32(header, 0, PcapngReader.INTERFACE_DESCRIPTION_BLOCK, false);
        CaptureInput.put32(header, 4, total, false);
        CaptureInput.put16(header, 8, linkType, false);
        CaptureInput.put16(header, 10, 0, false);
        CaptureInput.put32(header, 12, snapshotLength, false);
        CaptureInput.put16(header, 16, OPTION_IF_TSRESOL, false);
        CaptureInput.put16(header, 18, 1, false);
        CaptureInput.put32(header, 20, 9, false); // 10^-9 s, then three padding bytes
        CaptureInput.put32(header, 24, 0, false); // opt_endofopt
        out.write(header, 0, 28);
        CaptureInput.put32(header, 0, total, false);
        out.write(header, 0, 4);
        int id = linkTypes.length;
        linkTypes = Arrays.copyOf(linkTypes, id + 1);
        snapshotLengths = Arrays.copyOf(snapshotLengths, id + 1);
        linkTypes[id] = linkType;
        snapshotLengths[id] = snapshotLength;
        return id;
    }

    /**
     * Writes one Enhanced Packet Block.
     *
     * @param interfaceId    an id returned by {@link #addInterface(int, int)}
     * @param seconds        timestamp seconds since the epoch, 0 or more
     * @param nanos          timestamp nanoseconds, 0..999,999,999
     * @param originalLength the packet's length on the wire, at least {@code length}
     * @param data           the packet bytes
     * @param offset         where the packet starts in {@code data} (absolute index)
     * @param length         how many bytes were captured, at most the interface's snapshot length
     * @throws IOException              if writing fails
     * @throws IllegalArgumentException if the interface, a length or the timestamp is out of range
     */
    public void write(int interfaceId, long seconds, int nanos, int originalLength, ByteBuffer data, int offset,
            int length) throws IOException {
        if (interfaceId < 0 || interfaceId >= linkTypes.length) {
            throw new IllegalArgumentException("no interface " + interfaceId + " was added");
        }
        if (length < 0 || length > snapshotLengths[interfaceId] || Integer.compareUnsigned(originalLength, length) < 0) {
            throw new IllegalArgumentException("bad record lengths: captured " + length + ", original "
                    + Integer.toUnsignedString(originalLength) + ", snapshot length " + snapshotLengths[interfaceId]);
        }
        if (nanos < 0 || nanos >= 1_000_000_000 || seconds < 0 || seconds > Long.MAX_VALUE / 1_000_000_000L - 1) {
            throw new IllegalArgumentException("timestamp out of range: " + seconds + "." + nanos);
        }
        long timestamp = seconds * 1_000_000_000L + nanos;
        int total = 28 + pad(length) + 4;
        CaptureInput.put32(header, 0, PcapngReader.ENHANCED_PACKET_BLOCK, false);
        CaptureInput.put32(header, 4, total, false);
        CaptureInput.put32(header, 8, interfaceId, false);
        CaptureInput.put32(header, 12, (int) (timestamp >>> 32), false);
        CaptureInput.put32(header, 16, (int) timestamp, false);
        CaptureInput.put32(header, 20, length, false);
        CaptureInput.put32(header, 24, originalLength, false);
        out.write(header, 0, 28);
        if (data.hasArray()) {
            out.write(data.array(), data.arrayOffset() + offset, length);
        } else {
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
        out.write(padding, 0, pad(length) - length);
        CaptureInput.put32(header, 0, total, false);
        out.write(header, 0, 4);
    }

    /**
     * Writes a record on the first interface of its link type, describing one (snapshot length
     * {@value CaptureReader#MAXIMUM_SNAPSHOT_LENGTH}) if there is none yet.
     *
     * @param record the record to copy
     * @throws IOException if writing fails
     */
    public void write(CaptureRecord record) throws IOException {
        int id = -1;
        for (int i = 0; i < linkTypes.length && id < 0; i++) {
            if (linkTypes[i] == record.linkType()) {
                id = i;
            }
        }
        if (id < 0) {
            id = addInterface(record.linkType(), CaptureReader.MAXIMUM_SNAPSHOT_LENGTH);
        }
        write(id, record.seconds(), record.nanos(), record.originalLength(), record.data(), 0,
                record.capturedLength());
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
