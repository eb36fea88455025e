package io.github.overlaykit.codec;

import static io.github.overlaykit.codec.TestFrames.IP_A;
import static io.github.overlaykit.codec.TestFrames.IP_B;
import static io.github.overlaykit.codec.TestFrames.MAC_A;
import static io.github.overlaykit.codec.TestFrames.MAC_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Printer behaviour the tcpdump captures do not cover, each pinned to what tcpdump prints. */
class TcpdumpPrinterTest {

    static final byte[] UDP_FRAME = TestFrames.ethernet(MAC_B, MAC_A, 0x0800, TestFrames.ipv4(IP_A, IP_B, 17,
            TestFrames.udp(IP_A, IP_B, 40000, 9000, TestFrames.payload(12), true)));

    static CaptureRecord record(byte[] frame, int captured, int original, long seconds) {
        return new CaptureRecord().set(LinkType.ETHERNET, seconds, 123_456_789,
                ByteBuffer.wrap(Arrays.copyOf(frame, captured)), original);
    }

    @Test
    void printsNumberTimestampAndFrame() {
        assertEquals("    7  2025-11-26 23:33:20.123456 IP 192.0.2.10.40000 > 198.51.100.20.9000: UDP, length 12\n",
                new TcpdumpPrinter(false, 0).format(7, record(UDP_FRAME, UDP_FRAME.length, UDP_FRAME.length,
                        1_764_200_000L)));
    }

    @Test
    void namesTheProtocolBeforeATruncatedIpv4Header() {
        // tcpdump 4.99.3 prints " [|ip]" here; the newer tcpdump of the golden files prints "IP" first.
        assertEquals("    1  2025-11-26 23:33:20.123456 IP  [|ip]\n",
                new TcpdumpPrinter(false, 0).format(1, record(UDP_FRAME, 14, UDP_FRAME.length, 1_764_200_000L)));
    }

    @Test
    void reportsInvalidCaptureHeadersAsTcpdumpDoes() {
        TcpdumpPrinter printer = new TcpdumpPrinter(true, 1);
        assertEquals("    1  [Invalid header: len(20) < caplen(54)]\n",
                printer.format(1, record(UDP_FRAME, UDP_FRAME.length, 20, 1)));
        assertEquals("    2  [Invalid header: caplen==0]\n", printer.format(2, record(UDP_FRAME, 0, 60, 1)));
        assertEquals("    3  [Invalid header: len(300000) > 262144]\n",
                printer.format(3, record(UDP_FRAME, UDP_FRAME.length, 300_000, 1)));
    }

    @Test
    void printsAnErrorForTimestampsBeyond2038LikeTcpdump() {
        String text = new TcpdumpPrinter(false, 0).format(1, record(UDP_FRAME, UDP_FRAME.length, UDP_FRAME.length,
                0x8000_0000L));
        assertEquals("    1  [Error converting time] IP 192.0.2.10.40000 > 198.51.100.20.9000: UDP, length 12\n", text);
    }

    @Test
    void printsFramesAtAnOffsetOfADirectBuffer() {
        ByteBuffer direct = ByteBuffer.allocateDirect(UDP_FRAME.length + 100);
        direct.put(100, UDP_FRAME);
        assertEquals("02:00:00:00:00:0a > 02:00:00:00:00:0b, ethertype IPv4 (0x0800), length 54: "
                + "192.0.2.10.40000 > 198.51.100.20.9000: UDP, length 12",
                new TcpdumpPrinter(true, 0).appendFrame(LinkType.ETHERNET, direct, 100, UDP_FRAME.length,
                        UDP_FRAME.length, new StringBuilder()).toString());
    }

    @Test
    void keepsRelativeTcpSequenceNumbersPerConversation() {
        TcpdumpPrinter printer = new TcpdumpPrinter(false, 0);
        byte[] synAck = TestFrames.ethernet(MAC_A, MAC_B, 0x0800, TestFrames.ipv4(IP_B, IP_A, 6,
                TestFrames.tcp(IP_B, IP_A, 9000, 40000, 5000, 101, 0x12, 64240, new byte[0], new byte[0])));
        byte[] data = TestFrames.ethernet(MAC_B, MAC_A, 0x0800, TestFrames.ipv4(IP_A, IP_B, 6,
                TestFrames.tcp(IP_A, IP_B, 40000, 9000, 101, 5001, 0x18, 502, new byte[0], new byte[] {1, 2, 3})));
        assertEquals("IP 198.51.100.20.9000 > 192.0.2.10.40000: Flags [S.], seq 5000, ack 101, win 64240, length 0",
                printer.appendFrame(LinkType.ETHERNET, ByteBuffer.wrap(synAck), 0, synAck.length, synAck.length,
                        new StringBuilder()).toString());
        assertEquals("IP 192.0.2.10.40000 > 198.51.100.20.9000: Flags [P.], seq 1:4, ack 1, win 502, length 3",
                printer.appendFrame(LinkType.ETHERNET, ByteBuffer.wrap(data), 0, data.length, data.length,
                        new StringBuilder()).toString());
    }

    @Test
    void saysWhichLinkTypesItCannotDecode() {
        assertEquals("[link type 147 not supported]", new TcpdumpPrinter(false, 0).appendFrame(147,
                ByteBuffer.wrap(UDP_FRAME), 0, UDP_FRAME.length, UDP_FRAME.length, new StringBuilder()).toString());
        assertThrows(IllegalArgumentException.class, () -> new TcpdumpPrinter(false, -1));
    }
}
