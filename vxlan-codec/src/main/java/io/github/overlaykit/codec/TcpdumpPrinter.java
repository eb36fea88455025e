package io.github.overlaykit.codec;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders packets as tcpdump 4.99 prints them with {@code -# -n -tttt} in UTC ({@code TZ=GMT0}),
 * optionally with {@code -e} (link-layer headers) and {@code -v}/{@code -vv}/{@code -vvv}.
 *
 * <p>Decoded: Ethernet with 802.1Q/802.1ad tags, Linux cooked captures (SLL and SLL2), raw IPv4,
 * ARP, IPv4 (options, fragments, header checksum), ICMP (with the quoted datagram of error messages),
 * UDP, TCP (flags, relative sequence numbers per conversation as tcpdump keeps them, options,
 * checksums), VXLAN on UDP 4789 and 8472 (the inner frame on the next line, as tcpdump prints it) and
 * DNS messages on port 53. Truncated and malformed packets print tcpdump's markers ({@code [|tcp]},
 * {@code [total length 85 > length 84] (invalid)}, {@code [bad hdr length …]}, …).
 *
 * <p>Not decoded (tcpdump has printers for them, this class prints what tcpdump prints for an
 * unknown payload instead): IPv6, 802.3/LLC frames, IP protocols other than ICMP, TCP, UDP and
 * IPv4-in-IPv4, and application protocols other than VXLAN and DNS (HTTP, NTP, DHCP, …).
 *
 * <p>Where tcpdump versions differ, this follows the newer tcpdump that produced the project's golden
 * files ({@code ../shared/data/pcap/tcpdump}, commit 39b50f7) rather than Debian's 4.99.3: UDP 8472 is
 * VXLAN (4.99.3 says OTV), a bad IPv4 header reads {@code [total length 85 > length 84] (invalid)} or
 * {@code [header length 16 < 20] (invalid)} (4.99.3: {@code truncated-ip}, {@code bad-hlen}), an IPv4
 * packet cut before its first byte prints {@code IP  [|ip]}. Everything else matches 4.99.3 line for
 * line (see the oracle tests); {@link #otvOnPort8472(boolean)} prints 8472 as 4.99.3 does. SLL2 interface names are looked up on the reading machine, as tcpdump's
 * {@code if_indextoname} does.
 *
 * <p>The printer never throws on packet bytes: every read is checked against the captured length and
 * the text ends where tcpdump's would. It keeps TCP conversation state between packets (for relative
 * sequence numbers), so use one printer per capture. Not thread-safe.
 */
public final class TcpdumpPrinter {
    private static final int MAXIMUM_SNAPLEN = CaptureReader.MAXIMUM_SNAPSHOT_LENGTH;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Unwinds the printers when a read passes the captured bytes, as tcpdump's longjmp does. */
    private static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super(null, null, false, false);
        }
    }

    private static final Truncated TRUNCATED = new Truncated();

    private record Conversation(int source, int destination, int ports) {
    }

    private final boolean linkHeaders;
    private final int verbosity;
    private final Map<Conversation, int[]> tcpSequences = new HashMap<>();
    private boolean otvOnPort8472;
    private Map<Integer, String> interfaceNames;

    /** Printer bugs caught by the safety net in {@link #appendFrame}; the fuzz test requires none. */
    int internalErrors;

    private ByteBuffer buffer;
    private int snapend;
    private String protocol = "";
    private StringBuilder out;

    /**
     * Creates a printer.
     *
     * @param linkHeaders true for tcpdump's {@code -e}: print the link-layer header of every frame
     * @param verbosity   0 for no {@code -v}, 1 for {@code -v}, 2 for {@code -vv}, 3 for {@code -vvv}
     * @throws IllegalArgumentException if the verbosity is negative
     */
    public TcpdumpPrinter(boolean linkHeaders, int verbosity) {
        if (verbosity < 0) {
            throw new IllegalArgumentException("verbosity must be 0 or more: " + verbosity);
        }
        this.linkHeaders = linkHeaders;
        this.verbosity = verbosity;
    }

    /**
     * Decodes UDP port 8472 as tcpdump 4.99.x does, as Cisco OTV ({@code OTV, flags [I] (0x08), overlay 0,
     * instance 1}), instead of as VXLAN as later tcpdump releases and this printer's default do. Use it to
     * compare with a Debian 12 {@code tcpdump} (4.99.3) line for line.
     *
     * @param otv true to print 8472 as OTV
     * @return this printer
     */
    public TcpdumpPrinter otvOnPort8472(boolean otv) {
        this.otvOnPort8472 = otv;
        return this;
    }

    /**
     * Appends the text tcpdump prints for one record: packet number, timestamp, the decoded packet and a
     * line feed (more lines for {@code -v} output and VXLAN inner frames).
     *
     * @param number the packet number, counted from 1 as {@code -#} does
     * @param record the packet and its capture header
     * @param out    where the text goes
     * @return {@code out}
     */
    public StringBuilder append(int number, CaptureRecord record, StringBuilder out) {
        out.append(String.format("%5d  ", number));
        int caplen = record.capturedLength();
        int length = record.originalLength();
        if (appendInvalidHeader(caplen, length, out)) {
            return out;
        }
        appendTimestamp(record.seconds(), record.nanos(), out);
        out.append(' ');
        appendFrame(record.linkType(), record.data(), 0, caplen, length, out);
        return out.append('\n');
    }

    /**
     * Formats one record, see {@link #append(int, CaptureRecord, StringBuilder)}.
     *
     * @param number the packet number, counted from 1
     * @param record the packet and its capture header
     * @return the text, ending in a line feed
     */
    public String format(int number, CaptureRecord record) {
        return append(number, record, new StringBuilder(160)).toString();
    }

    /**
     * Appends only the decoded packet, without number, timestamp or the final line feed: what tcpdump
     * prints after the timestamp.
     *
     * @param linkType       a {@link LinkType} value
     * @param data           the frame bytes
     * @param offset         where the frame starts (absolute index)
     * @param capturedLength how many bytes of the frame are present from {@code offset}
     * @param originalLength the frame's length on the wire
     * @param out            where the text goes
     * @return {@code out}
     */
    public StringBuilder appendFrame(int linkType, ByteBuffer data, int offset, int capturedLength,
            int originalLength, StringBuilder out) {
        this.buffer = data;
        this.out = out;
        int available = Math.max(0, Math.min(capturedLength, data.limit() - Math.min(offset, data.limit())));
        this.snapend = offset + available;
        this.protocol = "";
        try {
            switch (linkType) {
                case LinkType.ETHERNET -> {
                    protocol = "ether";
                    etherPrint(offset, originalLength, available);
                }
                case LinkType.LINUX_SLL -> sllPrint(offset, originalLength, available);
                case LinkType.LINUX_SLL2 -> sll2Print(offset, originalLength, available);
                case LinkType.RAW, LinkType.IPV4 -> rawPrint(offset, originalLength);
                default -> out.append("[link type ").append(linkType).append(" not supported]");
            }
        } catch (Truncated e) {
            printTruncated();
        } catch (RuntimeException e) {
            // A bug here must not hide the rest of the capture; say where the printer gave up.
            internalErrors++;
            out.append(" [printer error: ").append(e.getClass().getSimpleName()).append(']');
        } finally {
            this.buffer = null;
            this.out = null;
        }
        return out;
    }

    // ---------------------------------------------------------------- capture header, timestamp

    private static boolean appendInvalidHeader(int caplen, int length, StringBuilder out) {
        boolean invalid = false;
        if (caplen == 0) {
            invalid = true;
            out.append("[Invalid header: caplen==0");
        }
        if (length == 0) {
            out.append(invalid ? "," : "[Invalid header:").append(" len==0");
            invalid = true;
        } else if (Integer.compareUnsigned(length, caplen) < 0) {
            out.append(invalid ? "," : "[Invalid header:").append(" len(").append(u(length)).append(") < caplen(")
                    .append(u(caplen)).append(')');
            invalid = true;
        }
        if (Integer.compareUnsigned(caplen, MAXIMUM_SNAPLEN) > 0) {
            out.append(invalid ? "," : "[Invalid header:").append(" caplen(").append(u(caplen)).append(") > ")
                    .append(MAXIMUM_SNAPLEN);
            invalid = true;
        }
        if (Integer.compareUnsigned(length, MAXIMUM_SNAPLEN) > 0) {
            out.append(invalid ? "," : "[Invalid header:").append(" len(").append(u(length)).append(") > ")
                    .append(MAXIMUM_SNAPLEN);
            invalid = true;
        }
        if (invalid) {
            out.append("]\n");
        }
        return invalid;
    }

    /** {@code -tttt}: date and time of day in UTC with microseconds, as tcpdump opens files in microsecond precision. */
    private static void appendTimestamp(long seconds, int nanos, StringBuilder out) {
        int sec = (int) seconds;
        if (sec < 0) {
            out.append("[Error converting time]");
            return;
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC);
        out.append(String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d", time.getYear(), time.getMonthValue(),
                time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond(), nanos / 1000));
    }

    // ---------------------------------------------------------------- bounded reads

    private boolean ttest(int at, int length) {
        return length >= 0 && at >= 0 && at <= snapend && length <= snapend - at;
    }

    private void tcheck(int at, int length) {
        if (!ttest(at, length)) {
            throw TRUNCATED;
        }
    }

    private int u8(int at) {
        tcheck(at, 1);
        return buffer.get(at) & 0xFF;
    }

    private int u16(int at) {
        tcheck(at, 2);
        return ((buffer.get(at) & 0xFF) << 8) | (buffer.get(at + 1) & 0xFF);
    }

    private int u24(int at) {
        tcheck(at, 3);
        return ((buffer.get(at) & 0xFF) << 16) | ((buffer.get(at + 1) & 0xFF) << 8) | (buffer.get(at + 2) & 0xFF);
    }

    private int u32(int at) {
        tcheck(at, 4);
        return buffer.getInt(at);
    }

    private int bytesAfter(int at) {
        return Math.max(0, snapend - at);
    }

    private int checksum(int at, int length) {
        return InternetChecksum.finish(InternetChecksum.sum(buffer, at, length));
    }

    /** tcpdump's {@code in_cksum_shouldbe}: the checksum field value that would have made the sum zero. */
    private static int shouldBe(int field, int computed) {
        // computed is the negated sum of everything including the field: field + computed is the negated
        // sum of everything else, with end-around carries.
        int sum = field + computed;
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return sum & 0xFFFF;
    }

    private static String u(int value) {
        return Integer.toUnsignedString(value);
    }

    private static String hex(int value) {
        return Integer.toHexString(value);
    }

    private void printTruncated() {
        out.append(" [|").append(protocol).append(']');
    }

    private void printInvalid() {
        out.append(" (invalid)");
    }

    private void printProtocolCaps() {
        for (int i = 0; i < protocol.length(); i++) {
            char c = protocol.charAt(i);
            out.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
    }

    private void ipAddress(int at) {
        int a = u32(at);
        out.append(a >>> 24).append('.').append((a >>> 16) & 0xFF).append('.').append((a >>> 8) & 0xFF).append('.')
                .append(a & 0xFF);
    }

    private void macAddress(int at) {
        tcheck(at, 6);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                out.append(':');
            }
            int b = buffer.get(at + i) & 0xFF;
            out.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
    }

    /** {@code GET_LINKADDR_STRING}: an Ethernet address for 6 bytes, otherwise colon-separated hex. */
    private void linkAddress(int at, int length) {
        if (length == 6) {
            macAddress(at);
            return;
        }
        if (length == 0) {
            out.append("<empty>");
            return;
        }
        tcheck(at, length);
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                out.append(':');
            }
            int b = buffer.get(at + i) & 0xFF;
            out.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
    }

    /** {@code ND_DEFAULTPRINT}: hex and ASCII, 16 bytes a line, each line on a new line after a tab. */
    private void defaultPrint(int at, int length) {
        boolean truncated = false;
        int available = bytesAfter(at);
        if (length > available) {
            length = available;
            truncated = true;
        }
        StringBuilder hexPart = new StringBuilder(40);
        StringBuilder asciiPart = new StringBuilder(16);
        int offset = 0;
        int shorts = 0;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            int b1 = u8(at + i);
            int b2 = u8(at + i + 1);
            hexPart.append(' ').append(HEX[b1 >>> 4]).append(HEX[b1 & 0xF]).append(HEX[b2 >>> 4]).append(HEX[b2 & 0xF]);
            asciiPart.append(graph(b1)).append(graph(b2));
            if (++shorts == 8) {
                hexLine(offset, hexPart, asciiPart);
                offset += 16;
                shorts = 0;
            }
        }
        if ((length & 1) != 0) {
            int b1 = u8(at + i);
            hexPart.append(' ').append(HEX[b1 >>> 4]).append(HEX[b1 & 0xF]);
            asciiPart.append(graph(b1));
            shorts++;
        }
        if (shorts > 0) {
            hexLine(offset, hexPart, asciiPart);
        }
        if (truncated) {
            printTruncated();
        }
    }

    private void hexLine(int offset, StringBuilder hexPart, StringBuilder asciiPart) {
        out.append("\n\t0x").append(String.format("%04x", offset)).append(": ").append(hexPart);
        for (int pad = hexPart.length(); pad < 40; pad++) {
            out.append(' ');
        }
        out.append("  ").append(asciiPart);
        hexPart.setLength(0);
        asciiPart.setLength(0);
    }

    private static char graph(int b) {
        return b > 0x20 && b <= 0x7E ? (char) b : '.';
    }

    /** {@code fn_print_char}: printable ASCII as is, others as {@code M-} and {@code ^} escapes. */
    private void printChar(int c) {
        if (c >= 0x80) {
            out.append("M-");
            c &= 0x7F;
        }
        if (c < 0x20 || c == 0x7F) {
            out.append('^').append((char) (c ^ 0x40));
        } else {
            out.append((char) c);
        }
    }

    // ---------------------------------------------------------------- link layers

    private static String etherTypeName(int type) {
        return switch (type) {
            case 0x0800 -> "IPv4";
            case 0x8847 -> "MPLS unicast";
            case 0x8848 -> "MPLS multicast";
            case 0x86DD -> "IPv6";
            case 0x8100 -> "802.1Q";
            case 0x9100 -> "802.1Q-9100";
            case 0x88A8 -> "802.1Q-QinQ";
            case 0x9200 -> "802.1Q-9200";
            case 0x88E5 -> "802.1AE MACsec";
            case 0x0200 -> "PUP";
            case 0x0806 -> "ARP";
            case 0x8035 -> "Reverse ARP";
            case 0x0600 -> "NS";
            case 0x0500 -> "Sprite";
            case 0x1000 -> "Trail";
            case 0x6001 -> "MOP DL";
            case 0x6002 -> "MOP RC";
            case 0x6003 -> "DN";
            case 0x6004 -> "LAT";
            case 0x6007 -> "SCA";
            case 0x6558 -> "TEB";
            case 0x8038 -> "Lanbridge";
            case 0x803C -> "DEC DNS";
            case 0x803E -> "DEC DTS";
            case 0x805B -> "VEXP";
            case 0x805C -> "VPROD";
            case 0x809B -> "Appletalk";
            case 0x80F3 -> "Appletalk ARP";
            case 0x8137 -> "IPX";
            case 0x880B -> "PPP";
            case 0x8808 -> "MPCP";
            case 0x8809 -> "Slow Protocols";
            case 0x8863 -> "PPPoE D";
            case 0x8864 -> "PPPoE S";
            case 0x888E -> "EAPOL";
            case 0x8899 -> "Realtek protocols";
            case 0x886F -> "MS NLB heartbeat";
            case 0x8870 -> "Jumbo";
            case 0x894F -> "NSH";
            case 0x9000 -> "Loopback";
            case 0xFEFE -> "OSI";
            case 0x00FE -> "GRE-OSI";
            case 0xABCD -> "CFM (old)";
            case 0x8902 -> "CFM";
            case 0x893A -> "IEEE1905.1";
            case 0x88CC -> "LLDP";
            case 0x88CA -> "TIPC";
            case 0x0707 -> "GeoNet (old)";
            case 0x8947 -> "GeoNet";
            case 0x1111 -> "CALM FAST";
            case 0x88A2 -> "AoE";
            case 0x88F7 -> "PTP";
            case 0xD28B -> "Arista Vendor Specific Protocol";
            default -> null;
        };
    }

    private void etherTypePrint(int type) {
        String name = etherTypeName(type);
        out.append("ethertype ").append(name == null ? "Unknown" : name).append(String.format(" (0x%04x)", type));
    }

    private static boolean isVlanTag(int type) {
        return type == 0x8100 || type == 0x9100 || type == 0x9200 || type == 0x88A8;
    }

    private static String tciString(int tci) {
        return "vlan " + (tci & 0xFFF) + ", p " + ((tci >>> 13) & 7) + ((tci & 0x1000) != 0 ? ", DEI" : "");
    }

    /** {@code ether_common_print}. */
    private void etherPrint(int p, int length, int caplen) {
        protocol = "ether";
        if (Integer.compareUnsigned(length, caplen) < 0) {
            out.append("[length ").append(u(length)).append(" < caplen ").append(u(caplen)).append(']');
            printInvalid();
            return;
        }
        if (caplen < 14) {
            printTruncated();
            return;
        }
        int origLength = length;
        int src = p + 6;
        int dst = p;
        length -= 12;
        caplen -= 12;
        p += 12;
        if (linkHeaders) {
            macAddress(src);
            out.append(" > ");
            macAddress(dst);
            out.append(", ");
        }
        int lengthType = u16(p);
        length -= 2;
        caplen -= 2;
        p += 2;
        boolean printedLength = false;
        while (isVlanTag(lengthType)) {
            if (caplen < 4 || Integer.compareUnsigned(length, 4) < 0) {
                protocol = "vlan";
                printTruncated();
                return;
            }
            if (linkHeaders) {
                int tag = u16(p);
                etherTypePrint(lengthType);
                if (!printedLength) {
                    out.append(", length ").append(u(origLength)).append(": ");
                    printedLength = true;
                } else {
                    out.append(", ");
                }
                out.append(tciString(tag)).append(", ");
            }
            lengthType = u16(p + 2);
            p += 4;
            length -= 4;
            caplen -= 4;
        }
        if (lengthType <= 1500) {
            // An 802.3 length field followed by LLC, which this printer does not decode.
            if (Integer.compareUnsigned(lengthType, length) < 0) {
                length = lengthType;
                if (caplen > length) {
                    caplen = length;
                }
            }
            int savedEnd = snapend;
            snapend = Math.min(snapend, p + length);
            if (linkHeaders) {
                out.append("802.3");
                if (!printedLength) {
                    out.append(", length ").append(u(length)).append(": ");
                }
            }
            defaultPrint(p, caplen);
            snapend = savedEnd;
            return;
        }
        if (linkHeaders) {
            etherTypePrint(lengthType);
            if (!printedLength) {
                out.append(", length ").append(u(origLength)).append(": ");
            } else {
                out.append(", ");
            }
        }
        if (!etherTypePayload(lengthType, p, length, caplen)) {
            if (!linkHeaders) {
                macAddress(src);
                out.append(" > ");
                macAddress(dst);
                out.append(", ");
                etherTypePrint(lengthType);
                out.append(", length ").append(u(origLength)).append(": ");
            }
            defaultPrint(p, caplen);
        }
    }

    /** {@code ethertype_print} for the types this printer decodes; false for the rest. */
    private boolean etherTypePayload(int type, int p, int length, int caplen) {
        switch (type) {
            case 0x0800 -> ipPrint(p, length);
            case 0x0806, 0x8035 -> arpPrint(p, length, caplen);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static String packetType(int type) {
        return switch (type) {
            case 0 -> "In";
            case 1 -> "B";
            case 2 -> "M";
            case 3 -> "P";
            case 4 -> "Out";
            default -> "?";
        };
    }

    private void sllTypeAndLength(int etherType, int length) {
        if (etherType <= 1500) {
            switch (etherType) {
                case 1 -> out.append("802.3");
                case 4 -> out.append("802.2");
                default -> out.append(String.format("ethertype Unknown (0x%04x)", etherType));
            }
        } else {
            etherTypePrint(etherType);
        }
        out.append(", length ").append(u(length)).append(": ");
    }

    /** {@code sll_print}: the link header of a Linux cooked v1 capture, for {@code -e}. */
    private void sllHeader(int p, int length) {
        protocol = "sll";
        out.append(String.format("%3s ", packetType(u16(p))));
        if (u16(p + 4) == 6) {
            macAddress(p + 6);
            out.append(' ');
        }
        sllTypeAndLength(u16(p + 14), length);
    }

    /** {@code sll_if_print}: 16-byte header (packet type, ARPHRD type, address length, 8 address bytes, protocol). */
    private void sllPrint(int p, int length, int caplen) {
        protocol = "sll";
        tcheck(p, 16);
        int header = p;
        if (linkHeaders) {
            sllHeader(p, length);
        }
        length -= 16;
        caplen -= 16;
        p += 16;
        int etherType = u16(header + 14);
        cookedPayload(header, p, length, caplen, etherType, false);
    }

    /** {@code sll2_if_print}: 20-byte header (protocol, reserved, interface index, ARPHRD type, packet type, address length, 8 address bytes). */
    private void sll2Print(int p, int length, int caplen) {
        protocol = "sll2";
        tcheck(p, 20);
        int header = p;
        int ifIndex = u32(p + 4);
        out.append(String.format("%-5s ", interfaceName(ifIndex)));
        out.append(String.format("%-3s ", packetType(u8(p + 10))));
        if (linkHeaders) {
            sll2Header(p, length);
        }
        length -= 20;
        caplen -= 20;
        p += 20;
        int etherType = u16(header);
        cookedPayload(header, p, length, caplen, etherType, true);
    }

    private void sll2Header(int p, int length) {
        protocol = "sll2";
        out.append("ifindex ").append(u(u32(p + 4))).append(' ');
        if (u8(p + 11) == 6) {
            macAddress(p + 12);
            out.append(' ');
        }
        sllTypeAndLength(u16(p), length);
    }

    /**
     * The interface name tcpdump finds with {@code if_indextoname} on the machine (and in the network
     * namespace) that reads the file: from {@code /sys/class/net/NAME/ifindex}, which also lists
     * interfaces that are down, else from {@link NetworkInterface}; {@code "?"} when there is none.
     */
    private String interfaceName(int index) {
        if (interfaceNames == null) {
            interfaceNames = new HashMap<>();
            try (DirectoryStream<Path> links = Files.newDirectoryStream(Path.of("/sys/class/net"))) {
                for (Path link : links) {
                    try {
                        interfaceNames.put(Integer.parseInt(Files.readString(link.resolve("ifindex")).trim()),
                                link.getFileName().toString());
                    } catch (IOException | NumberFormatException e) {
                        // an entry without a readable index cannot be named by index
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no sysfs: fall back to the JDK's view below
            }
        }
        String name = interfaceNames.get(index);
        if (name != null) {
            return name;
        }
        try {
            NetworkInterface nic = index > 0 ? NetworkInterface.getByIndex(index) : null;
            return nic == null ? "?" : nic.getName();
        } catch (SocketException | RuntimeException e) {
            return "?";
        }
    }

    private void cookedPayload(int header, int p, int length, int caplen, int etherType, boolean version2) {
        while (true) {
            if (etherType <= 1500) {
                defaultPrint(p, caplen);
                return;
            }
            if (etherType == 0x8100) {
                if (caplen < 4) {
                    protocol = "vlan";
                    printTruncated();
                    return;
                }
                if (linkHeaders) {
                    out.append(tciString(u16(p))).append(", ");
                }
                etherType = u16(p + 2);
                if (etherType <= 1500) {
                    etherType = 4;
                }
                String name = etherTypeName(etherType);
                out.append("ethertype ").append(name == null ? "Unknown" : name).append(", ");
                p += 4;
                length -= 4;
                caplen -= 4;
                continue;
            }
            if (!etherTypePayload(etherType, p, length, caplen)) {
                if (!linkHeaders) {
                    if (version2) {
                        sll2Header(header, length + 20);
                    } else {
                        sllHeader(header, length + 16);
                    }
                }
                defaultPrint(p, caplen);
            }
            return;
        }
    }

    /** {@code raw_if_print}: the frame is an IP packet. */
    private void rawPrint(int p, int length) {
        protocol = "raw";
        if (linkHeaders) {
            out.append("ip: ");
        }
        protocol = "ipn";
        if (length < 1) {
            out.append("truncated-ip ").append(u(length));
            return;
        }
        int version = u8(p) & 0xF0;
        if (version == 0x40) {
            ipPrint(p, length);
        } else if (version == 0x60) {
            ip6Print(length);
        } else {
            out.append("unknown ip ").append(version >>> 4);
        }
    }

    private void ip6Print(int length) {
        protocol = "ip6";
        out.append("IP6, not decoded by overlaykit, length ").append(u(length));
    }

    // ---------------------------------------------------------------- ARP

    private static String arpOperation(int op) {
        return switch (op) {
            case 1 -> "Request";
            case 2 -> "Reply";
            case 3 -> "Reverse Request";
            case 4 -> "Reverse Reply";
            case 8 -> "Inverse Request";
            case 9 -> "Inverse Reply";
            case 10 -> "NACK Reply";
            default -> "Unknown (" + op + ")";
        };
    }

    private static String arpHardware(int hrd) {
        return switch (hrd) {
            case 1 -> "Ethernet";
            case 6 -> "TokenRing";
            case 7 -> "ArcNet";
            case 15 -> "FrameRelay";
            case 23 -> "Strip";
            case 24 -> "IEEE 1394";
            case 19 -> "ATM";
            case 32 -> "InfiniBand";
            default -> "Unknown Hardware (" + hrd + ")";
        };
    }

    /** {@code arp_print} (ATM ARP, hardware type 19, is printed with the common layout). */
    private void arpPrint(int bp, int length, int caplen) {
        protocol = "arp";
        tcheck(bp, 8);
        int hrd = u16(bp);
        int pro = u16(bp + 2);
        int hln = u8(bp + 4);
        int pln = u8(bp + 5);
        int op = u16(bp + 6);
        int sha = bp + 8;
        int spa = sha + hln;
        int tha = spa + pln;
        int tpa = tha + hln;
        tcheck(tpa, pln);
        if (!linkHeaders) {
            out.append("ARP, ");
        }
        boolean ipv4 = pro == 0x0800 || pro == 0x1000;
        if (!ipv4 || pln != 4 || hln == 0 || verbosity > 0) {
            String name = etherTypeName(pro);
            out.append(arpHardware(hrd)).append(" (len ").append(hln).append("), ")
                    .append(name == null ? String.format("Unknown Protocol (0x%04x)", pro) : name)
                    .append(" (len ").append(pln).append(')');
            if (verbosity == 0) {
                out.append(", length ").append(u(length));
                return;
            }
        }
        out.append(verbosity > 0 ? ", " : "").append(arpOperation(op)).append(' ');
        switch (op) {
            case 1 -> {
                out.append("who-has ");
                arpProtocolAddress(tpa, pro, pln);
                if (isNonZero(tha, hln)) {
                    out.append(" (");
                    linkAddress(tha, hln);
                    out.append(')');
                }
                out.append(" tell ");
                arpProtocolAddress(spa, pro, pln);
            }
            case 2 -> {
                arpProtocolAddress(spa, pro, pln);
                out.append(" is-at ");
                linkAddress(sha, hln);
            }
            case 3, 8 -> {
                out.append("who-is ");
                linkAddress(tha, hln);
                out.append(" tell ");
                linkAddress(sha, hln);
            }
            case 4 -> {
                linkAddress(tha, hln);
                out.append(" at ");
                arpProtocolAddress(tpa, pro, pln);
            }
            case 9 -> {
                linkAddress(sha, hln);
                out.append(" at ");
                arpProtocolAddress(spa, pro, pln);
            }
            default -> {
                defaultPrint(bp, caplen);
                return;
            }
        }
        out.append(", length ").append(u(length));
    }

    private boolean isNonZero(int at, int length) {
        for (int i = 0; i < length; i++) {
            if (u8(at + i) != 0) {
                return true;
            }
        }
        return false;
    }

    private void arpProtocolAddress(int at, int pro, int pln) {
        if (pro != 0x0800 && pro != 0x1000) {
            out.append("<wrong proto type>");
        } else if (pln != 4) {
            out.append("<wrong len>");
        } else {
            ipAddress(at);
        }
    }

    // ---------------------------------------------------------------- IPv4

    private static String ipProtocolName(int proto) {
        return switch (proto) {
            case 0 -> "Options";
            case 1 -> "ICMP";
            case 2 -> "IGMP";
            case 4 -> "IPIP";
            case 6 -> "TCP";
            case 8 -> "EGP";
            case 9 -> "IGRP";
            case 17 -> "UDP";
            case 33 -> "DCCP";
            case 41 -> "IPv6";
            case 43 -> "Routing";
            case 44 -> "Fragment";
            case 46 -> "RSVP";
            case 47 -> "GRE";
            case 50 -> "ESP";
            case 51 -> "AH";
            case 55 -> "Mobile IP";
            case 58 -> "ICMPv6";
            case 59 -> "NONE";
            case 60 -> "Destination";
            case 62 -> "Mobile IP (old)";
            case 88 -> "EIGRP";
            case 89 -> "OSPF";
            case 103 -> "PIM";
            case 108 -> "Compressed IP";
            case 112 -> "VRRP";
            case 113 -> "PGM";
            case 132 -> "SCTP";
            case 135 -> "Mobility";
            case 143 -> "Ethernet";
            default -> "unknown";
        };
    }

    private static String fragmentFlags(int off) {
        StringBuilder flags = new StringBuilder();
        if ((off & 0x2000) != 0) {
            flags.append('+');
        }
        if ((off & 0x4000) != 0) {
            flags.append(flags.length() > 0 ? ", " : "").append("DF");
        }
        if ((off & 0x8000) != 0) {
            flags.append(flags.length() > 0 ? ", " : "").append("rsvd");
        }
        return flags.length() == 0 ? "none" : flags.toString();
    }

    /** {@code ip_print}. */
    private void ipPrint(int bp, int length) {
        protocol = "ip";
        if (!linkHeaders) {
            printProtocolCaps();
            out.append(' ');
        }
        if (Integer.compareUnsigned(length, 20) < 0) {
            out.append(" [length ").append(u(length)).append(" < 20]");
            printInvalid();
            return;
        }
        int version = u8(bp) >>> 4;
        if (version != 4) {
            out.append(" [version ").append(version).append(" != 4]");
            printInvalid();
            return;
        }
        int hlen = (u8(bp) & 0x0F) * 4;
        if (hlen < 20) {
            out.append(" [header length ").append(hlen).append(" < 20]");
            printInvalid();
            return;
        }
        int len = u16(bp + 2);
        if (Integer.compareUnsigned(len, length) > 0) {
            out.append("[total length ").append(len).append(" > length ").append(u(length)).append(']');
            printInvalid();
            out.append(' ');
            len = length;
        }
        boolean presumedTso = false;
        if (len == 0) {
            len = length;
            presumedTso = true;
        } else if (Integer.compareUnsigned(len, hlen) < 0) {
            out.append(" [total length ").append(len).append(" < ").append(hlen).append(']');
            printInvalid();
            return;
        }
        tcheck(bp, 20);
        int savedEnd = snapend;
        if (Integer.compareUnsigned(len, snapend - bp) < 0) {
            snapend = bp + len;
        }
        len -= hlen;
        int off = u16(bp + 6);
        int proto = u8(bp + 9);
        boolean truncatedOptions = false;
        if (verbosity > 0) {
            int tos = u8(bp + 1);
            out.append("(tos 0x").append(hex(tos));
            switch (tos & 3) {
                case 1 -> out.append(",ECT(1)");
                case 2 -> out.append(",ECT(0)");
                case 3 -> out.append(",CE");
                default -> {
                }
            }
            int ttl = u8(bp + 8);
            if (ttl >= 1) {
                out.append(", ttl ").append(ttl);
            }
            out.append(", id ").append(u16(bp + 4)).append(", offset ").append((off & 0x1FFF) * 8)
                    .append(", flags [").append(fragmentFlags(off)).append("], proto ").append(ipProtocolName(proto))
                    .append(" (").append(proto).append(')');
            if (presumedTso) {
                out.append(", length ").append(u(length)).append(" [was 0, presumed TSO]");
            } else {
                out.append(", length ").append(u16(bp + 2));
            }
            if (hlen > 20) {
                out.append(", options (");
                if (!ipOptionsPrint(bp + 20, hlen - 20)) {
                    out.append(" [truncated-option]");
                    truncatedOptions = true;
                }
                out.append(')');
            }
            if (ttest(bp, hlen)) {
                int sum = checksum(bp, hlen);
                if (sum != 0) {
                    int ipSum = u16(bp + 10);
                    out.append(", bad cksum ").append(hex(ipSum)).append(" (->").append(hex(shouldBe(ipSum, sum)))
                            .append(")!");
                }
            }
            out.append(")\n    ");
            if (truncatedOptions) {
                ipAddress(bp + 12);
                out.append(" > ");
                ipAddress(bp + 16);
                out.append(": ");
                printTruncated();
                snapend = savedEnd;
                return;
            }
        }
        if ((off & 0x1FFF) == 0) {
            if (proto != 6 && proto != 17 && proto != 132 && proto != 33) {
                ipAddress(bp + 12);
                out.append(" > ");
                ipAddress(bp + 16);
                out.append(": ");
            }
            if (!ttest(bp, hlen)) {
                out.append(" [remaining caplen(").append(bytesAfter(bp)).append(") < header length(").append(hlen)
                        .append(")]");
                throw TRUNCATED;
            }
            ipDemux(bp + hlen, len, (off & 0x2000) != 0, proto, bp);
        } else {
            ipAddress(bp + 12);
            out.append(" > ");
            ipAddress(bp + 16);
            out.append(": ip-proto-").append(proto);
        }
        snapend = savedEnd;
    }

    /** {@code ip_optprint}; false when an option was cut by the capture. */
    private boolean ipOptionsPrint(int cp, int length) {
        String separator = "";
        while (length > 0) {
            out.append(separator);
            separator = ",";
            int code = u8(cp);
            out.append(switch (code) {
                case 0 -> "EOL";
                case 1 -> "NOP";
                case 68 -> "timestamp";
                case 130 -> "security";
                case 7 -> "RR";
                case 137 -> "SSRR";
                case 131 -> "LSRR";
                case 148 -> "RA";
                case 82 -> "traceroute";
                default -> "unknown " + code;
            });
            int optionLength;
            if (code == 0 || code == 1) {
                optionLength = 1;
            } else {
                optionLength = u8(cp + 1);
                if (optionLength < 2) {
                    out.append(" [bad length ").append(optionLength).append(']');
                    return true;
                }
            }
            if (optionLength > length) {
                out.append(" [bad length ").append(optionLength).append(']');
                return true;
            }
            if (!ttest(cp, optionLength)) {
                return false;
            }
            switch (code) {
                case 0 -> {
                    return true;
                }
                case 68 -> ipTimestampOption(cp, optionLength);
                case 7, 137, 131 -> ipRouteOption(cp, optionLength);
                case 148 -> {
                    if (optionLength < 4) {
                        out.append(" [bad length ").append(optionLength).append(']');
                    } else if (u16(cp + 2) != 0) {
                        out.append(" value ").append(u16(cp + 2));
                    }
                }
                default -> {
                }
            }
            cp += optionLength;
            length -= optionLength;
        }
        return true;
    }

    private void ipRouteOption(int cp, int length) {
        if (length < 3) {
            out.append(" [bad length ").append(length).append(']');
            return;
        }
        if (((length + 1) & 3) != 0) {
            out.append(" [bad length ").append(length).append(']');
        }
        int ptr = u8(cp + 2) - 1;
        if (ptr < 3 || ((ptr + 1) & 3) != 0 || ptr > length + 1) {
            out.append(" [bad ptr ").append(u8(cp + 2)).append(']');
        }
        for (int len = 3; len < length; len += 4) {
            out.append(' ');
            ipAddress(cp + len);
            if (ptr > len) {
                out.append(',');
            }
        }
    }

    private void ipTimestampOption(int cp, int length) {
        if (length < 4) {
            out.append("[bad length ").append(length).append(']');
            return;
        }
        out.append(" TS{");
        int hoplen = (u8(cp + 3) & 0xF) != 0 ? 8 : 4;
        if (((length - 4) & (hoplen - 1)) != 0) {
            out.append("[bad length ").append(length).append(']');
        }
        int ptr = u8(cp + 2) - 1;
        int len = 0;
        if (ptr < 4 || ((ptr - 4) & (hoplen - 1)) != 0 || ptr > length + 1) {
            out.append("[bad ptr ").append(u8(cp + 2)).append(']');
        }
        int type = u8(cp + 3) & 0xF;
        boolean known = true;
        switch (type) {
            case 0 -> out.append("TSONLY");
            case 1 -> out.append("TS+ADDR");
            case 3 -> out.append("PRESPEC");
            default -> {
                out.append("[bad ts type ").append(type).append(']');
                known = false;
            }
        }
        if (known) {
            String separator = " ";
            for (len = 4; len < length; len += hoplen) {
                if (ptr == len) {
                    separator = " ^ ";
                }
                tcheck(cp + len, hoplen);
                out.append(separator).append(u(u32(cp + len + hoplen - 4))).append('@');
                if (hoplen == 8) {
                    ipAddress(cp + len);
                }
                separator = " ";
            }
        }
        out.append(ptr == len ? " ^ " : "");
        int hops = u8(cp + 3) >>> 4;
        if (hops != 0) {
            out.append(" [").append(hops).append(" hops not recorded]} ");
        } else {
            out.append('}');
        }
    }

    /** {@code ip_demux_print} for IPv4. */
    private void ipDemux(int bp, int length, boolean fragmented, int proto, int iph) {
        switch (proto) {
            case 6 -> tcpPrint(bp, length, iph, fragmented);
            case 17 -> udpPrint(bp, length, iph, fragmented);
            case 1 -> icmpPrint(bp, length, iph, fragmented);
            case 4 -> ipPrint(bp, length);
            case 58 -> {
                out.append("[ICMPv6 requires IPv6]");
                printInvalid();
            }
            case 59 -> out.append("no next header");
            default -> out.append(" ip-proto-").append(proto).append(' ').append(u(length));
        }
    }

    /** Sum of the IPv4 pseudo-header (source, destination, protocol, length) for transport checksums. */
    private long pseudoHeader(int iph, int proto, int length) {
        return InternetChecksum.pseudoHeaderSum(u32(iph + 12), finalDestination(iph), proto, length & 0xFFFF);
    }

    /** {@code ip_finddst}: the last hop of a source route option, else the destination. */
    private int finalDestination(int iph) {
        int hlen = (u8(iph) & 0xF) * 4;
        int cp = iph + 20;
        int length = hlen - 20;
        while (length > 0) {
            if (!ttest(cp, 1)) {
                break;
            }
            int type = u8(cp);
            int len;
            if (type == 0) {
                break;
            } else if (type == 1) {
                len = 1;
            } else {
                if (!ttest(cp + 1, 1)) {
                    break;
                }
                len = u8(cp + 1);
                if (len < 2) {
                    break;
                }
            }
            if (length < len || !ttest(cp, len)) {
                break;
            }
            if ((type == 137 || type == 131) && len >= 7) {
                return u32(cp + len - 4);
            }
            cp += len;
            length -= len;
        }
        return u32(iph + 16);
    }

    // ---------------------------------------------------------------- ICMP

    private static boolean icmpErrorType(int type) {
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    private static String icmpUnreachable(int code) {
        return switch (code) {
            case 0 -> "net %s unreachable";
            case 1 -> "host %s unreachable";
            case 5 -> "%s unreachable - source route failed";
            case 6 -> "net %s unreachable - unknown";
            case 7 -> "host %s unreachable - unknown";
            case 8 -> "%s unreachable - source host isolated";
            case 9 -> "net %s unreachable - admin prohibited";
            case 10 -> "host %s unreachable - admin prohibited";
            case 11 -> "net %s unreachable - tos prohibited";
            case 12 -> "host %s unreachable - tos prohibited";
            case 13 -> "host %s unreachable - admin prohibited filter";
            case 14 -> "host %s unreachable - host precedence violation";
            case 15 -> "host %s unreachable - precedence cutoff";
            default -> null;
        };
    }

    private String ipString(int at) {
        int a = u32(at);
        return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    private static String icmpTimestamp(int stamp) {
        long t = Integer.toUnsignedLong(stamp);
        long msec = t % 1000;
        long sec = t / 1000;
        long min = sec / 60;
        sec -= min * 60;
        long hrs = min / 60;
        min -= hrs * 60;
        return String.format("%02d:%02d:%02d.%03d", hrs, min, sec, msec);
    }

    /** {@code icmp_print}. */
    private void icmpPrint(int bp, int plen, int iph, boolean fragmented) {
        protocol = "icmp";
        int type = u8(bp);
        int code = u8(bp + 1);
        int innerIp = bp + 8;
        String text;
        switch (type) {
            case 0, 8 -> text = "echo " + (type == 8 ? "request" : "reply") + ", id " + u16(bp + 4) + ", seq "
                    + u16(bp + 6);
            case 3 -> {
                if (code == 2) {
                    text = ipString(innerIp + 16) + " protocol " + u8(innerIp + 9) + " unreachable";
                } else if (code == 3) {
                    tcheck(innerIp + 9, 1);
                    int hlen = (u8(innerIp) & 0xF) * 4;
                    int dport = u16(innerIp + hlen + 2);
                    int innerProto = u8(innerIp + 9);
                    String dst = ipString(innerIp + 16);
                    text = switch (innerProto) {
                        case 6 -> dst + " tcp port " + dport + " unreachable";
                        case 17 -> dst + " udp port " + dport + " unreachable";
                        default -> dst + " protocol " + innerProto + " port " + dport + " unreachable";
                    };
                } else if (code == 4) {
                    int mtu = u16(bp + 6);
                    text = mtu != 0 ? ipString(innerIp + 16) + " unreachable - need to frag (mtu " + mtu + ")"
                            : ipString(innerIp + 16) + " unreachable - need to frag";
                } else {
                    String format = icmpUnreachable(code);
                    text = format != null ? String.format(format, ipString(innerIp + 16))
                            : ipString(innerIp + 16) + " unreachable - #" + code;
                }
            }
            case 5 -> {
                String dst = ipString(innerIp + 16);
                String gateway = ipString(bp + 4);
                text = switch (code) {
                    case 0 -> "redirect " + dst + " to net " + gateway;
                    case 1 -> "redirect " + dst + " to host " + gateway;
                    case 2 -> "redirect-tos " + dst + " to net " + gateway;
                    case 3 -> "redirect-tos " + dst + " to host " + gateway;
                    default -> "redirect-#" + code + " " + dst + " to " + gateway;
                };
            }
            case 9 -> text = routerAdvertisement(bp);
            case 11 -> {
                tcheck(innerIp + 16, 4);
                text = switch (code) {
                    case 0 -> "time exceeded in-transit";
                    case 1 -> "ip reassembly time exceeded";
                    default -> "time exceeded-#" + code;
                };
            }
            case 12 -> text = code != 0 ? "parameter problem - code " + code
                    : "parameter problem - octet " + u8(bp + 4);
            case 18 -> text = String.format("address mask is 0x%08x", u32(bp + 8));
            case 13 -> text = "time stamp query id " + u16(bp + 4) + " seq " + u16(bp + 6);
            case 14 -> {
                tcheck(bp + 16, 4);
                text = "time stamp reply id " + u16(bp + 4) + " seq " + u16(bp + 6) + ": org "
                        + icmpTimestamp(u32(bp + 8)) + ", recv " + icmpTimestamp(u32(bp + 12)) + ", xmit "
                        + icmpTimestamp(u32(bp + 16));
            }
            case 4 -> text = "source quench";
            case 10 -> text = "router solicitation";
            case 15 -> text = "information request";
            case 16 -> text = "information reply";
            case 17 -> text = "address mask request";
            default -> text = "type-#" + type;
        }
        out.append("ICMP ").append(text).append(", length ").append(u(plen));
        if (verbosity > 0 && !fragmented && ttest(bp, plen)) {
            int sum = checksum(bp, plen);
            if (sum != 0) {
                int field = u16(bp + 2);
                out.append(" (wrong icmp cksum ").append(hex(field)).append(" (->").append(hex(shouldBe(field, sum)))
                        .append(")!)");
            }
        }
        if (verbosity >= 1 && icmpErrorType(type)) {
            out.append("\n\t");
            int savedEnd = snapend;
            int innerLength = u16(innerIp + 2);
            snapend = (int) Math.min((long) innerIp + innerLength, snapend);
            ipPrint(innerIp, innerLength);
            snapend = savedEnd;
        }
        protocol = "icmp";
        if (verbosity >= 1 && Integer.compareUnsigned(plen, 136) > 0 && (type == 3 || type == 11 || type == 12)) {
            icmpExtensions(bp, plen);
        }
    }

    private String routerAdvertisement(int bp) {
        StringBuilder text = new StringBuilder("router advertisement");
        tcheck(bp + 4, 4);
        text.append(" lifetime ");
        int lifetime = u16(bp + 6);
        if (lifetime < 60) {
            text.append(lifetime);
        } else if (lifetime < 3600) {
            text.append(String.format("%d:%02d", lifetime / 60, lifetime % 60));
        } else {
            text.append(String.format("%d:%02d:%02d", lifetime / 3600, (lifetime % 3600) / 60, lifetime % 60));
        }
        int num = u8(bp + 4);
        text.append(' ').append(num).append(':');
        int size = u8(bp + 5);
        if (size != 2) {
            return text.append(" [size ").append(size).append(']').toString();
        }
        int entry = bp + 8;
        for (; num > 0; num--, entry += 8) {
            tcheck(entry, 8);
            text.append(" {").append(ipString(entry)).append(' ').append(u(u32(entry + 4))).append('}');
        }
        return text.toString();
    }

    /** RFC 4884 multi-part extensions after the quoted datagram (128 bytes into the ICMP payload). */
    private void icmpExtensions(int bp, int plen) {
        tcheck(bp, 141);
        int versionAt = bp + 136;
        if (u8(bp + 5) == 0 && ttest(versionAt, plen - 136)) {
            if (checksum(versionAt, plen - 136) != 0) {
                return;
            }
        }
        int version = u8(versionAt) >>> 4;
        out.append("\n\tICMP Multi-Part extension v").append(version);
        if (version != 2) {
            out.append(" packet not supported");
            return;
        }
        int hlen = plen - 136;
        if (ttest(versionAt, hlen)) {
            out.append(String.format(", checksum 0x%04x (%scorrect), length %d", u16(versionAt + 2),
                    checksum(versionAt, hlen) != 0 ? "in" : "", hlen));
        }
        hlen -= 4;
        int object = versionAt + 4;
        while (hlen > 4) {
            tcheck(object, 4);
            int objectLength = u16(object);
            int classNum = u8(object + 2);
            int classType = u8(object + 3);
            object += 4;
            out.append("\n\t  ").append(classNum == 1 ? "MPLS Stack Entry" : classNum == 2 ? "Interface Identification"
                    : "unknown").append(" Object (").append(classNum).append("), Class-Type: ").append(classType)
                    .append(", length ").append(objectLength);
            hlen -= 4;
            if (classNum == 0 || objectLength < 4) {
                return;
            }
            objectLength -= 4;
            if (classNum == 1 && classType == 1) {
                int label = u32(object);
                out.append("\n\t    label ").append(label >>> 12).append(", tc ").append((label >>> 9) & 7);
                if ((label & 0x100) != 0) {
                    out.append(", [S]");
                }
                out.append(", ttl ").append(label & 0xFF);
            } else {
                unknownData(object, objectLength);
            }
            if (hlen < objectLength) {
                break;
            }
            hlen -= objectLength;
            object += objectLength;
        }
    }

    /** {@code print_unknown_data} with the {@code "\n\t    "} indent: {@code hex_print} of what was captured. */
    private void unknownData(int at, int length) {
        int n = Math.min(length, bytesAfter(at));
        for (int i = 0; i < n; i++) {
            if (i % 16 == 0) {
                out.append("\n\t    0x").append(String.format("%04x", i)).append(": ");
            }
            if (i % 2 == 0) {
                out.append(' ');
            }
            int b = u8(at + i);
            out.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
    }

    // ---------------------------------------------------------------- UDP

    private void udpAddresses(int iph, int sport, int dport) {
        if (u8(iph + 9) == 17) {
            ipAddress(iph + 12);
            if (sport >= 0) {
                out.append('.').append(sport);
            }
            out.append(" > ");
            ipAddress(iph + 16);
            if (sport >= 0) {
                out.append('.').append(dport);
            }
            out.append(": ");
        } else if (sport >= 0) {
            out.append(sport).append(" > ").append(dport).append(": ");
        }
    }

    /** {@code udp_print}. */
    private void udpPrint(int bp, int length, int iph, boolean fragmented) {
        protocol = "udp";
        if (!ttest(bp + 2, 2)) {
            udpAddresses(iph, -1, -1);
            throw TRUNCATED;
        }
        int sport = u16(bp);
        int dport = u16(bp + 2);
        if (Integer.compareUnsigned(length, 8) < 0) {
            udpAddresses(iph, sport, dport);
            out.append("truncated-udp ").append(u(length));
            return;
        }
        if (!ttest(bp + 4, 2)) {
            udpAddresses(iph, sport, dport);
            throw TRUNCATED;
        }
        int ulen = u16(bp + 4);
        if (ulen < 8) {
            udpAddresses(iph, sport, dport);
            out.append("truncated-udplength ").append(ulen);
            return;
        }
        ulen -= 8;
        length -= 8;
        if (Integer.compareUnsigned(ulen, length) < 0) {
            length = ulen;
        }
        int cp = bp + 8;
        if (cp > snapend) {
            udpAddresses(iph, sport, dport);
            throw TRUNCATED;
        }
        udpAddresses(iph, sport, dport);
        if (verbosity > 1 && !fragmented) {
            int udpSum = u16(bp + 6);
            if (udpSum == 0) {
                out.append("[no cksum] ");
            } else if (ttest(cp, length)) {
                long sum = pseudoHeader(iph, 17, length + 8) + InternetChecksum.sum(buffer, bp, length + 8);
                int computed = InternetChecksum.finish(sum);
                if (computed != 0) {
                    out.append(String.format("[bad udp cksum 0x%04x -> 0x%04x!] ", udpSum, shouldBe(udpSum, computed)));
                } else {
                    out.append("[udp sum ok] ");
                }
            }
        }
        if (sport == 53 || dport == 53) {
            domainPrint(cp, length);
        } else if (otvOnPort8472 && (sport == UdpPorts.VXLAN_LINUX || dport == UdpPorts.VXLAN_LINUX)) {
            otvPrint(cp, length);
        } else if (sport == UdpPorts.VXLAN || dport == UdpPorts.VXLAN || sport == UdpPorts.VXLAN_LINUX
                || dport == UdpPorts.VXLAN_LINUX) {
            vxlanPrint(cp, length);
        } else if (Integer.compareUnsigned(ulen, length) > 0 && !fragmented) {
            out.append("UDP, bad length ").append(u(ulen)).append(" > ").append(u(length));
        } else {
            out.append("UDP, length ").append(u(ulen));
        }
    }

    /** {@code vxlan_print}: the 8-byte header, then the inner Ethernet frame on the next line. */
    private void vxlanPrint(int bp, int length) {
        protocol = "vxlan";
        printProtocolCaps();
        if (Integer.compareUnsigned(length, VxlanPacket.HEADER_LENGTH) < 0) {
            printInvalid();
            tcheck(bp, length);
            return;
        }
        int flags = u8(bp);
        out.append(", flags [").append((flags & VxlanPacket.FLAG_I) != 0 ? "I" : ".").append(String.format("] (0x%02x), ", flags));
        int vni = u24(bp + VxlanPacket.VNI_OFFSET);
        if ((flags & VxlanPacket.FLAG_I) != 0) {
            out.append("vni ").append(vni).append('\n');
        } else {
            out.append("ERROR: I flag not set\n");
        }
        int inner = bp + VxlanPacket.HEADER_LENGTH;
        etherPrint(inner, length - VxlanPacket.HEADER_LENGTH, bytesAfter(inner));
    }

    /**
     * {@code otv_print} of tcpdump 4.99.x, which owns UDP 8472 there: the same 8 bytes read as Cisco OTV
     * (flags, 24-bit overlay id, 24-bit instance id where VXLAN has its VNI, reserved), then the inner
     * Ethernet frame.
     */
    private void otvPrint(int bp, int length) {
        protocol = "otv";
        out.append("OTV, ");
        if (Integer.compareUnsigned(length, VxlanPacket.HEADER_LENGTH) < 0) {
            printInvalid();
            tcheck(bp, length);
            return;
        }
        int flags = u8(bp);
        out.append("flags [").append((flags & VxlanPacket.FLAG_I) != 0 ? "I" : ".").append(String.format("] (0x%02x), ", flags));
        out.append("overlay ").append(u24(bp + 1)).append(", ");
        out.append("instance ").append(u24(bp + 4)).append('\n');
        int inner = bp + VxlanPacket.HEADER_LENGTH;
        etherPrint(inner, length - VxlanPacket.HEADER_LENGTH, bytesAfter(inner));
    }

    // ---------------------------------------------------------------- DNS

    private static final String[] DNS_OPCODES = {"", " inv_q", " stat", " op3", " notify", " update", " op6", " op7",
        " op8", " updateA", " updateD", " updateDA", " updateM", " updateMA", " zoneInit", " zoneRef"};
    private static final String[] DNS_RCODES = {"", " FormErr", " ServFail", " NXDomain", " NotImp", " Refused",
        " YXDomain", " YXRRSet", " NXRRSet", " NotAuth", " NotZone", " Resp11", " Resp12", " Resp13", " Resp14",
        " NoChange", " BadVers"};

    private static String dnsType(int type) {
        return switch (type) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 12 -> "PTR";
            case 13 -> "HINFO";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 28 -> "AAAA";
            case 33 -> "SRV";
            case 35 -> "NAPTR";
            case 39 -> "DNAME";
            case 41 -> "OPT";
            case 43 -> "DS";
            case 46 -> "RRSIG";
            case 47 -> "NSEC";
            case 48 -> "DNSKEY";
            case 64 -> "SVCB";
            case 65 -> "HTTPS";
            case 252 -> "AXFR";
            case 255 -> "ANY";
            case 257 -> "CAA";
            default -> "Type" + type;
        };
    }

    private static String dnsClass(int dnsClass) {
        return switch (dnsClass) {
            case 1 -> "IN";
            case 3 -> "CHAOS";
            case 4 -> "HS";
            case 255 -> "ANY";
            default -> "(Class " + dnsClass + ")";
        };
    }

    /** {@code ns_nskip}: the index after a domain name, or -1 when it cannot be skipped. */
    private int dnsSkipName(int cp) {
        if (!ttest(cp, 1)) {
            return -1;
        }
        int i = u8(cp++);
        while (i != 0) {
            if ((i & 0xC0) == 0xC0) {
                return cp + 1;
            }
            if ((i & 0xC0) == 0x40) {
                return -1;
            }
            cp += i;
            if (!ttest(cp, 1)) {
                return -1;
            }
            i = u8(cp++);
        }
        return cp;
    }

    /** {@code fqdn_print}: labels joined by dots, following compression pointers; -1 when cut. */
    private int dnsName(int cp, int message) {
        int next = -1;
        int chars = 0;
        int guard = 0;
        if (!ttest(cp, 1)) {
            return -1;
        }
        int i = u8(cp++);
        if (i == 0) {
            out.append('.');
            return cp;
        }
        while (i != 0) {
            if ((i & 0xC0) == 0xC0) {
                if (next < 0) {
                    next = cp + 1;
                }
                if (!ttest(cp, 1)) {
                    return -1;
                }
                int target = message + (((i << 8) | u8(cp)) & 0x3FFF);
                if (++guard > 255 || target >= snapend) {
                    out.append("<LOOP>");
                    return -1;
                }
                cp = target;
                i = u8(cp++);
                continue;
            }
            if ((i & 0xC0) != 0) {
                out.append("<ELT ").append(String.format("%d", i)).append('>');
                return -1;
            }
            if (!ttest(cp, i)) {
                return -1;
            }
            for (int k = 0; k < i; k++) {
                printChar(u8(cp + k));
            }
            chars += i + 1;
            cp += i;
            out.append('.');
            if (!ttest(cp, 1) || chars > 255) {
                return -1;
            }
            i = u8(cp++);
        }
        return next >= 0 ? next : cp;
    }

    private int dnsQuestion(int cp, int message) {
        int afterName = dnsSkipName(cp);
        if (afterName < 0 || !ttest(afterName, 4)) {
            return -1;
        }
        out.append(' ').append(dnsType(u16(afterName)));
        int dnsClassValue = u16(afterName + 2);
        if (dnsClassValue != 1) {
            out.append(' ').append(dnsClass(dnsClassValue));
        }
        out.append("? ");
        return dnsName(cp, message) < 0 ? -1 : afterName + 4;
    }

    private int dnsRecord(int cp, int message) {
        int afterName;
        if (verbosity > 0) {
            out.append(' ');
            afterName = dnsName(cp, message);
        } else {
            afterName = dnsSkipName(cp);
        }
        if (afterName < 0 || !ttest(afterName, 10)) {
            return -1;
        }
        int type = u16(afterName);
        int recordClass = u16(afterName + 2);
        if (recordClass != 1 && type != 41) {
            out.append(' ').append(dnsClass(recordClass));
        }
        if (verbosity > 2 && type != 41) {
            out.append(" [").append(relativeTime(u32(afterName + 4))).append(']');
        }
        int rdlength = u16(afterName + 8);
        int rdata = afterName + 10;
        int end = rdata + rdlength;
        out.append(' ').append(dnsType(type));
        if (end > snapend) {
            return -1;
        }
        switch (type) {
            case 1 -> {
                out.append(' ');
                ipAddress(rdata);
            }
            case 2, 5, 12, 39 -> {
                out.append(' ');
                if (dnsName(rdata, message) < 0) {
                    return -1;
                }
            }
            case 41 -> {
                out.append(" UDPsize=").append(recordClass);
                if ((u32(afterName + 4) & 0x8000) != 0) {
                    out.append(" DO");
                }
            }
            default -> {
            }
        }
        return end;
    }

    /** Prints {@code count} records after {@code label} as tcpdump's {@code -vv} does; -1 when cut. */
    private int dnsSection(int cp, int message, int count, String label) {
        if (count == 0) {
            return cp;
        }
        if (!label.isEmpty() && cp >= snapend) {
            return -1;
        }
        out.append(label);
        if ((cp = dnsRecord(cp, message)) < 0) {
            return -1;
        }
        count--;
        while (cp < snapend && count > 0) {
            out.append(',');
            if ((cp = dnsRecord(cp, message)) < 0) {
                return -1;
            }
            count--;
        }
        return count > 0 ? -1 : cp;
    }

    private static String relativeTime(int ttl) {
        long seconds = Integer.toUnsignedLong(ttl);
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long[] units = {604800, 86400, 3600, 60, 1};
        char[] names = {'w', 'd', 'h', 'm', 's'};
        for (int i = 0; i < units.length; i++) {
            if (seconds >= units[i]) {
                text.append(seconds / units[i]).append(names[i]);
                seconds %= units[i];
            }
        }
        return text.toString();
    }

    /** {@code domain_print} over UDP. */
    private void domainPrint(int bp, int length) {
        protocol = "domain";
        if (Integer.compareUnsigned(length, 12) < 0) {
            printProtocolCaps();
            out.append(" [length ").append(u(length)).append(" < 12]");
            printInvalid();
            return;
        }
        tcheck(bp, 12);
        int flags = u16(bp + 2);
        int qdcount = u16(bp + 4);
        int ancount = u16(bp + 6);
        int nscount = u16(bp + 8);
        int arcount = u16(bp + 10);
        int rcode = flags & 0xF;
        int cp = bp + 12;
        scan:
        {
            for (int i = 0; i < qdcount; i++) {
                if ((cp = dnsSkipName(cp)) < 0) {
                    break scan;
                }
                cp += 4;
                if (cp >= snapend) {
                    break scan;
                }
            }
            for (int i = 0; i < ancount + nscount; i++) {
                if ((cp = dnsSkipName(cp)) < 0) {
                    break scan;
                }
                cp += 8;
                if (cp + 2 > snapend) {
                    break scan;
                }
                cp += 2 + u16(cp);
                if (cp >= snapend) {
                    break scan;
                }
            }
            for (int i = 0; i < arcount; i++) {
                if ((cp = dnsSkipName(cp)) < 0 || cp + 2 > snapend) {
                    break scan;
                }
                int type = u16(cp);
                cp += 4;
                if (cp + 1 > snapend) {
                    break scan;
                }
                if (type == 41) {
                    rcode |= u8(cp) << 4;
                    break scan;
                }
                cp += 4;
                if (cp + 2 > snapend) {
                    break scan;
                }
                cp += 2 + u16(cp);
                if (cp >= snapend) {
                    break scan;
                }
            }
        }
        int opcode = (flags >>> 11) & 0xF;
        cp = bp + 12;
        if ((flags & 0x8000) != 0) {
            out.append(u16(bp)).append(DNS_OPCODES[opcode])
                    .append(rcode < DNS_RCODES.length ? DNS_RCODES[rcode] : " Resp" + rcode)
                    .append((flags & 0x0400) != 0 ? "*" : "").append((flags & 0x0080) != 0 ? "" : "-")
                    .append((flags & 0x0200) != 0 ? "|" : "").append((flags & 0x0020) != 0 ? "$" : "");
            if (qdcount != 1) {
                out.append(" [").append(qdcount).append("q]");
            }
            for (int i = 0; i < qdcount; i++) {
                if (i != 0) {
                    out.append(',');
                }
                if (verbosity > 1) {
                    out.append(" q:");
                    if ((cp = dnsQuestion(cp, bp)) < 0) {
                        printTruncated();
                        return;
                    }
                } else {
                    if ((cp = dnsSkipName(cp)) < 0) {
                        printTruncated();
                        return;
                    }
                    cp += 4;
                }
            }
            out.append(' ').append(ancount).append('/').append(nscount).append('/').append(arcount);
            if (ancount > 0) {
                if ((cp = dnsRecord(cp, bp)) < 0) {
                    printTruncated();
                    return;
                }
                ancount--;
                while (cp < snapend && ancount > 0) {
                    out.append(',');
                    if ((cp = dnsRecord(cp, bp)) < 0) {
                        printTruncated();
                        return;
                    }
                    ancount--;
                }
            }
            if (ancount > 0) {
                printTruncated();
                return;
            }
            if (verbosity > 1 && (cp = dnsSection(cp, bp, nscount, " ns:")) < 0
                    || verbosity > 1 && (cp = dnsSection(cp, bp, arcount, " ar:")) < 0) {
                printTruncated();
                return;
            }
        } else {
            out.append(u16(bp)).append(DNS_OPCODES[opcode]).append((flags & 0x0100) != 0 ? "+" : "")
                    .append((flags & 0x0010) != 0 ? "%" : "");
            if ((flags & 0x6CF) != 0) {
                out.append(" [b2&3=0x").append(hex(flags)).append(']');
            }
            if (opcode == 1) {
                if (qdcount != 0) {
                    out.append(" [").append(qdcount).append("q]");
                }
                if (ancount != 1) {
                    out.append(" [").append(ancount).append("a]");
                }
            } else {
                if (ancount != 0) {
                    out.append(" [").append(ancount).append("a]");
                }
                if (qdcount != 1) {
                    out.append(" [").append(qdcount).append("q]");
                }
            }
            if (nscount != 0) {
                out.append(" [").append(nscount).append("n]");
            }
            if (arcount != 0) {
                out.append(" [").append(arcount).append("au]");
            }
            if (qdcount > 0) {
                if ((cp = dnsQuestion(cp, bp)) < 0) {
                    printTruncated();
                    return;
                }
                qdcount--;
                while (cp < snapend && qdcount > 0) {
                    if ((cp = dnsQuestion(cp, bp)) < 0) {
                        printTruncated();
                        return;
                    }
                    qdcount--;
                }
            }
            if (qdcount > 0) {
                printTruncated();
                return;
            }
            if (verbosity > 1 && ((cp = dnsSection(cp, bp, ancount, "")) < 0
                    || (cp = dnsSection(cp, bp, nscount, " ns:")) < 0
                    || (cp = dnsSection(cp, bp, arcount, " ar:")) < 0)) {
                printTruncated();
                return;
            }
        }
        out.append(" (").append(u(length)).append(')');
    }

    // ---------------------------------------------------------------- TCP

    private static String tcpOptionName(int option) {
        return switch (option) {
            case 0 -> "eol";
            case 1 -> "nop";
            case 2 -> "mss";
            case 3 -> "wscale";
            case 4 -> "sackOK";
            case 5 -> "sack";
            case 6 -> "echo";
            case 7 -> "echoreply";
            case 8 -> "TS";
            case 11 -> "cc";
            case 12 -> "ccnew";
            case 13 -> "";
            case 19 -> "md5";
            case 20 -> "scps";
            case 28 -> "uto";
            case 29 -> "tcp-ao";
            case 30 -> "mptcp";
            case 34 -> "tfo";
            case 254 -> "exp";
            default -> "unknown-" + option;
        };
    }

    private static String tcpFlags(int flags) {
        StringBuilder text = new StringBuilder();
        String[] names = {"F", "S", "R", "P", ".", "U", "E", "W"};
        for (int bit = 0; bit < 8; bit++) {
            if ((flags & (1 << bit)) != 0) {
                text.append(names[bit]);
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    /** Thrown inside option printing for tcpdump's {@code goto bad}. */
    private static final class BadOption extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadOption() {
            super(null, null, false, false);
        }
    }

    private static final BadOption BAD_OPTION = new BadOption();

    /** Thrown by the option length check for tcpdump's local {@code goto trunc}. */
    private static final class OptionTruncated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OptionTruncated() {
            super(null, null, false, false);
        }
    }

    private static final OptionTruncated OPTION_TRUNCATED = new OptionTruncated();

    /** {@code tcp_print}. */
    private void tcpPrint(int bp, int length, int iph, boolean fragmented) {
        protocol = "tcp";
        if (!ttest(bp + 2, 2)) {
            ipAddress(iph + 12);
            out.append(" > ");
            ipAddress(iph + 16);
            out.append(':');
            printTruncated();
            return;
        }
        int sport = u16(bp);
        int dport = u16(bp + 2);
        if (u8(iph + 9) == 6) {
            ipAddress(iph + 12);
            out.append('.').append(sport).append(" > ");
            ipAddress(iph + 16);
            out.append('.').append(dport).append(": ");
        } else {
            out.append(sport).append(" > ").append(dport).append(": ");
        }
        tcheck(bp, 20);
        int hlen = (u8(bp + 12) >>> 4) * 4;
        if (hlen < 20) {
            out.append(" tcp ").append(u(length - hlen)).append(" [bad hdr length ").append(hlen)
                    .append(" - too short, < 20]");
            return;
        }
        int seq = u32(bp + 4);
        int ack = u32(bp + 8);
        int win = u16(bp + 14);
        int urp = u16(bp + 18);
        int flags = u8(bp + 13);
        out.append("Flags [").append(tcpFlags(flags)).append(']');
        boolean reverse = false;
        int thseq = 0;
        int thack = 0;
        if ((flags & 0x10) != 0) {
            int src = u32(iph + 12);
            int dst = u32(iph + 16);
            if (sport > dport) {
                reverse = true;
            } else if (sport == dport && Integer.compareUnsigned(src, dst) > 0) {
                reverse = true;
            }
            Conversation key = reverse ? new Conversation(dst, src, (dport << 16) | sport)
                    : new Conversation(src, dst, (sport << 16) | dport);
            int[] state = tcpSequences.get(key);
            if (state == null || (flags & 0x02) != 0) {
                state = new int[2];
                if (reverse) {
                    state[1] = seq;
                    state[0] = ack - 1;
                } else {
                    state[0] = seq;
                    state[1] = ack - 1;
                }
                tcpSequences.put(key, state);
            } else if (reverse) {
                seq -= state[1];
                ack -= state[0];
            } else {
                seq -= state[0];
                ack -= state[1];
            }
            thseq = state[0];
            thack = state[1];
        }
        if (Integer.compareUnsigned(hlen, length) > 0) {
            out.append(" [bad hdr length ").append(hlen).append(" - too long, > ").append(u(length)).append(']');
            return;
        }
        if (verbosity > 0 && !fragmented && ttest(bp, length)) {
            long sum = pseudoHeader(iph, 6, length) + InternetChecksum.sum(buffer, bp, length);
            int computed = InternetChecksum.finish(sum);
            int tcpSum = u16(bp + 16);
            out.append(String.format(", cksum 0x%04x", tcpSum));
            if (computed != 0) {
                out.append(String.format(" (incorrect -> 0x%04x)", shouldBe(tcpSum, computed)));
            } else {
                out.append(" (correct)");
            }
        }
        length -= hlen;
        if (verbosity > 1 || length > 0 || (flags & 0x07) != 0) {
            out.append(", seq ").append(u(seq));
            if (length > 0) {
                out.append(':').append(u(seq + length));
            }
        }
        if ((flags & 0x10) != 0) {
            out.append(", ack ").append(u(ack));
        }
        out.append(", win ").append(win);
        if ((flags & 0x20) != 0) {
            out.append(", urg ").append(urp);
        }
        if (hlen > 20) {
            char separator = '\0';
            try {
                int optionBytes = hlen - 20;
                int cp = bp + 20;
                out.append(", options [");
                while (optionBytes > 0) {
                    if (separator != '\0') {
                        out.append(separator);
                    }
                    int option = u8(cp);
                    cp++;
                    int len;
                    if (option == 0 || option == 1) {
                        len = 1;
                    } else {
                        len = u8(cp);
                        cp++;
                        if (len < 2 || len > optionBytes) {
                            throw BAD_OPTION;
                        }
                        --optionBytes;
                    }
                    --optionBytes;
                    out.append(tcpOptionName(option));
                    int datalen = tcpOption(option, len, cp, optionBytes, bp, length, reverse, thseq, thack, flags);
                    cp += datalen;
                    optionBytes -= datalen;
                    int expected = datalen + 1 + (option == 0 || option == 1 ? 0 : 1);
                    if (expected != len) {
                        out.append("[len ").append(len).append(']');
                    }
                    separator = ',';
                    if (option == 0) {
                        break;
                    }
                }
                out.append(']');
            } catch (BadOption e) {
                out.append("[bad opt]");
                if (separator != '\0') {
                    out.append(']');
                }
                return;
            } catch (OptionTruncated e) {
                // tcpdump's local "trunc:" label (reached from LENCHECK, not from a GET_ macro) prints '>'.
                printTruncated();
                if (separator != '\0') {
                    out.append('>');
                }
                return;
            }
        }
        out.append(", length ").append(u(length));
        if (length == 0) {
            return;
        }
        if (!ttest(bp, hlen)) {
            out.append(" [remaining caplen(").append(bytesAfter(bp)).append(") < header length(").append(hlen)
                    .append(")]");
            throw TRUNCATED;
        }
        int payload = bp + hlen;
        if ((flags & 0x04) != 0 && verbosity > 0) {
            out.append(ttest(payload, length) ? " [RST" : " [!RST");
            int n = length;
            if (n > 30) {
                n = 30;
                out.append('+');
            }
            out.append(' ');
            for (int i = 0; i < n && payload + i < snapend; i++) {
                printChar(u8(payload + i));
            }
            out.append(']');
        }
    }

    /** One TCP option's value; returns how many data bytes it used. */
    private int tcpOption(int option, int len, int cp, int left, int tcp, int payloadLength, boolean reverse,
            int thseq, int thack, int flags) {
        int datalen = 0;
        switch (option) {
            case 2 -> {
                datalen = 2;
                lenCheck(cp, datalen, left);
                out.append(' ').append(u16(cp));
            }
            case 3 -> {
                datalen = 1;
                lenCheck(cp, datalen, left);
                out.append(' ').append(u8(cp));
            }
            case 5 -> {
                datalen = len - 2;
                if (datalen % 8 != 0) {
                    out.append(" invalid sack");
                } else {
                    out.append(' ').append(datalen / 8).append(' ');
                    for (int i = 0; i < datalen; i += 8) {
                        lenCheck(cp, i + 4, left);
                        int s = u32(cp + i);
                        lenCheck(cp, i + 8, left);
                        int e = u32(cp + i + 4);
                        if (reverse) {
                            s -= thseq;
                            e -= thseq;
                        } else {
                            s -= thack;
                            e -= thack;
                        }
                        out.append('{').append(u(s)).append(':').append(u(e)).append('}');
                    }
                }
            }
            case 11, 12, 13, 6, 7 -> {
                datalen = 4;
                lenCheck(cp, datalen, left);
                out.append(' ').append(u(u32(cp)));
            }
            case 8 -> {
                datalen = 8;
                lenCheck(cp, datalen, left);
                out.append(" val ").append(u(u32(cp))).append(" ecr ").append(u(u32(cp + 4)));
            }
            case 19 -> {
                datalen = 16;
                lenCheck(cp, datalen, left);
                out.append(' ');
                int data = tcp + (u8(tcp + 12) >>> 4) * 4;
                if (!ttest(data, payloadLength)) {
                    out.append("snaplen too short, ");
                } else {
                    out.append("shared secret not supplied with -M, ");
                }
                out.append("can't check - ");
                for (int i = 0; i < 16; i++) {
                    out.append(String.format("%02x", u8(cp + i)));
                }
            }
            case 20 -> {
                datalen = 2;
                lenCheck(cp, datalen, left);
                out.append(String.format(" cap %02x id %d", u8(cp), u8(cp + 1)));
            }
            case 29 -> {
                datalen = len - 2;
                if (datalen < 2) {
                    printInvalid();
                } else {
                    lenCheck(cp, 1, left);
                    out.append(" keyid ").append(u8(cp));
                    lenCheck(cp, 2, left);
                    out.append(" rnextkeyid ").append(u8(cp + 1));
                    if (datalen > 2) {
                        out.append(" mac 0x");
                        for (int i = 2; i < datalen; i++) {
                            lenCheck(cp, i + 1, left);
                            out.append(String.format("%02x", u8(cp + i)));
                        }
                    }
                }
            }
            case 0, 1, 4 -> {
            }
            case 28 -> {
                datalen = 2;
                lenCheck(cp, datalen, left);
                int uto = u16(cp);
                out.append(" 0x").append(hex(uto));
                uto = (uto & 1) != 0 ? (uto >>> 1) * 60 : uto >>> 1;
                out.append(' ').append(uto);
            }
            case 34 -> {
                datalen = len - 2;
                lenCheck(cp, datalen, left);
                out.append(' ');
                fastOpen(cp, datalen, false);
            }
            case 254 -> {
                datalen = len - 2;
                lenCheck(cp, datalen, left);
                if (datalen < 2) {
                    throw BAD_OPTION;
                }
                int magic = u16(cp);
                out.append('-');
                if (magic == 0xF989) {
                    fastOpen(cp + 2, datalen - 2, true);
                } else {
                    out.append(String.format("%04x", magic));
                }
            }
            default -> {
                // MPTCP (30) is printed as raw bytes too: its sub-option printer is not implemented.
                datalen = len - 2;
                if (datalen != 0) {
                    out.append(" 0x");
                }
                for (int i = 0; i < datalen; i++) {
                    lenCheck(cp, i + 1, left);
                    out.append(String.format("%02x", u8(cp + i)));
                }
            }
        }
        return datalen;
    }

    private void lenCheck(int cp, int length, int left) {
        if (length > left) {
            throw BAD_OPTION;
        }
        if (!ttest(cp, length)) {
            throw OPTION_TRUNCATED;
        }
    }

    private void fastOpen(int cp, int datalen, boolean experimental) {
        if (experimental) {
            out.append("tfo");
        }
        if (datalen == 0) {
            out.append(" cookiereq");
        } else if (datalen % 2 != 0 || datalen < 4 || datalen > 16) {
            printInvalid();
        } else {
            out.append(" cookie ");
            for (int i = 0; i < datalen; i++) {
                out.append(String.format("%02x", u8(cp + i)));
            }
        }
    }
}
