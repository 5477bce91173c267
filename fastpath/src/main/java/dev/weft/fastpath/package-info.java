/**
 * CNI requests over a unix socket to the warm agent, and the exec shim's wire protocol.
 *
 * <p><b>Why.</b> A plugin executable that starts a JVM costs 40-120 ms per call. The node agent
 * is already running the same plugin code, so the executables in the CNI bin dir are a static C
 * shim ({@code src/main/c/weft-shim.c}) that forwards argv[0], the {@code CNI_*} environment and
 * stdin to {@link dev.weft.fastpath.CniSocketServer} and replays its stdout, stderr and exit code.
 *
 * <p><b>Protocol</b> (full layout in {@code fastpath/PROTOCOL.md}): one connection, one request
 * (ended by the client's half-close), one response. A 12-byte header ({@code "WCNI"}, version 2,
 * type 1 request / 2 response, two zero bytes, u32 body length) and a body of big-endian u32s and u32-length-prefixed byte strings.
 * Request body: plugin name, env count, name/value pairs, stdin. Response body: exit code, stdout,
 * stderr. Limits ({@link dev.weft.fastpath.Limits}): stdin and stdout 64 MiB, stderr 1 MiB, env 1024
 * entries / 1 MiB, body 66 MiB. Only {@code CNI_*} variables are forwarded, exactly (empty values too).
 *
 * <p><b>Safety.</b> The socket is bound in a fresh 0700 directory, chmod 0600 and renamed into
 * place, so it is never reachable by another user; the rename also replaces a stale socket,
 * while a live one is refused. The shim falls back to the JVM launcher only when connect() fails:
 * once a byte is sent the agent may act (allocate an IP), and running the plugin a second time
 * could double-allocate, so a broken exchange is error 999 instead.
 *
 * <p><b>Bounds.</b> The socket is root-only, but a buggy or stuck client must still not wedge the
 * agent nor a shim wait for ever: at most {@link dev.weft.fastpath.ServerOptions#maxConnections}
 * connections are served at once (one more is answered with code 11 at once), a request must
 * arrive within a timeout (10 s), ending with the client's half-close (protocol version 2), and
 * anything after the frame is refused before the handler runs. An error answer is followed by a
 * drain of what the client still sends, so the client reads the answer instead of a reset. The
 * shim bounds the whole exchange by {@code WEFT_SHIM_TIMEOUT} (300 s). Unix channels have no
 * {@code SO_TIMEOUT}: a {@code Deadline} (one shared timer thread) shuts the input (a read sees end-of-stream) or closes the
 * channel when time is up.
 *
 * <p><b>Hazards.</b> Each connection runs on one of the server's platform threads, which go on to
 * serve other calls; handlers must not {@code setns} on it (use a worker, as {@code netlink.ns} does). The handler itself has no
 * timeout (a plugin's own work is bounded where it waits: delegates run as processes for 60 s at
 * most). A request is held in memory whole (a few KiB in practice, 64 MiB at most), so the
 * connection limit also bounds memory.
 */
package dev.weft.fastpath;
