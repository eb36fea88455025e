package io.github.overlaykit.codec;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads pcapng files (draft-ietf-opsawg-pcapng): sections in either byte order, several interfaces
 * per section, each with its own link type, snapshot length, timestamp resolution
 * ({@code if_tsresol}) and offset ({@code if_tsoffset}).
 *
 * <pre>
 * every block                                   Enhanced Packet Block (type 6) body
 * +---------------------------------------+     +---------------------------------------+
 * |          block type (32 bits)         |     |             interface id              |
 * |       block total length (32 bits)    |     |   timestamp (high 32) | (low 32)      |
 * /          body, padded to 32 bits      /     |   captured length | original length   |
 * |       block total length (again)      |     /   packet data, padded; options      /
 * +---------------------------------------+     +---------------------------------------+
 * Section Header (0x0A0D0D0A): byte-order magic 0x1A2B3C4D, version 1.0, section length, options
 * Interface Description (1): link type (16), reserved (16), snapshot length (32), options
 * Simple Packet (3): original length, packet data (interface 0, no timestamp)
 * </pre>
 *
 * <p>Packet blocks become {@link CaptureRecord}s (Enhanced, Simple, and the obsolete Packet Block 2);
 * every other block type, and every option this reader does not need, is skipped by its length.
 * Block lengths that are not a multiple of four, too small, or disagree with the trailing copy, a
 * packet that names an undefined interface, and data cut short are {@link CaptureFormatException}s
 * that name the block's offset.
 */
public final class PcapngReader extends CaptureReader {
    /** Block type of the Section Header Block (also the file's magic number). */
    public static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    /** Block type of the Interface Description Block. */
    public static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    /** Block type of the obsolete Packet Block. */
    public static final int PACKET_BLOCK = 2;
    /** Block type of the Simple Packet Block. */
    public static final int SIMPLE_PACKET_BLOCK = 3;
    /** Block type of the Enhanced Packet Block. */
    public static final int ENHANCED_PACKET_BLOCK = 6;
    /** The Section Header Block's byte-order magic. */
    public static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    private static final int OPTION_END = 0;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;

    private final byte[] scratch = new byte[32];
    private boolean bigEndian;
    private int interfaceCount;
    private int[] linkTypes = new int[4];
    private int[] snapshotLengths = new int[4];
    /** Timestamp units per second; a negative value -s means 2^s units per second. */
    private long[] unitsPerSecond = new long[4];
    private long[] secondsOffsets = new long[4];
    private int firstLinkType = -1;
    private int firstSnapshotLength;
    private int sectionCount;

    PcapngReader(CaptureInput input, String source) throws IOException {
        super(input, source);
        // open() consumed the block type; the length follows.
        readFully(scratch, 4, 4, 0, "pcapng section header");
        readSectionHeaderAfterType(0);
        // As libpcap does, read up to the first interface description so linkType() is known at once;
        // a packet block before it is an error (it names an undefined interface).
        advance(true);
    }

    @Override
    public boolean next() throws IOException {
        return advance(false);
    }

    /**
     * Reads blocks until a packet record is delivered (true) or the end of the file (false); when
     * {@code stopAfterInterface} is set, also stops after the first interface description.
     */
    private boolean advance(boolean stopAfterInterface) throws IOException {
        while (true) {
            long blockOffset = input.offset();
            int got = input.read(scratch, 0, 8);
            if (got == 0) {
                return false;
            }
            if (got < 8) {
                throw new CaptureFormatException(source, blockOffset,
                        "truncated pcapng block header: tried to read 8 bytes, only got " + got);
            }
            int type = CaptureInput.i32(scratch, 0, bigEndian);
            if (type == SECTION_HEADER_BLOCK) {
                readSectionHeaderAfterType(blockOffset);
                continue;
            }
            long bodyLength = bodyLength(blockOffset);
            switch (type) {
                case INTERFACE_DESCRIPTION_BLOCK -> readInterface(blockOffset, bodyLength);
                case ENHANCED_PACKET_BLOCK, PACKET_BLOCK -> {
                    readPacket(blockOffset, bodyLength, type == PACKET_BLOCK);
                    return true;
                }
                case SIMPLE_PACKET_BLOCK -> {
                    readSimplePacket(blockOffset, bodyLength);
                    return true;
                }
                default -> skipFully(bodyLength, blockOffset, "pcapng block of type " + Integer.toUnsignedString(type));
            }
            readTrailer(blockOffset, bodyLength);
            if (stopAfterInterface && type == INTERFACE_DESCRIPTION_BLOCK) {
                return false;
            }
        }
    }

    /** Reads a section header whose type and length are already in {@code scratch[0..8)}. */
    private void readSectionHeaderAfterType(long blockOffset) throws IOException {
        // The length is in the section's byte order, which the magic after it reveals.
        readFully(scratch, 8, 16, blockOffset, "pcapng section header");
        int magic = CaptureInput.i32(scratch, 8, true);
        if (magic == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException(source, blockOffset + 8,
                    String.format("pcapng section header: bad byte-order magic 0x%08x", magic));
        }
        long totalLength = CaptureInput.u32(scratch, 4, bigEndian);
        int major = CaptureInput.u16(scratch, 12, bigEndian);
        if (major != 1) {
            throw new CaptureFormatException(source, blockOffset,
                    "pcapng section header: unsupported version " + major + "." + CaptureInput.u16(scratch, 14, bigEndian));
        }
        if (totalLength < 28 || totalLength % 4 != 0) {
            throw new CaptureFormatException(source, blockOffset,
                    "pcapng section header: bad block length " + totalLength);
        }
        long bodyLeft = totalLength - 12 - 16;
        skipFully(bodyLeft, blockOffset, "pcapng section header options");
        readTrailer(blockOffset, totalLength - 12);
        sectionCount++;
        interfaceCount = 0;
    }

    private long bodyLength(long blockOffset) throws CaptureFormatException {
        long totalLength = CaptureInput.u32(scratch, 4, bigEndian);
        if (totalLength < 12 || totalLength % 4 != 0) {
            throw new CaptureFormatException(source, blockOffset, "pcapng block: bad block length " + totalLength);
        }
        return totalLength - 12;
    }

    private void readTrailer(long blockOffset, long bodyLength) throws IOException {
        readFully(scratch, 24, 4, blockOffset, "pcapng block trailer");
        long trailer = CaptureInput.u32(scratch, 24, bigEndian);
        if (trailer != bodyLength + 12) {
            throw new CaptureFormatException(source, blockOffset, "pcapng block: total length " + (bodyLength + 12)
                    + " in the header but " + trailer + " in the trailer");
        }
    }

    private void readInterface(long blockOffset, long bodyLength) throws IOException {
        if (bodyLength < 8) {
            throw new CaptureFormatException(source, blockOffset,
                    "pcapng interface description block too short: " + bodyLength + " body bytes");
        }
        readFully(scratch, 0, 8, blockOffset, "pcapng interface description block");
        int linkType = CaptureInput.u16(scratch, 0, bigEndian);
        int snapshotLength = CaptureInput.i32(scratch, 4, bigEndian);
        long units = 1_000_000;
        long secondsOffset = 0;
        long left = bodyLength - 8;
        while (left >= 4) {
            readFully(scratch, 0, 4, blockOffset, "pcapng interface option");
            left -= 4;
            int code = CaptureInput.u16(scratch, 0, bigEndian);
            int length = CaptureInput.u16(scratch, 2, bigEndian);
            long padded = (length + 3L) & ~3L;
            if (code == OPTION_END) {
                break;
            }
            if (padded > left) {
                throw new CaptureFormatException(source, blockOffset,
                        "pcapng interface option " + code + " of " + length + " bytes overruns its block");
            }
            if (code == OPTION_IF_TSRESOL && length == 1) {
                readFully(scratch, 0, 4, blockOffset, "pcapng interface option");
                units = timestampUnits(blockOffset, scratch[0] & 0xFF);
            } else if (code == OPTION_IF_TSOFFSET && length == 8) {
                readFully(scratch, 0, 8, blockOffset, "pcapng interface option");
                secondsOffset = CaptureInput.i64(scratch, 0, bigEndian);
            } else {
                skipFully(padded, blockOffset, "pcapng interface option");
                left -= padded;
                continue;
            }
            left -= padded;
        }
        skipFully(left, blockOffset, "pcapng interface description block");
        if (interfaceCount == linkTypes.length) {
            int grown = interfaceCount * 2;
            linkTypes = Arrays.copyOf(linkTypes, grown);
            snapshotLengths = Arrays.copyOf(snapshotLengths, grown);
            unitsPerSecond = Arrays.copyOf(unitsPerSecond, grown);
            secondsOffsets = Arrays.copyOf(secondsOffsets, grown);
        }
        linkTypes[interfaceCount] = linkType;
        snapshotLengths[interfaceCount] = snapshotLength;
        unitsPerSecond[interfaceCount] = units;
        secondsOffsets[interfaceCount] = secondsOffset;
        if (firstLinkType < 0) {
            firstLinkType = linkType;
            firstSnapshotLength = snapshotLength;
        }
        interfaceCount++;
    }

    private long timestampUnits(long blockOffset, int tsresol) throws CaptureFormatException {
        int exponent = tsresol & 0x7F;
        if ((tsresol & 0x80) != 0) {
            if (exponent > 62) {
                throw new CaptureFormatException(source, blockOffset, "pcapng if_tsresol 2^-" + exponent + " is too fine");
            }
            return exponent == 0 ? 1 : -exponent;
        }
        if (exponent > 18) {
            throw new CaptureFormatException(source, blockOffset, "pcapng if_tsresol 10^-" + exponent + " is too fine");
        }
        long units = 1;
        for (int i = 0; i < exponent; i++) {
            units *= 10;
        }
        return units;
    }

    private void readPacket(long blockOffset, long bodyLength, boolean obsolete) throws IOException {
        if (bodyLength < 20) {
            throw new CaptureFormatException(source, blockOffset,
                    "pcapng packet block too short: " + bodyLength + " body bytes");
        }
        readFully(scratch, 0, 20, blockOffset, "pcapng packet block");
        int interfaceId = obsolete ? CaptureInput.u16(scratch, 0, bigEndian) : CaptureInput.i32(scratch, 0, bigEndian);
        long timestamp = (CaptureInput.u32(scratch, 4, bigEndian) << 32) | CaptureInput.u32(scratch, 8, bigEndian);
        long capturedLength = CaptureInput.u32(scratch, 12, bigEndian);
        int originalLength = CaptureInput.i32(scratch, 16, bigEndian);
        checkInterface(blockOffset, interfaceId);
        if (capturedLength > bodyLength - 20) {
            throw new CaptureFormatException(source, blockOffset, "pcapng packet block: captured length "
                    + capturedLength + " is bigger than the block's " + (bodyLength - 20) + " data bytes");
        }
        deliver(blockOffset, bodyLength, bodyLength - 20, interfaceId, timestamp, capturedLength, originalLength);
    }

    private void readSimplePacket(long blockOffset, long bodyLength) throws IOException {
        if (bodyLength < 4) {
            throw new CaptureFormatException(source, blockOffset,
                    "pcapng simple packet block too short: " + bodyLength + " body bytes");
        }
        readFully(scratch, 0, 4, blockOffset, "pcapng simple packet block");
        checkInterface(blockOffset, 0);
        int originalLength = CaptureInput.i32(scratch, 0, bigEndian);
        long capturedLength = Math.min(Integer.toUnsignedLong(originalLength), bodyLength - 4);
        deliver(blockOffset, bodyLength, bodyLength - 4, 0, 0, capturedLength, originalLength);
    }

    private void checkInterface(long blockOffset, int interfaceId) throws CaptureFormatException {
        if (interfaceId < 0 || interfaceId >= interfaceCount) {
            throw new CaptureFormatException(source, blockOffset, "pcapng packet block names interface "
                    + Integer.toUnsignedString(interfaceId) + " but the section describes " + interfaceCount);
        }
    }

    /** Reads the packet data (cut to the interface's snapshot length, as libpcap does) and the rest of the block. */
    private void deliver(long blockOffset, long bodyLength, long dataAndOptions, int interfaceId, long timestamp, long capturedLength,
            int originalLength) throws IOException {
        if (capturedLength > MAXIMUM_SNAPSHOT_LENGTH) {
            throw new CaptureFormatException(source, blockOffset, "pcapng packet block: captured length "
                    + capturedLength + " is bigger than the maximum of " + MAXIMUM_SNAPSHOT_LENGTH);
        }
        int snapshot = snapshotLengths[interfaceId];
        int kept = (int) (snapshot > 0 && snapshot < capturedLength ? snapshot : capturedLength);
        byte[] data = record.prepare(kept);
        readFully(data, 0, kept, blockOffset, "pcapng packet data");
        skipFully(dataAndOptions - kept, blockOffset, "pcapng packet block");
        readTrailer(blockOffset, bodyLength);
        long units = unitsPerSecond[interfaceId];
        long seconds;
        long nanos;
        if (units > 0) {
            seconds = Long.divideUnsigned(timestamp, units);
            long fraction = Long.remainderUnsigned(timestamp, units);
            nanos = units <= 1_000_000_000L ? fraction * (1_000_000_000L / units) : fraction / (units / 1_000_000_000L);
        } else {
            int shift = (int) -units;
            seconds = timestamp >>> shift;
            long fraction = timestamp & ((1L << shift) - 1);
            // fraction * 10^9 / 2^shift, with the 128-bit product so nothing overflows.
            long high = Math.multiplyHigh(fraction, 1_000_000_000L);
            long low = fraction * 1_000_000_000L;
            nanos = (high << (64 - shift)) | (low >>> shift);
        }
        record.fill(blockOffset, interfaceId, linkTypes[interfaceId], seconds + secondsOffsets[interfaceId], (int) nanos,
                kept, originalLength);
    }

    @Override
    public int linkType() {
        return firstLinkType;
    }

    @Override
    public int snapshotLength() {
        return firstSnapshotLength;
    }

    /**
     * Returns how many interfaces the current section has described so far.
     *
     * @return the number of Interface Description Blocks read in this section
     */
    public int interfaceCount() {
        return interfaceCount;
    }

    /**
     * Returns the link type of an interface of the current section.
     *
     * @param interfaceId the interface's index in the section
     * @return a {@link LinkType} value
     * @throws IndexOutOfBoundsException if the interface has not been described
     */
    public int linkType(int interfaceId) {
        if (interfaceId < 0 || interfaceId >= interfaceCount) {
            throw new IndexOutOfBoundsException("no interface " + interfaceId + " in this section");
        }
        return linkTypes[interfaceId];
    }

    /**
     * Returns how many Section Header Blocks have been read.
     *
     * @return 1 for a single-section file
     */
    public int sectionCount() {
        return sectionCount;
    }
}
