package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import java.util.ArrayList;
import java.util.List;

/** Reads what a route decision needs from {@code ip [-d] link show}: index, name, flags, mtu, MAC, vxlan. */
final class LinkText {
    private LinkText() {
    }

    static List<Link> parseLinks(CharSequence text, String source) {
        List<Link> links = new ArrayList<>();
        List<String> lines = Tokens.lines(text);
        int index = -1;
        String name = null;
        boolean up = false;
        boolean lowerUp = false;
        int mtu = 0;
        MacAddress mac = null;
        Link.Vxlan vxlan = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            Tokens tokens = new Tokens(line, source, n + 1);
            if (!Character.isWhitespace(line.charAt(0))) {
                if (name != null) {
                    links.add(new Link(index, name, up, lowerUp, mtu, mac, vxlan));
                }
                String first = tokens.next();
                if (!first.endsWith(":")) {
                    throw tokens.errorAtLast("a link starts with \"INDEX:\"");
                }
                index = tokens.convert(t -> Names.parseNumber(t.substring(0, t.length() - 1), Integer.MAX_VALUE, "ifindex"),
                        first);
                String nameWord = tokens.next();
                if (!nameWord.endsWith(":")) {
                    throw tokens.errorAtLast("the link name ends with \":\"");
                }
                name = nameWord.substring(0, nameWord.length() - 1);
                int at = name.indexOf('@');
                if (at > 0) {
                    name = name.substring(0, at);
                }
                if (name.isEmpty()) {
                    throw tokens.errorAtLast("the link name is empty");
                }
                String flags = tokens.next();
                if (!flags.startsWith("<") || !flags.endsWith(">")) {
                    throw tokens.errorAtLast("link flags are written <…>");
                }
                up = false;
                lowerUp = false;
                for (String flag : flags.substring(1, flags.length() - 1).split(",")) {
                    up |= flag.equals("UP");
                    lowerUp |= flag.equals("LOWER_UP");
                }
                mtu = 0;
                mac = null;
                vxlan = null;
                while (tokens.hasNext()) {
                    if ("mtu".equals(tokens.next())) {
                        mtu = tokens.convert(t -> Names.parseNumber(t, Integer.MAX_VALUE, "mtu"), tokens.value("mtu"));
                    }
                }
                continue;
            }
            if (name == null) {
                throw tokens.error(1, "detail line before any link");
            }
            String word = tokens.next();
            if (word.equals("link/ether")) {
                mac = tokens.convert(MacAddress::parse, tokens.value(word));
            } else if (word.equals("vxlan")) {
                vxlan = parseVxlan(tokens);
            }
        }
        if (name != null) {
            links.add(new Link(index, name, up, lowerUp, mtu, mac, vxlan));
        }
        return links;
    }

    private static Link.Vxlan parseVxlan(Tokens tokens) {
        int vni = -1;
        Ipv4Address local = null;
        int port = 8472;
        String device = null;
        boolean learning = true;
        while (tokens.hasNext()) {
            String word = tokens.next();
            switch (word) {
                case "id":
                    vni = tokens.convert(t -> Names.parseNumber(t, 0xFF_FFFF, "vni"), tokens.value(word));
                    break;
                case "local":
                    String address = tokens.value(word);
                    if (address.indexOf(':') < 0) {
                        local = tokens.convert(Ipv4Address::parse, address);
                    }
                    break;
                case "dev":
                    device = tokens.value(word);
                    break;
                case "dstport":
                    port = tokens.convert(t -> Names.parseNumber(t, 65535, "dstport"), tokens.value(word));
                    break;
                case "nolearning":
                    learning = false;
                    break;
                default:
                    break;
            }
        }
        if (vni < 0) {
            throw tokens.error(1, "vxlan without id");
        }
        return new Link.Vxlan(vni, local, port, device, learning);
    }
}
