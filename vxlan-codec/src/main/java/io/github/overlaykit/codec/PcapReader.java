package io.github.overlaykit.codec;

import java.io.IOException;
import java.nio.ByteOrder;

/**
 * Reads classic pcap files (libpcap format 2.4), in either byte order, with microsecond
 * ({@code 0xa1b2c3d4}) or nanosecond ({@code 0xa1b23c4d}) timestamps.
 *
 * <pre>
 * file header (24 bytes, in the writer's byte order)
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 magic a1b2c3d4 (us) / a1b23c4d (ns)           |
 * |        version major (2)      |       version minor (4)       |
 * |                  this zone (0)  /  sigfigs (0)                |
 * |                       snapshot length                        |
 * | FCS bits  |               link type (28 bits)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * record header (16 bytes), then captured-length bytes of packet
 * |                      timestamp seconds                        |
 * |              timestamp microseconds or nanoseconds            |
 * |                       captured length                         |
 * |                       original length                         |
 * </pre>
 *
 * <p>As libpcap does, a record longer than the file's snapshot length is cut to it (the rest is
 * skipped), and a captured length above {@link #MAXIMUM_SNAPSHOT_LENGTH} is an error. Not supported:
 * the modified (Kuznetzov) pcap format.
 */
public final class PcapReader extends CaptureReader {
    /** Magic number of files with microsecond timestamps. */
    public static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    /** Magic number of files with nanosecond timestamps. */
    public static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    /** Size of the file header. */
    public static final int FILE_HEADER_LENGTH = 24;
    /** Size of a record header. */
    public static final int RECORD_HEADER_LENGTH = 16;

    private final byte[] header = new byte[FILE_HEADER_LENGTH];
    private final boolean bigEndian;
    private final boolean nanosecond;
    private final int versionMajor;
    private final int versionMinor;
    private final int snapshotLength;
    private final int linkType;
    private final int effectiveSnapshotLength;

    PcapReader(CaptureInput input, String source, int bigEndianMagic) throws IOException {
        super(input, source);
        bigEndian = bigEndianMagic == MAGIC_MICROSECONDS || bigEndianMagic == MAGIC_NANOSECONDS;
        nanosecond = bigEndianMagic == MAGIC_NANOSECONDS || bigEndianMagic == Integer.reverseBytes(MAGIC_NANOSECONDS);
        readFully(header, 4, FILE_HEADER_LENGTH - 4, 0, "pcap file header");
        versionMajor = CaptureInput.u16(header, 4, bigEndian);
        versionMinor = CaptureInput.u16(header, 6, bigEndian);
        if (versionMajor != 2) {
            throw new CaptureFormatException(source, 4, "unsupported pcap version " + versionMajor + "." + versionMinor);
        }
        snapshotLength = CaptureInput.i32(header, 16, bigEndian);
        // The top bits carry the FCS length (LT_FCS_DATA); the link type is the low 26 bits.
        linkType = CaptureInput.i32(header, 20, bigEndian) & 0x03FF_FFFF;
        effectiveSnapshotLength = snapshotLength <= 0 || snapshotLength > MAXIMUM_SNAPSHOT_LENGTH
                ? MAXIMUM_SNAPSHOT_LENGTH : snapshotLength;
    }

    static boolean isMagic(int bigEndianMagic) {
        return bigEndianMagic == MAGIC_MICROSECONDS || bigEndianMagic == MAGIC_NANOSECONDS
                || bigEndianMagic == Integer.reverseBytes(MAGIC_MICROSECONDS)
                || bigEndianMagic == Integer.reverseBytes(MAGIC_NANOSECONDS);
    }

    @Override
    public boolean next() throws IOException {
        long recordOffset = input.offset();
        int got = input.read(header, 0, RECORD_HEADER_LENGTH);
        if (got == 0) {
            return false;
        }
        if (got < RECORD_HEADER_LENGTH) {
            throw new CaptureFormatException(source, recordOffset,
                    "truncated pcap record header: tried to read 16 bytes, only got " + got);
        }
        long seconds = CaptureInput.u32(header, 0, bigEndian);
        long fraction = CaptureInput.u32(header, 4, bigEndian);
        long capturedLength = CaptureInput.u32(header, 8, bigEndian);
        int originalLength = CaptureInput.i32(header, 12, bigEndian);
        if (capturedLength > MAXIMUM_SNAPSHOT_LENGTH) {
            throw new CaptureFormatException(source, recordOffset, "invalid pcap record: captured length "
                    + capturedLength + " is bigger than the maximum of " + MAXIMUM_SNAPSHOT_LENGTH);
        }
        int kept = (int) Math.min(capturedLength, effectiveSnapshotLength);
        byte[] data = record.prepare(kept);
        readFully(data, 0, kept, recordOffset, "pcap record data");
        skipFully(capturedLength - kept, recordOffset, "pcap record data");
        long nanos = nanosecond ? fraction : fraction * 1000;
        // A fraction of a second or more (a malformed file) carries into the seconds.
        record.fill(recordOffset, 0, linkType, seconds + nanos / 1_000_000_000L, (int) (nanos % 1_000_000_000L),
                kept, originalLength);
        return true;
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public int snapshotLength() {
        return snapshotLength;
    }

    /**
     * Says whether the file stores nanoseconds.
     *
     * @return true for magic {@code 0xa1b23c4d}
     */
    public boolean nanosecondTimestamps() {
        return nanosecond;
    }

    /**
     * Returns the byte order the file was written in.
     *
     * @return {@link ByteOrder#BIG_ENDIAN} or {@link ByteOrder#LITTLE_ENDIAN}
     */
    public ByteOrder byteOrder() {
        return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /**
     * Returns the format version.
     *
     * @return the minor version (4 in every modern file); the major version is always 2
     */
    public int versionMinor() {
        return versionMinor;
    }
}
