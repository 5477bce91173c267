package dev.weft.netlink.sys;

/** A failed system call: the call, its errno and errno's name. */
public class SyscallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public SyscallException(String call, int errno) {
        super(call + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }
}
