package dev.weft.netlink.sys;

/**
 * A failed system call: the call, its errno and errno's name. The layers above turn it into a
 * {@link dev.weft.netlink.socket.NetlinkException} through the one errno table.
 */
public class SyscallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /** {@code call} failed with {@code errno}. */
    public SyscallException(String call, int errno) {
        super(call + ": " + Errno.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    /** The call and its main argument, e.g. {@code open /run/netns/x}. */
    public String call() {
        return call;
    }

    /** The positive errno. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
