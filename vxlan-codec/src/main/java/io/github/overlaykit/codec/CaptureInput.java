package io.github.overlaykit.codec;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered input stream that knows its file offset, for the capture readers. Reads are short only
 * at the end of the stream, so a short read means "truncated file".
 */
final class CaptureInput implements AutoCloseable {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long bufferStart;
    private boolean endOfStream;

    CaptureInput(InputStream in) {
        this.in = in;
    }

    /** Returns the file offset of the next byte to be read. */
    long offset() {
        return bufferStart + position;
    }

    /** Reads up to {@code length} bytes, fewer only at the end of the stream; returns how many. */
    int read(byte[] destination, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (position == limit && !refill()) {
                break;
            }
            int n = Math.min(length - done, limit - position);
            System.arraycopy(buffer, position, destination, offset + done, n);
            position += n;
            done += n;
        }
        return done;
    }

    /** Skips up to {@code length} bytes, fewer only at the end of the stream; returns how many. */
    long skip(long length) throws IOException {
        long done = 0;
        while (done < length) {
            if (position == limit && !refill()) {
                break;
            }
            int n = (int) Math.min(length - done, limit - position);
            position += n;
            done += n;
        }
        return done;
    }

    private boolean refill() throws IOException {
        if (endOfStream) {
            return false;
        }
        bufferStart += limit;
        position = 0;
        limit = 0;
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            // InputStream.read returns 0 only for a zero-length request; treat anything but data as the end.
            endOfStream = true;
            return false;
        }
        limit = n;
        return true;
    }

    static int u16(byte[] b, int at, boolean bigEndian) {
        return bigEndian ? ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF) : ((b[at + 1] & 0xFF) << 8) | (b[at] & 0xFF);
    }

    static int i32(byte[] b, int at, boolean bigEndian) {
        return bigEndian
                ? ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF)
                : ((b[at + 3] & 0xFF) << 24) | ((b[at + 2] & 0xFF) << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at] & 0xFF);
    }

    static long u32(byte[] b, int at, boolean bigEndian) {
        return i32(b, at, bigEndian) & 0xFFFF_FFFFL;
    }

    static long i64(byte[] b, int at, boolean bigEndian) {
        long first = u32(b, at, bigEndian);
        long second = u32(b, at + 4, bigEndian);
        return bigEndian ? (first << 32) | second : (second << 32) | first;
    }

    static void put16(byte[] b, int at, int value, boolean bigEndian) {
        if (bigEndian) {
            b[at] = (byte) (value >>> 8);
            b[at + 1] = (byte) value;
        } else {
            b[at] = (byte) value;
            b[at + 1] = (byte) (value >>> 8);
        }
    }

    static void put32(byte[] b, int at, int value, boolean bigEndian) {
        for (int i = 0; i < 4; i++) {
            b[at + (bigEndian ? 3 - i : i)] = (byte) (value >>> (8 * i));
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
