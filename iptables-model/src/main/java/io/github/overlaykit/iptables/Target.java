package io.github.overlaykit.iptables;

import io.github.overlaykit.codec.Ipv4Address;
import java.util.List;
import java.util.Objects;

/**
 * The {@code -j TARGET …} (or {@code -g CHAIN}) of a rule, typed for the standard verdicts, jumps and
 * the targets kube-proxy and common firewalls use; {@link Opaque} keeps any other verbatim. Each prints
 * its options exactly as iptables-save 1.8.9 does ({@code MARK} always as {@code --set-xmark}).
 */
public interface Target {

    /**
     * Returns the name printed after {@code -j}.
     *
     * @return e.g. {@code "DNAT"} or a chain name
     */
    String name();

    /**
     * Appends the options as iptables-save prints them, each preceded by one space.
     *
     * @param out where to append
     */
    void appendOptions(StringBuilder out);

    private static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }

    /**
     * A built-in verdict: {@code ACCEPT}, {@code DROP}, {@code RETURN} or {@code QUEUE}.
     *
     * @param name the verdict
     */
    record Verdict(String name) implements Target {
        /** {@code -j ACCEPT}. */
        public static final Verdict ACCEPT = new Verdict("ACCEPT");
        /** {@code -j DROP}. */
        public static final Verdict DROP = new Verdict("DROP");
        /** {@code -j RETURN}. */
        public static final Verdict RETURN = new Verdict("RETURN");

        @Override
        public void appendOptions(StringBuilder out) {
        }
    }

    /**
     * A jump ({@code -j CHAIN}) or, when the rule says so, a goto ({@code -g CHAIN}) to a user chain.
     *
     * @param chain the user chain
     */
    record Jump(String chain) implements Target {
        /**
         * Checks the name.
         *
         * @param chain the user chain
         */
        public Jump {
            Objects.requireNonNull(chain, "chain");
        }

        @Override
        public String name() {
            return chain;
        }

        @Override
        public void appendOptions(StringBuilder out) {
        }
    }

    /**
     * {@code -j REJECT --reject-with TYPE}; the kernel's verdict is DROP plus an ICMP error or TCP reset.
     *
     * @param with the canonical type, e.g. {@code icmp-port-unreachable} (the default) or {@code tcp-reset}
     */
    record Reject(String with) implements Target {
        /** Canonical names; index i of {@link #ALIASES} is the short alias of the same type. */
        static final String[] TYPES = {"icmp-net-unreachable", "icmp-host-unreachable", "icmp-proto-unreachable",
            "icmp-port-unreachable", "icmp-net-prohibited", "icmp-host-prohibited", "tcp-reset",
            "icmp-admin-prohibited"};
        /** Short aliases accepted on input. */
        static final String[] ALIASES = {"net-unreach", "host-unreach", "proto-unreach", "port-unreach",
            "net-prohib", "host-prohib", "tcp-rst", "admin-prohib"};

        @Override
        public String name() {
            return "REJECT";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(" --reject-with ").append(with);
        }
    }

    /**
     * An address and port range of a NAT target, {@code [ip[-ip]][:port[-port][/base]]}.
     *
     * @param firstAddress first address (meaningful when {@code hasAddress})
     * @param lastAddress  last address
     * @param hasAddress   whether an address was given ({@code :8080} keeps the address)
     * @param ports        the port range or null (keep the port)
     * @param portBase     the {@code /base} of a port shift, -1 if absent
     */
    record NatRange(int firstAddress, int lastAddress, boolean hasAddress, PortRange ports, int portBase) {
        /**
         * Makes a single address and optional port, as kube-proxy writes {@code 10.244.1.8:9000}.
         *
         * @param address the address
         * @param port    the port, or -1 to keep the packet's port
         * @return the range
         */
        public static NatRange of(Ipv4Address address, int port) {
            return new NatRange(address.bits(), address.bits(), true, port < 0 ? null : PortRange.of(port), -1);
        }

        /**
         * Returns the text as iptables-save prints it.
         *
         * @return e.g. {@code 10.0.0.1-10.0.0.5:8000-8010}
         */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            if (hasAddress) {
                Ipv4Address.appendTo(firstAddress, out);
                if (lastAddress != firstAddress) {
                    Ipv4Address.appendTo(lastAddress, out.append('-'));
                }
            }
            if (ports != null) {
                out.append(':').append(ports.format('-'));
                if (portBase >= 0) {
                    out.append('/').append(portBase);
                }
            }
            return out.toString();
        }
    }

    /**
     * {@code -j DNAT --to-destination RANGE [--random] [--persistent]} (nat PREROUTING/OUTPUT only).
     *
     * @param range      where to send the connection
     * @param random     {@code --random}
     * @param persistent {@code --persistent}
     */
    record Dnat(NatRange range, boolean random, boolean persistent) implements Target {
        @Override
        public String name() {
            return "DNAT";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(" --to-destination ").append(range);
            out.append(random ? " --random" : "").append(persistent ? " --persistent" : "");
        }
    }

    /**
     * {@code -j SNAT --to-source RANGE [--random] [--random-fully] [--persistent]}.
     *
     * @param range        the new source
     * @param random       {@code --random}
     * @param randomFully  {@code --random-fully}
     * @param persistent   {@code --persistent}
     */
    record Snat(NatRange range, boolean random, boolean randomFully, boolean persistent) implements Target {
        @Override
        public String name() {
            return "SNAT";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(" --to-source ").append(range);
            out.append(random ? " --random" : "").append(randomFully ? " --random-fully" : "")
                .append(persistent ? " --persistent" : "");
        }
    }

    /**
     * {@code -j MASQUERADE [--to-ports P[-P]] [--random] [--random-fully]}: SNAT to the outgoing
     * interface's address.
     *
     * @param ports       {@code --to-ports} or null
     * @param random      {@code --random}
     * @param randomFully {@code --random-fully}
     */
    record Masquerade(PortRange ports, boolean random, boolean randomFully) implements Target {
        @Override
        public String name() {
            return "MASQUERADE";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            if (ports != null) {
                out.append(" --to-ports ").append(ports.format('-'));
            }
            out.append(random ? " --random" : "").append(randomFully ? " --random-fully" : "");
        }
    }

    /**
     * {@code -j REDIRECT [--to-ports P[-P]] [--random]}: DNAT to the incoming interface's address.
     *
     * @param ports  {@code --to-ports} or null
     * @param random {@code --random}
     */
    record Redirect(PortRange ports, boolean random) implements Target {
        @Override
        public String name() {
            return "REDIRECT";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            if (ports != null) {
                out.append(" --to-ports ").append(ports.format('-'));
            }
            out.append(random ? " --random" : "");
        }
    }

    /**
     * {@code -j MARK --set-xmark VALUE/MASK}: {@code mark = (mark & ~mask) ^ value}. Every input form
     * ({@code --set-mark}, {@code --or-mark}, {@code --and-mark}, {@code --xor-mark}) becomes this one.
     *
     * @param value the value XORed in
     * @param mask  the bits cleared first
     */
    record Mark(int value, int mask) implements Target {
        /**
         * {@code --or-mark BITS}, as kube-proxy's {@code KUBE-MARK-MASQ} uses.
         *
         * @param bits the bits to set
         * @return {@code --set-xmark bits/bits}
         */
        public static Mark or(int bits) {
            return new Mark(bits, bits);
        }

        /**
         * Applies the target to a mark.
         *
         * @param mark the packet mark
         * @return the new mark
         */
        public int apply(int mark) {
            return (mark & ~mask) ^ value;
        }

        @Override
        public String name() {
            return "MARK";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            out.append(" --set-xmark ").append(hex(value)).append('/').append(hex(mask));
        }
    }

    /**
     * {@code -j CONNMARK}: {@code --set-xmark V/M} on the connection mark, or {@code --save-mark} /
     * {@code --restore-mark} between packet and connection mark with {@code --nfmask}/{@code --ctmask}.
     *
     * @param mode   {@code "set-xmark"}, {@code "save-mark"} or {@code "restore-mark"}
     * @param value  the value for set-xmark
     * @param mask   the mask for set-xmark
     * @param nfmask the packet-mark mask for save/restore
     * @param ctmask the connection-mark mask for save/restore
     */
    record Connmark(String mode, int value, int mask, int nfmask, int ctmask) implements Target {
        @Override
        public String name() {
            return "CONNMARK";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            if (mode.equals("set-xmark")) {
                out.append(" --set-xmark ").append(hex(value)).append('/').append(hex(mask));
            } else {
                out.append(" --").append(mode).append(" --nfmask ").append(hex(nfmask))
                    .append(" --ctmask ").append(hex(ctmask));
            }
        }
    }

    /**
     * {@code -j LOG}: logs and continues.
     *
     * @param prefix {@code --log-prefix}, empty if absent
     * @param level  syslog level, 4 (warning) by default and then not printed
     * @param flags  bit 0 tcp-sequence, 1 tcp-options, 2 ip-options, 3 uid, 5 macdecode (kernel bits)
     */
    record Log(String prefix, int level, int flags) implements Target {
        /** Flag options by kernel bit (index = bit). */
        static final String[] FLAG_OPTIONS = {"log-tcp-sequence", "log-tcp-options", "log-ip-options", "log-uid",
            null, "log-macdecode"};

        @Override
        public String name() {
            return "LOG";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            if (!prefix.isEmpty()) {
                out.append(" --log-prefix ");
                Tokens.appendQuoted(out, prefix);
            }
            if (level != 4) {
                out.append(" --log-level ").append(level);
            }
            for (int i = 0; i < FLAG_OPTIONS.length; i++) {
                if (FLAG_OPTIONS[i] != null && (flags & (1 << i)) != 0) {
                    out.append(" --").append(FLAG_OPTIONS[i]);
                }
            }
        }
    }

    /**
     * {@code -j NFLOG}: sends the packet to a netlink log group and continues.
     *
     * @param prefix    {@code --nflog-prefix}, empty if absent
     * @param group     {@code --nflog-group}, 0 by default
     * @param size      {@code --nflog-size}, -1 if absent
     * @param threshold {@code --nflog-threshold}, 1 by default
     */
    record Nflog(String prefix, int group, int size, int threshold) implements Target {
        @Override
        public String name() {
            return "NFLOG";
        }

        @Override
        public void appendOptions(StringBuilder out) {
            if (!prefix.isEmpty()) {
                out.append(" --nflog-prefix ");
                Tokens.appendQuoted(out, prefix);
            }
            if (group != 0) {
                out.append(" --nflog-group ").append(group);
            }
            if (size >= 0) {
                out.append(" --nflog-size ").append(size);
            }
            if (threshold != 1) {
                out.append(" --nflog-threshold ").append(threshold);
            }
        }
    }

    /**
     * A target without options: {@code TRACE} or {@code NOTRACK}.
     *
     * @param name the target
     */
    record Plain(String name) implements Target {
        @Override
        public void appendOptions(StringBuilder out) {
        }
    }

    /**
     * Any other target (also {@code CT}), kept as written and printed back unchanged.
     *
     * @param name      the target name
     * @param arguments the words after {@code -j NAME}, unquoted
     */
    record Opaque(String name, List<String> arguments) implements Target {
        /**
         * Copies the list.
         *
         * @param name      the target
         * @param arguments the words
         */
        public Opaque {
            arguments = List.copyOf(arguments);
        }

        @Override
        public void appendOptions(StringBuilder out) {
            for (String argument : arguments) {
                out.append(' ');
                Tokens.appendRestoreWord(out, argument);
            }
        }
    }
}
