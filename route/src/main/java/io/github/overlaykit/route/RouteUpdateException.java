package io.github.overlaykit.route;

/**
 * A route change the kernel would refuse, with its errno and the text iproute2 prints
 * ({@code RTNETLINK answers: File exists}, {@code Error: Nexthop has invalid gateway.}).
 */
public final class RouteUpdateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String errnoName;
    private final String ipText;

    /**
     * Makes the exception.
     *
     * @param errnoName e.g. {@code "EEXIST"}
     * @param ipText    the line iproute2 prints
     */
    public RouteUpdateException(String errnoName, String ipText) {
        super(ipText);
        this.errnoName = errnoName;
        this.ipText = ipText;
    }

    /**
     * Returns the errno symbol.
     *
     * @return e.g. {@code "ESRCH"}
     */
    public String errnoName() {
        return errnoName;
    }

    /**
     * Returns what iproute2 prints on standard error.
     *
     * @return the line
     */
    public String ipText() {
        return ipText;
    }

    static RouteUpdateException exists() {
        return new RouteUpdateException("EEXIST", "RTNETLINK answers: File exists");
    }

    static RouteUpdateException noSuchProcess() {
        return new RouteUpdateException("ESRCH", "RTNETLINK answers: No such process");
    }

    static RouteUpdateException noEntry() {
        return new RouteUpdateException("ENOENT", "RTNETLINK answers: No such file or directory");
    }

    static RouteUpdateException invalidGateway() {
        return new RouteUpdateException("EINVAL", "Error: Nexthop has invalid gateway.");
    }

    static RouteUpdateException invalid(String message) {
        return new RouteUpdateException("EINVAL", "Error: " + message);
    }
}
