package io.github.overlaykit.codec;

import io.github.overlaykit.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the records of a classic pcap file by hand (24-byte global header, 16-byte record headers), so the
 * codec tests use real captured bytes without depending on the capture reader under test elsewhere.
 */
final class Captures {
    private Captures() {
    }

    /** One captured frame. */
    record Frame(int linkType, int originalLength, byte[] bytes) {
    }

    /** Every whole record of {@code data/pcap/tcpdump/<name>}. */
    static List<Frame> tcpdump(String name) {
        byte[] file;
        try {
            file = Files.readAllBytes(SharedData.path("data/pcap/tcpdump/" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer header = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = header.getInt(0);
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
            header.order(ByteOrder.BIG_ENDIAN);
            magic = header.getInt(0);
        }
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
            throw new IllegalStateException(name + " is not a classic pcap file");
        }
        int linkType = header.getInt(20) & 0x0FFF_FFFF;
        List<Frame> frames = new ArrayList<>();
        int offset = 24;
        while (offset + 16 <= file.length) {
            int caplen = header.getInt(offset + 8);
            int len = header.getInt(offset + 12);
            if (caplen < 0 || offset + 16 + caplen > file.length) {
                break;
            }
            frames.add(new Frame(linkType, len, Arrays.copyOfRange(file, offset + 16, offset + 16 + caplen)));
            offset += 16 + caplen;
        }
        return frames;
    }

    /** Frame {@code index} of a tcpdump test capture. */
    static byte[] frame(String name, int index) {
        return tcpdump(name).get(index).bytes();
    }

    /** Parses hex with optional whitespace. */
    static byte[] hex(String text) {
        String digits = text.replaceAll("\\s+", "");
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
