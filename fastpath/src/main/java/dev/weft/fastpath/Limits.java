package dev.weft.fastpath;

/**
 * The protocol's size limits, shared with {@code weft-shim.c}. They bound what a peer can make the
 * other side allocate; a real CNI config is a few KiB, the largest seen (long prevResults) well
 * under 1 MiB.
 */
public final class Limits {
    /** Plugin name, in UTF-8 bytes. */
    public static final int MAX_PLUGIN_NAME = 255;
    /** Environment variables per request. */
    public static final int MAX_ENV_ENTRIES = 1024;
    /** Sum of the UTF-8 lengths of all names and values. */
    public static final int MAX_ENV_BYTES = 1 << 20;
    public static final int MAX_STDIN = 64 << 20;
    public static final int MAX_STDOUT = 64 << 20;
    public static final int MAX_STDERR = 1 << 20;
    /** The largest body a header may announce: covers both the request and the response limits. */
    public static final int MAX_BODY = 66 << 20;

    private Limits() {
    }
}
