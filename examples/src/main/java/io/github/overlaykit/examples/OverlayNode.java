package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.Ipv4Prefix;
import io.github.overlaykit.codec.MacAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of the overlay as flannel's lease holds it: the node's pod subnet, the address its peers
 * send VXLAN packets to, and the MAC of its VTEP device.
 *
 * <p>The node file has one node per line, {@code NAME POD_CIDR PUBLIC_IP VTEP_MAC}, separated by
 * blanks; {@code #} starts a comment. {@link #parseAll(String, String)} rejects anything else with a
 * {@link NodeListException} that names file, line and column.
 *
 * @param name     the node name, unique in the list
 * @param podCidr  the node's pod subnet (flannel's lease), e.g. {@code 10.244.1.0/24}
 * @param publicIp the address peers send encapsulated traffic to (flannel's {@code --public-ip})
 * @param vtepMac  the MAC of the node's vxlan device (flannel's {@code VtepMAC})
 */
record OverlayNode(String name, Ipv4Prefix podCidr, Ipv4Address publicIp, MacAddress vtepMac) {

    /**
     * Returns the address of the node's VTEP: the network address of its pod subnet, as flannel assigns
     * to {@code flannel.1} ({@code 10.244.1.0} for {@code 10.244.1.0/24}).
     *
     * @return the VTEP address
     */
    Ipv4Address vtepAddress() {
        return podCidr.network();
    }

    /** Thrown for a bad node file: the message starts with {@code file:line:column:}. */
    static final class NodeListException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String source;
        private final int line;
        private final int column;

        NodeListException(String source, int line, int column, String detail) {
            super(source + ":" + line + ":" + column + ": " + detail);
            this.source = source;
            this.line = line;
            this.column = column;
        }

        String source() {
            return source;
        }

        int line() {
            return line;
        }

        int column() {
            return column;
        }
    }

    /**
     * Parses a node file.
     *
     * @param text   the file's text
     * @param source the file name for error messages
     * @return the nodes in file order
     * @throws NodeListException for a malformed line, or a name, pod subnet or MAC used twice
     */
    static List<OverlayNode> parseAll(String text, String source) {
        List<OverlayNode> nodes = new ArrayList<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        Map<MacAddress, Integer> nodeOfMac = new HashMap<>();
        List<Integer> lineOfNode = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int hash = line.indexOf('#');
            String content = hash >= 0 ? line.substring(0, hash) : line;
            List<int[]> words = words(content);
            if (words.isEmpty()) {
                continue;
            }
            if (words.size() != 4) {
                int column = words.size() > 4 ? words.get(4)[0] + 1 : content.stripTrailing().length() + 1;
                throw new NodeListException(source, lineNumber, column, "expected NAME POD_CIDR PUBLIC_IP VTEP_MAC, found "
                        + words.size() + " field" + (words.size() == 1 ? "" : "s"));
            }
            String name = word(content, words.get(0));
            Ipv4Prefix cidr = podCidr(content, words.get(1), source, lineNumber);
            Ipv4Address publicIp = publicIp(content, words.get(2), source, lineNumber);
            MacAddress mac = vtepMac(content, words.get(3), source, lineNumber);
            OverlayNode node = new OverlayNode(name, cidr, publicIp, mac);
            Integer earlier = lineOfName.putIfAbsent(name, lineNumber);
            if (earlier != null) {
                throw new NodeListException(source, lineNumber, 1, "node " + name + " is already listed on line " + earlier);
            }
            Integer owner = nodeOfMac.putIfAbsent(mac, nodes.size());
            if (owner != null) {
                throw new NodeListException(source, lineNumber, words.get(3)[0] + 1, "VTEP MAC " + mac + " is already node "
                        + nodes.get(owner).name() + "'s (line " + lineOfNode.get(owner) + ")");
            }
            for (int n = 0; n < nodes.size(); n++) {
                OverlayNode other = nodes.get(n);
                if (other.podCidr().contains(cidr) || cidr.contains(other.podCidr())) {
                    throw new NodeListException(source, lineNumber, words.get(1)[0] + 1, "pod CIDR " + cidr + " overlaps node "
                            + other.name() + "'s " + other.podCidr() + " (line " + lineOfNode.get(n) + ")");
                }
            }
            nodes.add(node);
            lineOfNode.add(lineNumber);
        }
        return nodes;
    }

    private static Ipv4Prefix podCidr(String line, int[] word, String source, int lineNumber) {
        String text = word(line, word);
        if (text.indexOf('/') < 0) {
            throw new NodeListException(source, lineNumber, word[0] + 1, "pod CIDR \"" + text + "\" needs a /length");
        }
        Ipv4Prefix cidr;
        try {
            cidr = Ipv4Prefix.parseLenient(text);
        } catch (IllegalArgumentException e) {
            throw new NodeListException(source, lineNumber, word[0] + 1, "pod CIDR \"" + text + "\" is not an IPv4 prefix");
        }
        if (safeStrict(text) == null) {
            throw new NodeListException(source, lineNumber, word[0] + 1, "pod CIDR \"" + text + "\" has host bits set (the subnet is "
                    + cidr + ")");
        }
        if (cidr.length() == 0 || cidr.length() == 32) {
            throw new NodeListException(source, lineNumber, word[0] + 1, "pod CIDR " + cidr + " must be between /1 and /31");
        }
        return cidr;
    }

    private static Ipv4Prefix safeStrict(String text) {
        try {
            return Ipv4Prefix.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Ipv4Address publicIp(String line, int[] word, String source, int lineNumber) {
        String text = word(line, word);
        try {
            return Ipv4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new NodeListException(source, lineNumber, word[0] + 1, "public IP \"" + text + "\" is not an IPv4 address");
        }
    }

    private static MacAddress vtepMac(String line, int[] word, String source, int lineNumber) {
        String text = word(line, word);
        MacAddress mac;
        try {
            mac = MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new NodeListException(source, lineNumber, word[0] + 1, "VTEP MAC \"" + text + "\" is not a MAC address");
        }
        if (mac.isMulticast() || mac.equals(MacAddress.ZERO)) {
            throw new NodeListException(source, lineNumber, word[0] + 1, "VTEP MAC " + mac + " must be a unicast, non-zero address");
        }
        return mac;
    }

    /** The [start, end) ranges of the blank-separated words of {@code line}. */
    private static List<int[]> words(String line) {
        List<int[]> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            if (i > start) {
                words.add(new int[] {start, i});
            }
        }
        return words;
    }

    private static String word(String line, int[] range) {
        return line.substring(range[0], range[1]);
    }
}
