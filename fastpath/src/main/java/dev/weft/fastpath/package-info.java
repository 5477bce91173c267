/**
 * CNI requests over a unix socket to the warm agent, and the exec shim's wire protocol.
 *
 * <p><b>Why.</b> A plugin executable that starts a JVM costs 40-120 ms per call. The node agent
 * is already running the same plugin code, so the executables in the CNI bin dir are a static C
 * shim ({@code src/main/c/weft-shim.c}) that forwards argv[0], the {@code CNI_*} environment and
 * stdin to {@link dev.weft.fastpath.CniSocketServer} and replays its stdout, stderr and exit code.
 *
 * <p><b>Protocol</b> (full layout in {@code fastpath/PROTOCOL.md}): one connection, one request,
 * one response. A 12-byte header ({@code "WCNI"}, version 1, type 1 request / 2 response, two zero
 * bytes, u32 body length) and a body of big-endian u32s and u32-length-prefixed byte strings.
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
 * <p><b>Hazards.</b> Each connection runs on a virtual thread; handlers must not {@code setns} on
 * it (use a one-shot platform thread, as {@code netlink.ns} does). There are no read timeouts: the
 * socket is root-only, and the runtime kills a plugin that takes too long. A request is held in
 * memory whole (a few KiB in practice, 64 MiB at most).
 */
package dev.weft.fastpath;
