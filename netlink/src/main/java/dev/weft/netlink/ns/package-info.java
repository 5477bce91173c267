/**
 * Network namespaces. {@link dev.weft.netlink.ns.NetNs} holds an open namespace file; code that must
 * run inside one (opening a netlink socket, reading {@code /proc/sys/net}) runs on a fresh platform
 * thread that enters it and then ends: a thread that changed namespace is never reused, and never
 * a virtual or pooled one. Named namespaces are bind mounts under {@code /run/netns}, as
 * {@code ip netns add} makes them.
 */
package dev.weft.netlink.ns;
