package io.github.overlaykit.netlink;

/**
 * A netlink operation failed: the kernel answered with an errno, or a socket call failed.
 *
 * <p>Carries the errno (with its symbolic name), the operation (e.g. {@code RTM_NEWROUTE replace
 * 10.244.1.0/24} or {@code recvfrom}) and, when the kernel sent an extended ACK, its text and the
 * offset of the offending attribute in the request. The message reads like
 * {@code RTM_NEWROUTE add 10.244.2.0/24: ENETUNREACH (Network is unreachable): kernel says "Nexthop has
 * invalid gateway" (attribute at offset 36)}. {@code EPERM} adds that {@code CAP_NET_ADMIN} is needed.
 */
public class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String operation;
    private final String kernelMessage;
    private final int attributeOffset;

    /**
     * Creates an exception.
     *
     * @param errno           the positive errno
     * @param operation       what was attempted
     * @param kernelMessage   the extended-ACK text ({@code NLMSGERR_ATTR_MSG}), or null
     * @param attributeOffset the extended-ACK offset ({@code NLMSGERR_ATTR_OFFS}) into the request, or -1
     */
    public NetlinkException(int errno, String operation, String kernelMessage, int attributeOffset) {
        super(describe(errno, operation, kernelMessage, attributeOffset));
        this.errno = errno;
        this.operation = operation;
        this.kernelMessage = kernelMessage;
        this.attributeOffset = attributeOffset;
    }

    private static String describe(int errno, String operation, String kernelMessage, int attributeOffset) {
        StringBuilder text = new StringBuilder();
        text.append(operation).append(": ").append(Errno.name(errno)).append(" (").append(Errno.message(errno)).append(')');
        if (kernelMessage != null) {
            text.append(": kernel says \"").append(kernelMessage).append('"');
        }
        if (attributeOffset >= 0) {
            text.append(" (attribute at offset ").append(attributeOffset).append(')');
        }
        if (errno == Errno.EPERM) {
            text.append("; changing network state needs CAP_NET_ADMIN in the socket's network namespace (run as root)");
        }
        return text.toString();
    }

    /**
     * Returns the errno.
     *
     * @return a positive errno such as {@link Errno#EEXIST}
     */
    public int errno() {
        return errno;
    }

    /**
     * Returns the errno's symbolic name.
     *
     * @return e.g. {@code "EEXIST"}
     */
    public String errnoName() {
        return Errno.name(errno);
    }

    /**
     * Returns what was attempted.
     *
     * @return e.g. {@code "RTM_NEWROUTE add 10.244.1.0/24"}
     */
    public String operation() {
        return operation;
    }

    /**
     * Returns the kernel's extended-ACK text.
     *
     * @return e.g. {@code "Nexthop has invalid gateway"}, or null if the kernel sent none
     */
    public String kernelMessage() {
        return kernelMessage;
    }

    /**
     * Returns the extended-ACK offset of the offending attribute in the request.
     *
     * @return the byte offset from the start of the request, or -1 if the kernel sent none
     */
    public int attributeOffset() {
        return attributeOffset;
    }

    /**
     * Returns the line iproute2 prints for this error: the kernel's text when it sent one
     * ({@code Error: Nexthop has invalid gateway.}), otherwise {@code RTNETLINK answers: File exists}.
     *
     * @return the text, without newline
     */
    public String iproute2Text() {
        if (kernelMessage != null) {
            return "Error: " + kernelMessage + (kernelMessage.endsWith(".") ? "" : ".");
        }
        return "RTNETLINK answers: " + Errno.message(errno);
    }
}
