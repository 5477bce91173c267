package dev.weft.netlink.tc;

/**
 * A shaping rate. The kernel counts bytes per second; CNI configuration (and people) give bits
 * per second, so the unit is always named at construction: {@link #bitsPerSecond(long)} or
 * {@link #bytesPerSecond(long)}. Bits are rounded down to whole bytes, as {@code tc} does.
 */
public record Rate(long bytesPerSecond) {
    /** The largest rate whose bit count still fits a {@code long}. */
    public static final long MAX_BYTES_PER_SECOND = Long.MAX_VALUE / 8;

    public Rate {
        if (bytesPerSecond <= 0 || bytesPerSecond > MAX_BYTES_PER_SECOND) {
            throw new IllegalArgumentException("rate " + bytesPerSecond + " bytes/s is not in 1.." + MAX_BYTES_PER_SECOND);
        }
    }

    /** A rate of {@code bits} bits per second (at least 8). */
    public static Rate bitsPerSecond(long bits) {
        if (bits < 8) {
            throw new IllegalArgumentException("rate " + bits + " bit/s is below one byte per second");
        }
        return new Rate(bits / 8);
    }

    /** A rate of {@code bytes} bytes per second. */
    public static Rate bytesPerSecond(long bytes) {
        return new Rate(bytes);
    }

    /** The rate in bits per second. */
    public long bitsPerSecond() {
        return bytesPerSecond * 8;
    }

    @Override
    public String toString() {
        return bitsPerSecond() + "bit/s";
    }
}
