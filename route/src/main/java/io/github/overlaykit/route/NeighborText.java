package io.github.overlaykit.route;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.MacAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ip neigh show} ({@code print_neigh()}) and {@code bridge fdb show} ({@code print_fdb()})
 * text of iproute2 6.1.
 */
final class NeighborText {
    private NeighborText() {
    }

    private static final NeighborFlag[] NEIGH_FLAG_ORDER = {NeighborFlag.ROUTER, NeighborFlag.PROXY,
        NeighborFlag.EXTERN_LEARN, NeighborFlag.OFFLOAD};
    private static final NeighborFlag[] FDB_FLAG_ORDER = {NeighborFlag.SELF, NeighborFlag.ROUTER,
        NeighborFlag.EXTERN_LEARN, NeighborFlag.OFFLOAD, NeighborFlag.MASTER, NeighborFlag.STICKY};

    static String format(Neighbor n) {
        StringBuilder out = new StringBuilder(64);
        Ipv4Address.appendTo(n.address().bits(), out).append(' ');
        if (n.device() != null) {
            out.append("dev ").append(n.device()).append(' ');
        }
        if (n.linkLayerAddress() != null) {
            MacAddress.appendTo(n.linkLayerAddress().bits(), out.append("lladdr ")).append(' ');
        }
        for (NeighborFlag flag : NEIGH_FLAG_ORDER) {
            if (n.flags().contains(flag)) {
                out.append(flag.ipName()).append(' ');
            }
        }
        if (n.protocol() >= 0) {
            out.append("proto ").append(RouteProtocol.name(n.protocol())).append(' ');
        }
        for (NeighborState state : NeighborState.values()) {
            if (n.states().contains(state)) {
                out.append(state.name()).append(' ');
            }
        }
        return out.toString();
    }

    static List<Neighbor> parseNeighbors(CharSequence text, String source) {
        List<Neighbor> result = new ArrayList<>();
        List<String> lines = Tokens.lines(text);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                result.add(parseNeighbor(lines.get(i), source, i + 1));
            }
        }
        return result;
    }

    static Neighbor parseNeighbor(String line, String source, int lineNumber) {
        Tokens tokens = new Tokens(line, source, lineNumber);
        Ipv4Address address = tokens.convert(Ipv4Address::parse, tokens.next());
        String device = null;
        MacAddress lladdr = null;
        EnumSet<NeighborFlag> flags = EnumSet.noneOf(NeighborFlag.class);
        EnumSet<NeighborState> states = EnumSet.noneOf(NeighborState.class);
        int protocol = -1;
        while (tokens.hasNext()) {
            String word = tokens.next();
            switch (word) {
                case "dev":
                    device = tokens.value(word);
                    break;
                case "lladdr":
                    lladdr = tokens.convert(MacAddress::parse, tokens.value(word));
                    break;
                case "router":
                    flags.add(NeighborFlag.ROUTER);
                    break;
                case "proxy":
                    flags.add(NeighborFlag.PROXY);
                    break;
                case "extern_learn":
                    flags.add(NeighborFlag.EXTERN_LEARN);
                    break;
                case "offload":
                    flags.add(NeighborFlag.OFFLOAD);
                    break;
                case "proto":
                    protocol = tokens.convert(RouteProtocol::parse, tokens.value(word));
                    break;
                default:
                    NeighborState state = stateOf(word);
                    if (state == null) {
                        throw tokens.errorAtLast("unknown neighbour attribute \"" + word + "\"");
                    }
                    states.add(state);
            }
        }
        return new Neighbor(address, device, lladdr, states, flags, protocol);
    }

    private static NeighborState stateOf(String word) {
        for (NeighborState state : NeighborState.values()) {
            if (state.name().equals(word)) {
                return state;
            }
        }
        return null;
    }

    static String formatFdb(FdbEntry e) {
        StringBuilder out = new StringBuilder(64);
        MacAddress.appendTo(e.mac().bits(), out).append(' ');
        if (e.device() != null) {
            out.append("dev ").append(e.device()).append(' ');
        }
        if (e.destination() != null) {
            Ipv4Address.appendTo(e.destination().bits(), out.append("dst ")).append(' ');
        }
        if (e.vlan() != 0) {
            out.append("vlan ").append(e.vlan()).append(' ');
        }
        if (e.port() >= 0) {
            out.append("port ").append(e.port()).append(' ');
        }
        if (e.vni() >= 0) {
            out.append("vni ").append(e.vni()).append(' ');
        }
        if (e.sourceVni() >= 0) {
            out.append("src_vni ").append(e.sourceVni()).append(' ');
        }
        if (e.via() != null) {
            out.append("via ").append(e.via()).append(' ');
        }
        for (NeighborFlag flag : FDB_FLAG_ORDER) {
            if (e.flags().contains(flag)) {
                out.append(flag.ipName()).append(' ');
            }
        }
        if (e.master() != null) {
            out.append("master ").append(e.master()).append(' ');
        }
        out.append(fdbState(e.states()));
        return out.toString();
    }

    /** {@code state_n2a()} of bridge/fdb.c. */
    static String fdbState(Set<NeighborState> states) {
        if (states.contains(NeighborState.PERMANENT)) {
            return "permanent";
        }
        if (states.contains(NeighborState.NOARP)) {
            return "static";
        }
        if (states.contains(NeighborState.STALE)) {
            return "stale";
        }
        if (states.contains(NeighborState.REACHABLE)) {
            return "";
        }
        int bits = NeighborState.toBits(states);
        return bits == 0 ? "state=0" : "state=0x" + Integer.toHexString(bits);
    }

    static List<FdbEntry> parseFdbEntries(CharSequence text, String source) {
        List<FdbEntry> result = new ArrayList<>();
        List<String> lines = Tokens.lines(text);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                result.add(parseFdb(lines.get(i), source, i + 1));
            }
        }
        return result;
    }

    static FdbEntry parseFdb(String line, String source, int lineNumber) {
        Tokens tokens = new Tokens(line, source, lineNumber);
        MacAddress mac = tokens.convert(MacAddress::parse, tokens.next());
        String device = null;
        Ipv4Address dst = null;
        int vlan = 0;
        int port = -1;
        long vni = -1;
        long srcVni = -1;
        String via = null;
        String master = null;
        EnumSet<NeighborFlag> flags = EnumSet.noneOf(NeighborFlag.class);
        Set<NeighborState> states = Set.of(NeighborState.REACHABLE);
        boolean sawState = false;
        while (tokens.hasNext()) {
            String word = tokens.next();
            if (sawState) {
                throw tokens.errorAtLast("unexpected word after the state");
            }
            switch (word) {
                case "dev":
                    device = tokens.value(word);
                    break;
                case "dst":
                    dst = tokens.convert(Ipv4Address::parse, tokens.value(word));
                    break;
                case "vlan":
                    vlan = tokens.convert(v -> Names.parseNumber(v, 4095, "vlan"), tokens.value(word));
                    break;
                case "port":
                    port = tokens.convert(v -> Names.parseNumber(v, 65535, "port"), tokens.value(word));
                    break;
                case "vni":
                    vni = tokens.convert(v -> Names.parseUnsigned(v, 0xFFFF_FFFFL, "vni"), tokens.value(word));
                    break;
                case "src_vni":
                    srcVni = tokens.convert(v -> Names.parseUnsigned(v, 0xFFFF_FFFFL, "src_vni"), tokens.value(word));
                    break;
                case "via":
                    via = tokens.value(word);
                    break;
                case "self":
                    flags.add(NeighborFlag.SELF);
                    break;
                case "router":
                    flags.add(NeighborFlag.ROUTER);
                    break;
                case "extern_learn":
                    flags.add(NeighborFlag.EXTERN_LEARN);
                    break;
                case "offload":
                    flags.add(NeighborFlag.OFFLOAD);
                    break;
                case "sticky":
                    flags.add(NeighborFlag.STICKY);
                    break;
                case "master":
                    // "master" alone is the NTF_MASTER flag; "master br0" names the bridge (NDA_MASTER)
                    String after = tokens.peek();
                    if (after == null || isFdbKeyword(after)) {  // a keyword is never read as the bridge's name
                        flags.add(NeighborFlag.MASTER);
                    } else {
                        master = tokens.value(word);
                    }
                    break;
                case "permanent":
                    states = Set.of(NeighborState.PERMANENT);
                    sawState = true;
                    break;
                case "static":
                    states = Set.of(NeighborState.NOARP);
                    sawState = true;
                    break;
                case "stale":
                    states = Set.of(NeighborState.STALE);
                    sawState = true;
                    break;
                default:
                    if (word.startsWith("state=")) {
                        int bits = tokens.convert(v -> (int) Names.parseUnsigned(v.substring(6), 0xFF, "state"), word);
                        states = NeighborState.ofBits(bits);
                        sawState = true;
                        break;
                    }
                    throw tokens.errorAtLast("unknown fdb attribute \"" + word + "\"");
            }
        }
        return new FdbEntry(mac, device, dst, vlan, port, vni, srcVni, via, master, flags, states);
    }

    /** Words of {@code bridge fdb show}'s syntax: after {@code master} they mean the flag, not a device. */
    private static boolean isFdbKeyword(String word) {
        switch (word) {
            case "dev": case "dst": case "vlan": case "port": case "vni": case "src_vni": case "via": case "self":
            case "router": case "extern_learn": case "offload": case "sticky": case "master":
                return true;
            default:
                return isFdbStateWord(word);
        }
    }

    private static boolean isFdbStateWord(String word) {
        return "permanent".equals(word) || "static".equals(word) || "stale".equals(word) || word.startsWith("state=");
    }
}
