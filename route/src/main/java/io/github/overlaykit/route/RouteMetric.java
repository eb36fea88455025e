package io.github.overlaykit.route;

/**
 * One route metric ({@code RTA_METRICS} / {@code RTAX_*}) such as {@code mtu 1400} or
 * {@code mtu lock 1300}.
 *
 * <p>Times ({@link Kind#RTT}, {@link Kind#RTTVAR}, {@link Kind#RTO_MIN}) are kept in milliseconds as
 * {@code ip} shows them; the kernel stores rtt in 1/8 ms and rttvar in 1/4 ms units.
 *
 * @param kind   which metric
 * @param value  the value (milliseconds for times)
 * @param locked true when written with {@code lock} (the kernel will not update it from PMTU/TCP)
 */
public record RouteMetric(Kind kind, long value, boolean locked) {

    /**
     * Validates.
     *
     * @param kind   the metric
     * @param value  0..2^32-1
     * @param locked lock flag
     */
    public RouteMetric {
        if (kind == null) {
            throw new IllegalArgumentException("metric kind is null");
        }
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(kind.ipName() + " " + value + " is outside 0..4294967295");
        }
    }

    /** The metrics {@code ip route} knows, in the kernel's {@code RTAX_*} order (the print order). */
    public enum Kind {
        /** {@code RTAX_MTU} (2). */
        MTU(2, "mtu"),
        /** {@code RTAX_WINDOW} (3). */
        WINDOW(3, "window"),
        /** {@code RTAX_RTT} (4), milliseconds. */
        RTT(4, "rtt"),
        /** {@code RTAX_RTTVAR} (5), milliseconds. */
        RTTVAR(5, "rttvar"),
        /** {@code RTAX_SSTHRESH} (6). */
        SSTHRESH(6, "ssthresh"),
        /** {@code RTAX_CWND} (7). */
        CWND(7, "cwnd"),
        /** {@code RTAX_ADVMSS} (8). */
        ADVMSS(8, "advmss"),
        /** {@code RTAX_REORDERING} (9). */
        REORDERING(9, "reordering"),
        /** {@code RTAX_HOPLIMIT} (10). */
        HOPLIMIT(10, "hoplimit"),
        /** {@code RTAX_INITCWND} (11). */
        INITCWND(11, "initcwnd"),
        /** {@code RTAX_RTO_MIN} (13), milliseconds. */
        RTO_MIN(13, "rto_min"),
        /** {@code RTAX_INITRWND} (14). */
        INITRWND(14, "initrwnd"),
        /** {@code RTAX_QUICKACK} (15). */
        QUICKACK(15, "quickack"),
        /** {@code RTAX_FASTOPEN_NO_COOKIE} (17). */
        FASTOPEN_NO_COOKIE(17, "fastopen_no_cookie");

        private final int number;
        private final String ipName;

        Kind(int number, String ipName) {
            this.number = number;
            this.ipName = ipName;
        }

        /**
         * Returns the kernel's {@code RTAX_*} number.
         *
         * @return e.g. 2 for mtu
         */
        public int number() {
            return number;
        }

        /**
         * Returns the keyword {@code ip} uses.
         *
         * @return e.g. {@code "mtu"}
         */
        public String ipName() {
            return ipName;
        }

        /**
         * Tells whether the value is a time printed with a unit.
         *
         * @return true for rtt, rttvar, rto_min
         */
        public boolean isTime() {
            return this == RTT || this == RTTVAR || this == RTO_MIN;
        }

        /**
         * Returns the metric {@code ip} names so, or null.
         *
         * @param name e.g. {@code "advmss"}
         * @return the kind or null
         */
        public static Kind ofIpName(String name) {
            for (Kind kind : values()) {
                if (kind.ipName.equals(name)) {
                    return kind;
                }
            }
            return null;
        }
    }
}
