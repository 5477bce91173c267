package dev.weft.netlink.socket;

import dev.weft.netlink.sys.Errno;
import dev.weft.netlink.sys.SyscallException;

/**
 * A kernel error: the operation, the errno and the kernel's extended-ack message when it sent
 * one. {@link #of} is the one errno → exception-type table.
 */
public class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;
    private final String kernelMessage;

    /** An error of {@code operation} with {@code errno} and the kernel's text (may be {@code null}). */
    public NetlinkException(String operation, int errno, String kernelMessage) {
        super(operation + ": " + Errno.describe(errno) + (kernelMessage == null ? "" : ": " + kernelMessage));
        this.operation = operation;
        this.errno = errno;
        this.kernelMessage = kernelMessage;
    }

    /**
     * The errno → type table. The kernel answers a link of a kind it was built without with
     * EOPNOTSUPP, or (when the kind's module cannot be loaded) with an "Unknown device type"
     * extended ack on another errno; both are {@link NotSupportedException}.
     */
    public static NetlinkException of(String operation, int errno, String kernelMessage) {
        if (kernelMessage != null && kernelMessage.startsWith("Unknown device type")) {
            return new NotSupportedException(operation, errno, kernelMessage + " (not supported by this kernel)");
        }
        return switch (errno) {
            case Errno.EEXIST -> new ExistsException(operation, errno, kernelMessage);
            case Errno.ENODEV, Errno.ENOENT, Errno.ESRCH, Errno.EADDRNOTAVAIL ->
                    new NotFoundException(operation, errno, kernelMessage);
            case Errno.EPERM, Errno.EACCES -> new PermissionException(operation, errno, kernelMessage);
            case Errno.EOPNOTSUPP, Errno.EAFNOSUPPORT -> new NotSupportedException(operation, errno,
                    kernelMessage == null ? "not supported by this kernel" : kernelMessage);
            default -> new NetlinkException(operation, errno, kernelMessage);
        };
    }

    /** A failed system call, through the same table. */
    public static NetlinkException of(SyscallException e) {
        NetlinkException n = of(e.call(), e.errno(), null);
        n.initCause(e);
        return n;
    }

    /** What was being done, e.g. {@code create veth v0}. */
    public String operation() {
        return operation;
    }

    /** The positive errno the kernel or libc returned. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. {@code EEXIST}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** The kernel's extended-ack text, or {@code null}. */
    public String kernelMessage() {
        return kernelMessage;
    }

    /** EEXIST: the object is already there. */
    public static final class ExistsException extends NetlinkException {
        private static final long serialVersionUID = 1L;

        public ExistsException(String op, int errno, String msg) {
            super(op, errno, msg);
        }
    }

    /** ENODEV/ENOENT/ESRCH/EADDRNOTAVAIL: no such device, address, route or namespace. */
    public static final class NotFoundException extends NetlinkException {
        private static final long serialVersionUID = 1L;

        public NotFoundException(String op, int errno, String msg) {
            super(op, errno, msg);
        }
    }

    /** EPERM/EACCES: needs CAP_NET_ADMIN (root) in the namespace. */
    public static final class PermissionException extends NetlinkException {
        private static final long serialVersionUID = 1L;

        public PermissionException(String op, int errno, String msg) {
            super(op, errno, msg);
        }
    }

    /** The kernel lacks the feature or device kind. */
    public static final class NotSupportedException extends NetlinkException {
        private static final long serialVersionUID = 1L;

        public NotSupportedException(String op, int errno, String msg) {
            super(op, errno, msg);
        }
    }

    /** A dump was interrupted by a concurrent change ({@code NLM_F_DUMP_INTR}); retry it. */
    public static final class DumpInterruptedException extends NetlinkException {
        private static final long serialVersionUID = 1L;

        public DumpInterruptedException(String op) {
            super(op, Errno.EINTR, "dump interrupted by a concurrent change; retry");
        }
    }
}
