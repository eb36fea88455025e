package io.github.overlaykit.netlink;

import java.util.List;

/**
 * A dump completed but the kernel flagged it {@code NLM_F_DUMP_INTR}: the table changed while it was
 * being read, so the result may miss or repeat entries. The partial result is kept
 * ({@link #partialResult()}); the kernel's advice is to dump again, which
 * {@link RtnetlinkClient.Options#dumpRetries(int)} does automatically when asked.
 */
public final class DumpInterruptedException extends NetlinkException {
    private static final long serialVersionUID = 1L;

    private final transient List<?> partialResult;

    /**
     * Creates the exception.
     *
     * @param operation     the dump, e.g. {@code RTM_GETROUTE dump}
     * @param partialResult everything the interrupted dump returned
     * @param attempts      how many dumps were tried
     */
    public DumpInterruptedException(String operation, List<?> partialResult, int attempts) {
        super(Errno.EINTR, operation + " (interrupted by a concurrent change, " + attempts + " attempt"
                + (attempts == 1 ? "" : "s") + ", " + partialResult.size() + " entries kept)", null, -1);
        this.partialResult = List.copyOf(partialResult);
    }

    /**
     * Returns what the last interrupted dump returned; possibly inconsistent.
     *
     * @return the entries, of the type the dump method returns
     */
    public List<?> partialResult() {
        return partialResult;
    }
}
