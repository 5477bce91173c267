/**
 * NFLOG over weft's own netlink: NETLINK_NETFILTER, nfnetlink subsystem ULOG (uapi
 * nfnetlink_log.h) — how the agent hears about the packets its policy chains drop
 * ({@code log group G} rules) without ulogd. {@link dev.weft.netlink.nflog.Nflog} is the handle
 * (its own socket, bound to one group, in one namespace); {@link dev.weft.netlink.nflog.NflogCodec}
 * is pure (golden bytes captured from the kernel); {@link dev.weft.netlink.nflog.NflogRecord} and
 * {@link dev.weft.netlink.nflog.PacketSummary} are values.
 *
 * <p><b>How.</b> NFULNL_MSG_CONFIG commands: PF_UNBIND then PF_BIND for IPv4 and IPv6 (what
 * libnetfilter_log does; kernels since 3.17 ignore them), then BIND of the group with packet copy
 * mode and a copy range of 128 bytes (the IP header, extension headers and ports; never the
 * data), a queue threshold of 1 and a flush timeout of 0.1 s. Each logged packet then arrives as
 * NFULNL_MSG_PACKET: the group in nfgenmsg's res_id, NFULA_PREFIX, NFULA_TIMESTAMP (only when the
 * packet carries one: forwarded packets usually do not, so callers fall back to the time of
 * receipt), NFULA_IFINDEX_INDEV/OUTDEV and NFULA_PAYLOAD from the network header on.
 *
 * <p><b>Limits and hazards.</b> One socket per group per namespace: a second bind is EBUSY, so a
 * stale receiver (another agent) must go first. The records reach the namespace of the rule that
 * logged; policy tables inside pods' own namespaces (underlay pods) do not log for that reason.
 * Under a flood the rule's {@code limit} is the real guard; the socket's buffer may still
 * overflow (ENOBUFS, counted in {@link dev.weft.netlink.nflog.Nflog#lost}), which costs records,
 * never the node. Needs CAP_NET_ADMIN in the namespace.
 */
package dev.weft.netlink.nflog;
