/**
 * Network namespaces. {@link dev.weft.netlink.ns.NetNs} holds an open namespace file; named
 * namespaces are bind mounts under {@code /run/netns}, made as {@code ip netns add} makes them
 * (the directory made a shared mount point, a fresh thread unshares CLONE_NEWNET and bind-mounts
 * {@code /proc/thread-self/ns/net}).
 *
 * <p>Why fresh threads: {@code setns}/{@code unshare} change only the calling thread, and any later
 * code on that thread would run in the wrong namespace. So code that must run inside (opening a
 * netlink socket, reading {@code /proc/sys/net}, which shows the namespace of the thread that
 * opens it) runs on a new platform thread that enters and then ends — never a virtual or pooled
 * thread, and it never tries to switch back, so no thread that changed namespace is reused. A
 * socket opened there stays in that namespace and is then usable from any thread.
 *
 * <p>Limits: a thread per {@code run}, ~100 µs; sysctls are restricted to {@code net.*} keys, the only
 * ones a network namespace scopes. Deleting a namespace only unmounts its name: it lives on while
 * any process or open fd still holds it.
 */
package dev.weft.netlink.ns;
