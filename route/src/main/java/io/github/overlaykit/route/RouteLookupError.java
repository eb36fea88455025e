package io.github.overlaykit.route;

/**
 * Why a route lookup failed, as the kernel's errno and as iproute2 prints it
 * ({@code RTNETLINK answers: <message>}).
 */
public enum RouteLookupError {
    /** {@code ENETUNREACH}: no route matched (or only {@code throw} routes). */
    NETWORK_UNREACHABLE("ENETUNREACH", 101, "Network is unreachable"),
    /** {@code EHOSTUNREACH}: an {@code unreachable} route matched. */
    NO_ROUTE_TO_HOST("EHOSTUNREACH", 113, "No route to host"),
    /** {@code EINVAL}: a {@code blackhole} route or rule matched. */
    INVALID_ARGUMENT("EINVAL", 22, "Invalid argument"),
    /** {@code EACCES}: a {@code prohibit} route or rule matched. */
    PERMISSION_DENIED("EACCES", 13, "Permission denied");

    private final String errnoName;
    private final int errno;
    private final String message;

    RouteLookupError(String errnoName, int errno, String message) {
        this.errnoName = errnoName;
        this.errno = errno;
        this.message = message;
    }

    /**
     * Returns the errno symbol.
     *
     * @return e.g. {@code "ENETUNREACH"}
     */
    public String errnoName() {
        return errnoName;
    }

    /**
     * Returns the Linux errno value.
     *
     * @return e.g. 101
     */
    public int errno() {
        return errno;
    }

    /**
     * Returns {@code strerror} of the errno.
     *
     * @return e.g. {@code "Network is unreachable"}
     */
    public String message() {
        return message;
    }

    /**
     * Returns the line iproute2 prints on standard error.
     *
     * @return e.g. {@code "RTNETLINK answers: Network is unreachable"}
     */
    public String ipText() {
        return "RTNETLINK answers: " + message;
    }
}
