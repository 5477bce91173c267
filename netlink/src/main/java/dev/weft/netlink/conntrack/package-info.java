/**
 * Connection tracking over weft's own netlink: NETLINK_NETFILTER, nfnetlink subsystem CTNETLINK
 * (uapi nfnetlink_conntrack.h) — what the port-mapping plugin needs to flush stale UDP entries at
 * ADD without the {@code conntrack} binary. {@link dev.weft.netlink.conntrack.Conntrack} is the
 * handle (its own socket, in one namespace); {@link dev.weft.netlink.conntrack.ConntrackCodec} is
 * pure; {@link dev.weft.netlink.conntrack.ConntrackEntry} and
 * {@link dev.weft.netlink.conntrack.ConntrackFilter} are values.
 *
 * <p><b>Why flush.</b> A UDP "connection" lives as long as datagrams keep coming (30 s unreplied,
 * 120 s once assured). A client that sent to a host port before the port was mapped (or while it
 * was mapped to a pod that is gone) keeps hitting the old entry — and its old NAT decision — for
 * as long as it keeps sending, so the new mapping never sees it. Deleting the entries of that
 * protocol and destination port lets the next datagram be tracked, and DNATed, anew.
 *
 * <p><b>How.</b> A dump of the family's table (IPCTNL_MSG_CT_GET with NLM_F_DUMP) carrying a
 * CTA_FILTER (Linux 5.8+) so the kernel sends only entries whose original direction has the
 * protocol, destination port and (optionally) destination address; then one
 * IPCTNL_MSG_CT_DELETE per entry, by its original tuple, zone and CTA_ID, so that an entry that
 * expired meanwhile (ENOENT: counted as not deleted) or a new flow that reused the tuple is left
 * alone. This is what vishvananda/netlink's {@code ConntrackDeleteFilters} does, with the filter
 * moved into the kernel. A flush that takes CTA_FILTER in one request was proposed for the kernel
 * in 2024; weft does not rely on it, the dump-then-delete works on every kernel with ctnetlink.
 *
 * <p><b>Limits and hazards.</b> Kernels before 5.8 ignore CTA_FILTER and dump the whole table (the
 * answer is filtered again here, so the result is the same, only slower on a large table). ICMP
 * identifiers, labels, helpers and NAT details are not decoded; deleting by tuple needs ports, so
 * filters are for port-based protocols (UDP, TCP, SCTP). Entries exist only where something turned
 * conntrack on in that namespace (a NAT or {@code ct} rule); elsewhere the table is empty. A dump
 * interrupted by a change is retried up to three times. Needs CAP_NET_ADMIN in the namespace.
 */
package dev.weft.netlink.conntrack;
