/**
 * weft's netlink: the kernel's links, addresses, routes, neighbours, FDB and namespaces from pure
 * Java (FFM), like vishvananda/netlink for Go. {@link dev.weft.netlink.Netlink} is the handle: its
 * socket lives in one network namespace, chosen when it is opened, and can then be used from any
 * thread (one request at a time per handle).
 *
 * <p>Layers: {@code sys} (raw libc calls, errno table) → {@code codec} (messages and attributes as
 * pure values, round-trip tested without root) and {@link dev.weft.netlink.NetlinkSocket} (one object
 * per file descriptor) → the typed operations in {@code link}, {@code addr}, {@code route},
 * {@code neigh}, {@code ns}, {@code event}. Kernel errors become {@link dev.weft.netlink.NetlinkException}
 * subclasses carrying the errno and the kernel's extended-ack message.
 */
package dev.weft.netlink;
