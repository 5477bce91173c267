/**
 * weft's netlink: the kernel's links, addresses, routes, neighbours, FDB and namespaces from pure
 * Java (FFM), like vishvananda/netlink for Go, with no {@code ip} subprocesses.
 * {@link dev.weft.netlink.Netlink} is the handle: its socket lives in one network namespace, chosen
 * when it is opened, and can then be used from any thread (one request at a time per handle).
 *
 * <p>Why three layers, as in netty's native transport: {@code sys} holds the raw libc calls (one
 * {@code MethodHandle} per function, errno captured per call); {@link dev.weft.netlink.socket.NetlinkSocket}
 * is one object per file descriptor with typed methods; the concept packages ({@code link},
 * {@code addr}, {@code route}, {@code neigh}, {@code event}, {@code ns}) are the public API. Messages
 * are built and read by pure code in {@code codec} and the per-concept codecs, so every encoding is
 * round-trip tested without root; only the socket layer does I/O.
 *
 * <p>Errors: every kernel or libc failure goes through one errno table,
 * {@link dev.weft.netlink.socket.NetlinkException#of}, into a typed exception carrying the operation, the
 * errno and the kernel's extended-ack text. Bad input (names over 15 bytes, malformed MACs) fails
 * earlier, in the value types, with {@link java.lang.IllegalArgumentException}.
 *
 * <p>Limits and hazards: one socket per handle and requests are serialised, so a slow dump blocks
 * other callers of the same handle (open more handles for parallelism).
 * Requests are answered synchronously: the kernel runs an RTM_DELLINK inside our sendto(2), so a
 * device delete costs what the kernel's RCU grace period costs (~20 ms here) whatever the tool.
 */
package dev.weft.netlink;
