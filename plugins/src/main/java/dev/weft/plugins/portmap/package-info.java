/**
 * {@code weft-portmap}: the {@code portMappings} capability ({@code podman run -p 8080:80}) as
 * DNAT in nftables, configured as the reference portmap is ({@code snat}, {@code masqAll},
 * {@code conditionsV4}/{@code conditionsV6}).
 *
 * <p><b>Design.</b> A pure compiler ({@link dev.weft.plugins.portmap.PortmapRules}) turns a
 * container's addresses and mappings into one nft transaction, applied in weft's own tables
 * {@code ip weft_portmap} and {@code ip6 weft_portmap}. Every attachment (network, container ID,
 * interface) has chains of its own, {@code dnat_HASH} and {@code masq_HASH}, reached from the base
 * chains through verdict maps keyed by destination ({@code proto . port}, {@code hostIP . proto .
 * port}, and the container's address for masquerading). DNAT happens in {@code prerouting}
 * (traffic arriving from outside or from pods) and {@code output} (the host's own connections),
 * for destinations the host owns ({@code fib daddr type local}) or the mapping's {@code hostIP}.
 * The reference's nftables backend once put DNAT in an {@code input} hook, which kernels refuse
 * ("Operation not supported", containernetworking/plugins#1115); weft never does.
 *
 * <p><b>Why maps.</b> With rules of all containers in shared chains, DEL had to list the table
 * to find its rules' handles: two {@code nft} runs and a listing that grows with the pods. Now ADD
 * and DEL are each one {@code nft -f -} built from the request alone (DEL from the cached
 * {@code prevResult} and the {@code portMappings} the runtime passes again), with no listing.
 * nft 1.0.6 has no {@code destroy}, so DEL adds each element and chain before deleting it: the
 * transaction succeeds whether they are there or not. When nft still refuses it (no table, a table
 * changed behind weft's back, mappings that differ from ADD's), DEL lists the tables and removes
 * whatever this attachment has there; CHECK and GC list too. The base chains' rules are flushed and
 * put back by every ADD (atomically, in its transaction), which repairs them without a listing.
 * The tables stay when their last attachment goes (as the reference's do), except when a listing
 * (GC, a DEL that had to list) finds no attachment left. Every change runs under a host lock.
 *
 * <p><b>Hairpin and localhost.</b> A connection from the container itself, or a neighbour on its
 * bridge, to a host port is DNATed back onto the bridge; the container's reply would go straight
 * to the client and bypass the host's conntrack, so such connections (source in the container's
 * subnet, {@code ct status dnat}, original port the host port) are masqueraded. A connection from
 * the host's 127.0.0.1 is DNATed in {@code output} and leaves with a loopback source: it is
 * masqueraded too, and the device towards the container gets {@code route_localnet=1} (left set,
 * as the device is shared). IPv6 has no such path ({@code ::1} is never routed), as in the reference.
 * Where {@code br_netfilter} makes bridged traffic pass the IP hooks (the kernel's default once the
 * module is loaded), a hairpin connection is DNATed while it is being bridged and must leave by
 * the port it came in on: the bridge needs {@code hairpinMode} on the container's port, as with
 * the reference plugins (podman sets it).
 *
 * <p><b>UDP.</b> After the rules are in place, conntrack entries of UDP flows to the mapped host
 * ports are deleted over netlink (ctnetlink), so a client that was sending before the mapping
 * existed is DNATed on its next datagram (best effort, as the reference).
 *
 * <p><b>Limits.</b> Like the reference it does not reserve host ports: a host service on a mapped
 * port loses its traffic. Unlike the reference (where the first rule of two wins silently), a
 * second container mapping a host port (protocol, port, and hostIP if given) that another holds
 * is refused with code 7: a map key has one verdict. A mapping restricted only by
 * {@code conditionsV4}/{@code V6} therefore cannot share its port with another container's.
 * Upgrading from the earlier shared-chain layout is not migrated: the first ADD rewrites the base
 * chains, so pods mapped before lose their mappings (their old chains stay, unreachable, until
 * the table is deleted); drain port-mapped pods or delete the tables before upgrading.
 * {@code markMasqBit}/{@code externalSetMarkChain} are accepted and unused (no packet marks).
 */
package dev.weft.plugins.portmap;
