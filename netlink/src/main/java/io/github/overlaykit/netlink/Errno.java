package io.github.overlaykit.netlink;

/**
 * Linux errno numbers with their symbolic names and the glibc {@code strerror} text, so an error reads
 * as {@code EEXIST (File exists)} and matches what iproute2 prints ({@code RTNETLINK answers: File
 * exists}).
 *
 * <p>The table was generated from {@code <asm-generic/errno-base.h>}, {@code <asm-generic/errno.h>}
 * and glibc 2.36's {@code strerror}; unknown numbers are kept and printed as {@code errno N}.
 */
public final class Errno {
    /** Operation not permitted: the caller lacks {@code CAP_NET_ADMIN} in the socket's namespace. */
    public static final int EPERM = 1;
    /** No such file or directory: the object to delete or change does not exist. */
    public static final int ENOENT = 2;
    /** No such process: returned for a missing route, rule or neighbour on delete. */
    public static final int ESRCH = 3;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** Try again (a non-blocking receive found nothing). */
    public static final int EAGAIN = 11;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** Device or resource busy. */
    public static final int EBUSY = 16;
    /** File exists: an exclusive create found the object already there. */
    public static final int EEXIST = 17;
    /** No such device: the interface index or name is unknown. */
    public static final int ENODEV = 19;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** Message too long. */
    public static final int EMSGSIZE = 90;
    /** Protocol not supported. */
    public static final int EPROTONOSUPPORT = 93;
    /** Operation not supported. */
    public static final int EOPNOTSUPP = 95;
    /** Network is unreachable. */
    public static final int ENETUNREACH = 101;
    /** No buffer space available: on a subscription socket, events were lost. */
    public static final int ENOBUFS = 105;
    /** No route to host. */
    public static final int EHOSTUNREACH = 113;

    private static final String[] NAMES = {
            null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
            "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV",
            "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC",
            "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK",
            "ENOSYS", "ENOTEMPTY", "ELOOP", null, "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST",
            "ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC",
            "EBADSLT", null, "EBFONT", "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE",
            "ENOLINK", "EADV", "ESRMNT", "ECOMM", "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW",
            "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ",
            "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE",
            "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT",
            "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED",
            "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT",
            "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN",
            "ENOTNAM", "ENAVAIL", "EISNAM", "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED",
            "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE",
            "ERFKILL", "EHWPOISON",
    };

    private static final String[] MESSAGES = {
            null, "Operation not permitted", "No such file or directory", "No such process",
            "Interrupted system call", "Input/output error", "No such device or address",
            "Argument list too long", "Exec format error", "Bad file descriptor", "No child processes",
            "Resource temporarily unavailable", "Cannot allocate memory", "Permission denied", "Bad address",
            "Block device required", "Device or resource busy", "File exists", "Invalid cross-device link",
            "No such device", "Not a directory", "Is a directory", "Invalid argument",
            "Too many open files in system", "Too many open files", "Inappropriate ioctl for device",
            "Text file busy", "File too large", "No space left on device", "Illegal seek",
            "Read-only file system", "Too many links", "Broken pipe", "Numerical argument out of domain",
            "Numerical result out of range", "Resource deadlock avoided", "File name too long",
            "No locks available", "Function not implemented", "Directory not empty",
            "Too many levels of symbolic links", null, "No message of desired type", "Identifier removed",
            "Channel number out of range", "Level 2 not synchronized", "Level 3 halted", "Level 3 reset",
            "Link number out of range", "Protocol driver not attached", "No CSI structure available",
            "Level 2 halted", "Invalid exchange", "Invalid request descriptor", "Exchange full", "No anode",
            "Invalid request code", "Invalid slot", null, "Bad font file format", "Device not a stream",
            "No data available", "Timer expired", "Out of streams resources", "Machine is not on the network",
            "Package not installed", "Object is remote", "Link has been severed", "Advertise error",
            "Srmount error", "Communication error on send", "Protocol error", "Multihop attempted",
            "RFS specific error", "Bad message", "Value too large for defined data type",
            "Name not unique on network", "File descriptor in bad state", "Remote address changed",
            "Can not access a needed shared library", "Accessing a corrupted shared library",
            ".lib section in a.out corrupted", "Attempting to link in too many shared libraries",
            "Cannot exec a shared library directly", "Invalid or incomplete multibyte or wide character",
            "Interrupted system call should be restarted", "Streams pipe error", "Too many users",
            "Socket operation on non-socket", "Destination address required", "Message too long",
            "Protocol wrong type for socket", "Protocol not available", "Protocol not supported",
            "Socket type not supported", "Operation not supported", "Protocol family not supported",
            "Address family not supported by protocol", "Address already in use",
            "Cannot assign requested address", "Network is down", "Network is unreachable",
            "Network dropped connection on reset", "Software caused connection abort",
            "Connection reset by peer", "No buffer space available",
            "Transport endpoint is already connected", "Transport endpoint is not connected",
            "Cannot send after transport endpoint shutdown", "Too many references: cannot splice",
            "Connection timed out", "Connection refused", "Host is down", "No route to host",
            "Operation already in progress", "Operation now in progress", "Stale file handle",
            "Structure needs cleaning", "Not a XENIX named type file", "No XENIX semaphores available",
            "Is a named type file", "Remote I/O error", "Disk quota exceeded", "No medium found",
            "Wrong medium type", "Operation canceled", "Required key not available", "Key has expired",
            "Key has been revoked", "Key was rejected by service", "Owner died", "State not recoverable",
            "Operation not possible due to RF-kill", "Memory page has hardware error",
    };

    private Errno() {
    }

    /**
     * Returns the symbolic name of an errno.
     *
     * @param errno a positive errno value
     * @return e.g. {@code "EEXIST"}, or {@code "errno N"} for a number the table does not know
     */
    public static String name(int errno) {
        if (errno > 0 && errno < NAMES.length && NAMES[errno] != null) {
            return NAMES[errno];
        }
        return "errno " + errno;
    }

    /**
     * Returns glibc's {@code strerror} text for an errno.
     *
     * @param errno a positive errno value
     * @return e.g. {@code "File exists"}, or {@code "Unknown error N"} as glibc prints it
     */
    public static String message(int errno) {
        if (errno > 0 && errno < MESSAGES.length && MESSAGES[errno] != null) {
            return MESSAGES[errno];
        }
        return "Unknown error " + errno;
    }
}
