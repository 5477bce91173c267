package dev.weft.bgp;

/**
 * The BGP timers every weft session uses, in seconds. The defaults are chosen for a cluster, not the
 * Internet: a node that dies without closing its sessions (power loss, kernel panic, cable) is
 * withdrawn when the {@code hold} timer expires, 9 s after its last keepalive, with keepalives
 * every {@code keepalive} = 3 s (a third, RFC 4271's ratio). {@code connectRetry} is how soon a
 * session that could not connect tries again (BIRD's default is 120 s, too slow for a node that
 * joins). {@code gracefulRestart} is how long peers keep this node's routes while its BIRD
 * restarts (the GR capability's restart time, at most 4095); {@code restartWait} bounds how long a
 * restarted BIRD leaves the kernel's routes untouched waiting for its sessions to converge.
 */
public record BgpTimers(int hold, int keepalive, int connectRetry, int gracefulRestart, int restartWait) {
    /** hold 9 s, keepalive 3 s, connect retry 5 s, graceful restart 120 s, restart wait 20 s. */
    public static final BgpTimers DEFAULT = new BgpTimers(9, 3, 5, 120, 20);

    public BgpTimers {
        if (hold != 0 && (hold < 3 || hold > 65535)) {
            throw new IllegalArgumentException("timers.hold: 0 (no hold timer) or 3..65535 s, got " + hold);
        }
        if (keepalive < 1 || keepalive > 65535 || (hold != 0 && keepalive >= hold)) {
            throw new IllegalArgumentException("timers.keepalive: 1 s .. below the hold time (" + hold + " s), got "
                    + keepalive);
        }
        if (connectRetry < 1 || connectRetry > 65535) {
            throw new IllegalArgumentException("timers.connectRetry: 1..65535 s, got " + connectRetry);
        }
        if (gracefulRestart < 1 || gracefulRestart > 4095) {
            throw new IllegalArgumentException("timers.gracefulRestart: 1..4095 s (a 12-bit field), got "
                    + gracefulRestart);
        }
        if (restartWait < 1 || restartWait > 3600) {
            throw new IllegalArgumentException("timers.restartWait: 1..3600 s, got " + restartWait);
        }
    }
}
