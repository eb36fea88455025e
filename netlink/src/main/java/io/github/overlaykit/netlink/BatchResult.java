package io.github.overlaykit.netlink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of {@link RtnetlinkClient.Batch#execute()}: one result per queued request, in order.
 */
public final class BatchResult {
    private final NetlinkException[] failures;
    private final int failed;

    BatchResult(NetlinkException[] failures) {
        this.failures = failures;
        int n = 0;
        for (NetlinkException f : failures) {
            if (f != null) {
                n++;
            }
        }
        this.failed = n;
    }

    /**
     * Returns how many requests the batch held.
     *
     * @return the count
     */
    public int size() {
        return failures.length;
    }

    /**
     * Returns how many requests failed.
     *
     * @return the count of failures
     */
    public int failureCount() {
        return failed;
    }

    /**
     * Tells whether request {@code i} succeeded.
     *
     * @param i the request's position in the batch
     * @return true if the kernel ACKed it
     */
    public boolean succeeded(int i) {
        return failures[i] == null;
    }

    /**
     * Returns the error of request {@code i}.
     *
     * @param i the request's position
     * @return the error, or null if it succeeded
     */
    public NetlinkException failure(int i) {
        return failures[i];
    }

    /**
     * Returns every failure, in request order.
     *
     * @return the failures (empty if all succeeded)
     */
    public List<NetlinkException> failures() {
        List<NetlinkException> list = new ArrayList<>(failed);
        for (NetlinkException f : failures) {
            if (f != null) {
                list.add(f);
            }
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * Throws the first failure, if any.
     *
     * @return this when every request succeeded
     * @throws NetlinkException the first failure, with the count of others in its suppressed list
     */
    public BatchResult orThrow() {
        NetlinkException first = null;
        for (NetlinkException f : failures) {
            if (f != null) {
                if (first == null) {
                    first = f;
                } else {
                    first.addSuppressed(f);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return this;
    }
}
