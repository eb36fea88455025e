package io.github.overlaykit.netlink;

/**
 * What a route dump asks the kernel to return; under strict checking the kernel filters and marks
 * its replies {@code NLM_F_DUMP_FILTERED}, and the client filters again itself for kernels that did
 * not (so the answer is the same either way).
 *
 * @param table    the table id, or -1 for all tables ({@code ip route show table all})
 * @param protocol the protocol ({@code RTPROT_*}), or -1 for any
 * @param type     the route type ({@code RTN_*}), or -1 for any
 * @param device   the output device name, or null for any
 */
public record RouteFilter(int table, int protocol, int type, String device) {

    /** Every route of every table. */
    public static final RouteFilter ALL = new RouteFilter(-1, -1, -1, null);

    /**
     * Validates.
     *
     * @param table    -1 or a table id
     * @param protocol -1 or 0..255
     * @param type     -1 or 0..255
     * @param device   null or a name
     */
    public RouteFilter {
        if (protocol < -1 || protocol > 255 || type < -1 || type > 255) {
            throw new IllegalArgumentException("protocol and type must be -1 or 0..255");
        }
    }

    /**
     * The routes of one table ({@code ip route show table N}).
     *
     * @param table the table id, e.g. 254 for main
     * @return the filter
     */
    public static RouteFilter table(int table) {
        return new RouteFilter(table, -1, -1, null);
    }

    /**
     * Narrows to one output device.
     *
     * @param name the device
     * @return a copy
     */
    public RouteFilter withDevice(String name) {
        return new RouteFilter(table, protocol, type, name);
    }

    /**
     * Narrows to one protocol.
     *
     * @param value {@code RTPROT_*}
     * @return a copy
     */
    public RouteFilter withProtocol(int value) {
        return new RouteFilter(table, value, type, device);
    }

    /**
     * Narrows to one route type.
     *
     * @param value {@code RTN_*}
     * @return a copy
     */
    public RouteFilter withType(int value) {
        return new RouteFilter(table, protocol, value, device);
    }
}
