package io.github.overlaykit.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624).
 *
 * <p>A <em>sum</em> here is a non-negative {@code long} congruent, modulo 0xFFFF, to the one's-complement
 * sum of the data's 16-bit big-endian words (an odd last byte is padded with a zero byte). Sums of
 * pieces, and of a pseudo-header, can be added as plain {@code long}s as long as every piece but the last
 * has an even length; {@link #fold(long)} turns a sum into 16 bits and {@link #finish(long)} into the
 * checksum to store. {@link #sum(ByteBuffer, int, int)} reads 8 bytes per load and defers all carries
 * (RFC 1071 §2(C)), so it runs at memory speed.
 *
 * <p>{@link #update16(int, int, int)} and {@link #update32(int, int, int)} implement RFC 1624 equation 3,
 * {@code HC' = ~(~HC + ~m + m')}, which, unlike RFC 1141's equation, never turns a checksum that a full
 * recomputation would give as 0x0000 into 0xFFFF (the "-0" problem of RFC 1624 §3).
 *
 * <p>No method allocates.
 */
public final class InternetChecksum {
    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);
    private static final VarHandle ARRAY_INT = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.BIG_ENDIAN);
    private static final long LOW32 = 0xFFFF_FFFFL;

    private InternetChecksum() {
    }

    /**
     * Sums {@code length} bytes of a buffer from an absolute index, 8 bytes per load.
     *
     * @param buffer the bytes (absolute indexes; position and limit are not changed)
     * @param offset the first byte, taken as the high byte of a 16-bit word
     * @param length number of bytes, 0 or more
     * @return the unfolded sum (see the class description)
     * @throws IndexOutOfBoundsException if the range is not inside the buffer's limit
     */
    public static long sum(ByteBuffer buffer, int offset, int length) {
        if (buffer.hasArray()) {
            // Heap buffers take the array path: array VarHandles are cheaper than buffer ones, and keeping
            // heap buffers off the loop below keeps its buffer accesses monomorphic (direct) for the JIT.
            Objects.checkFromIndexSize(offset, length, buffer.limit());
            return sum(buffer.array(), buffer.arrayOffset() + offset, length);
        }
        long acc0 = 0;
        long acc1 = 0;
        int i = offset;
        int end = offset + length;
        // Two accumulators over 32-byte blocks: each 64-bit word adds its two 32-bit halves, so no carry
        // is lost (2^31 bytes add at most 2^61).
        for (int last = end - 32; i <= last; i += 32) {
            long w0 = Bytes.s64(buffer, i);
            long w1 = Bytes.s64(buffer, i + 8);
            long w2 = Bytes.s64(buffer, i + 16);
            long w3 = Bytes.s64(buffer, i + 24);
            acc0 += (w0 >>> 32) + (w0 & LOW32) + (w1 >>> 32) + (w1 & LOW32);
            acc1 += (w2 >>> 32) + (w2 & LOW32) + (w3 >>> 32) + (w3 & LOW32);
        }
        for (int last = end - 8; i <= last; i += 8) {
            long w = Bytes.s64(buffer, i);
            acc0 += (w >>> 32) + (w & LOW32);
        }
        if (end - i >= 4) {
            acc1 += Bytes.u32(buffer, i);
            i += 4;
        }
        if (end - i >= 2) {
            acc0 += Bytes.u16(buffer, i);
            i += 2;
        }
        if (i < end) {
            acc1 += Bytes.u8(buffer, i) << 8;
        }
        return acc0 + acc1;
    }

    /**
     * Sums {@code length} bytes of an array, 8 bytes per load.
     *
     * @param array  the bytes
     * @param offset the first byte, taken as the high byte of a 16-bit word
     * @param length number of bytes, 0 or more
     * @return the unfolded sum (see the class description)
     * @throws IndexOutOfBoundsException if the range is not inside the array
     */
    public static long sum(byte[] array, int offset, int length) {
        long acc0 = 0;
        long acc1 = 0;
        int i = offset;
        int end = offset + length;
        for (int last = end - 32; i <= last; i += 32) {
            long w0 = (long) ARRAY_LONG.get(array, i);
            long w1 = (long) ARRAY_LONG.get(array, i + 8);
            long w2 = (long) ARRAY_LONG.get(array, i + 16);
            long w3 = (long) ARRAY_LONG.get(array, i + 24);
            acc0 += (w0 >>> 32) + (w0 & LOW32) + (w1 >>> 32) + (w1 & LOW32);
            acc1 += (w2 >>> 32) + (w2 & LOW32) + (w3 >>> 32) + (w3 & LOW32);
        }
        for (int last = end - 8; i <= last; i += 8) {
            long w = (long) ARRAY_LONG.get(array, i);
            acc0 += (w >>> 32) + (w & LOW32);
        }
        if (end - i >= 4) {
            acc1 += (int) ARRAY_INT.get(array, i) & LOW32;
            i += 4;
        }
        if (end - i >= 2) {
            acc0 += (array[i] & 0xFF) << 8 | (array[i + 1] & 0xFF);
            i += 2;
        }
        if (i < end) {
            acc1 += (array[i] & 0xFF) << 8;
        }
        return acc0 + acc1;
    }

    /**
     * Sums the IPv4 pseudo-header that TCP and UDP checksums cover (RFC 768, RFC 9293 §3.1).
     *
     * @param sourceAddress      the IPv4 source address bits
     * @param destinationAddress the IPv4 destination address bits
     * @param protocol           e.g. {@link IpProtocol#UDP}
     * @param length             the transport header plus payload length in bytes
     * @return the unfolded sum, to add to the sum of the transport segment
     */
    public static long pseudoHeaderSum(int sourceAddress, int destinationAddress, int protocol, int length) {
        return (sourceAddress >>> 16) + (sourceAddress & 0xFFFF) + (destinationAddress >>> 16)
                + (destinationAddress & 0xFFFF) + (protocol & 0xFF) + (length & 0xFFFF_FFFFL);
    }

    /**
     * Folds a sum into 16 bits with end-around carries.
     *
     * @param sum an unfolded sum
     * @return the one's-complement sum, 0..0xFFFF (0 only for a zero sum)
     */
    public static int fold(long sum) {
        sum = (sum & LOW32) + (sum >>> 32);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) sum;
    }

    /**
     * Turns a sum into the checksum to store: the complement of the folded sum.
     *
     * @param sum an unfolded sum taken with the checksum field zero
     * @return 0..0xFFFF
     */
    public static int finish(long sum) {
        return ~fold(sum) & 0xFFFF;
    }

    /**
     * Computes the checksum of a range, as an IPv4 header or ICMP message checksum is computed when the
     * range holds the checksum field as zero.
     *
     * @param buffer the bytes
     * @param offset the first byte
     * @param length number of bytes
     * @return {@code finish(sum(buffer, offset, length))}
     */
    public static int checksum(ByteBuffer buffer, int offset, int length) {
        return finish(sum(buffer, offset, length));
    }

    /**
     * Updates a checksum after a 16-bit field changed from {@code oldValue} to {@code newValue}
     * (RFC 1624 equation 3).
     *
     * @param checksum the checksum stored before the change
     * @param oldValue the field's old value, 0..0xFFFF
     * @param newValue the field's new value, 0..0xFFFF
     * @return the checksum to store now
     */
    public static int update16(int checksum, int oldValue, int newValue) {
        long sum = (~checksum & 0xFFFF) + (~oldValue & 0xFFFF) + (newValue & 0xFFFF);
        return finish(sum);
    }

    /**
     * Updates a checksum after a 32-bit field (an IPv4 address) changed, as two 16-bit updates
     * (RFC 1624 equation 3).
     *
     * @param checksum the checksum stored before the change
     * @param oldValue the field's old value
     * @param newValue the field's new value
     * @return the checksum to store now
     */
    public static int update32(int checksum, int oldValue, int newValue) {
        long sum = (~checksum & 0xFFFF) + (~oldValue >>> 16 & 0xFFFF) + (~oldValue & 0xFFFF)
                + (newValue >>> 16) + (newValue & 0xFFFF);
        return finish(sum);
    }
}
