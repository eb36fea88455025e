package io.github.overlaykit.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A streaming reader of capture files: classic pcap ({@link PcapReader}) or pcapng ({@link PcapngReader}),
 * chosen by {@link #open(Path)} from the file's first four bytes.
 *
 * <pre>{@code
 * try (CaptureReader reader = CaptureReader.open(Path.of("vxlan.pcap"))) {
 *     while (reader.next()) {
 *         CaptureRecord record = reader.record();   // the same object every time, no copy
 *         parser.parse(record.data(), 0, record.capturedLength());
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #next()} returns {@code false} at the end of a well-formed file. A file cut in the middle
 * of a header or record, or holding impossible lengths, ends with a {@link CaptureFormatException}
 * naming the file and the offset of the bad part, after every whole record before it was delivered.
 * Not thread-safe.
 */
public abstract sealed class CaptureReader implements AutoCloseable permits PcapReader, PcapngReader {
    /**
     * The largest captured length accepted (libpcap's {@code MAXIMUM_SNAPLEN}); a bigger record
     * length means a corrupt file, and this bound keeps a reader's buffer small.
     */
    public static final int MAXIMUM_SNAPSHOT_LENGTH = 262_144;

    final CaptureInput input;
    final String source;
    final CaptureRecord record = new CaptureRecord();

    CaptureReader(CaptureInput input, String source) {
        this.input = input;
        this.source = source;
    }

    /**
     * Opens a capture file.
     *
     * @param file a pcap or pcapng file
     * @return a reader positioned before the first record
     * @throws IOException if the file cannot be read or its header is not a capture header
     */
    public static CaptureReader open(Path file) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            // The JDK's message is the bare path; say what is wrong with it.
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        try {
            return open(in, file.toString());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Opens a capture stream; the reader closes {@code in} when it is closed.
     *
     * @param in     the bytes of a pcap or pcapng file
     * @param source a name for error messages, e.g. the file name
     * @return a reader positioned before the first record
     * @throws IOException if the stream cannot be read or does not start with a capture header
     */
    public static CaptureReader open(InputStream in, String source) throws IOException {
        CaptureInput input = new CaptureInput(in);
        byte[] magic = new byte[4];
        int n = input.read(magic, 0, 4);
        if (n < 4) {
            throw new CaptureFormatException(source, 0,
                    "truncated capture file: tried to read 4 file header bytes, only got " + n);
        }
        int bigEndianMagic = CaptureInput.i32(magic, 0, true);
        if (bigEndianMagic == PcapngReader.SECTION_HEADER_BLOCK) {
            return new PcapngReader(input, source);
        }
        if (PcapReader.isMagic(bigEndianMagic)) {
            return new PcapReader(input, source, bigEndianMagic);
        }
        throw new CaptureFormatException(source, 0, String.format(
                "not a pcap or pcapng file: unknown magic 0x%08x", bigEndianMagic));
    }

    /**
     * Reads the next record into {@link #record()}.
     *
     * @return {@code true} if a record was read, {@code false} at the clean end of the file
     * @throws CaptureFormatException if the file is truncated or malformed at this point
     * @throws IOException            if reading fails
     */
    public abstract boolean next() throws IOException;

    /**
     * Returns the current record, the same object after every {@link #next()}.
     *
     * @return the record read by the last successful {@link #next()}
     */
    public final CaptureRecord record() {
        return record;
    }

    /**
     * Returns the name used in error messages.
     *
     * @return the file name or the name passed to {@link #open(InputStream, String)}
     */
    public final String source() {
        return source;
    }

    /**
     * Returns the link type of the first interface, the one tcpdump reports when it opens a file.
     *
     * @return a {@link LinkType} value, or -1 if a pcapng file has not described an interface yet
     */
    public abstract int linkType();

    /**
     * Returns the snapshot length of the first interface.
     *
     * @return the largest captured length the file announces (0 if unknown)
     */
    public abstract int snapshotLength();

    /**
     * Closes the underlying stream.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        input.close();
    }

    /** Reads exactly {@code length} bytes or fails with a truncation error naming the part being read. */
    final void readFully(byte[] into, int at, int length, long partOffset, String part) throws IOException {
        int got = input.read(into, at, length);
        if (got < length) {
            throw new CaptureFormatException(source, partOffset,
                    "truncated " + part + ": tried to read " + length + " bytes, only got " + got);
        }
    }

    /** Skips exactly {@code length} bytes or fails with a truncation error naming the part being skipped. */
    final void skipFully(long length, long partOffset, String part) throws IOException {
        long got = input.skip(length);
        if (got < length) {
            throw new CaptureFormatException(source, partOffset,
                    "truncated " + part + ": tried to skip " + length + " bytes, only got " + got);
        }
    }
}
