/**
 * {@code weft-portmap}: the {@code portMappings} capability ({@code podman run -p 8080:80}) as
 * DNAT in nftables, configured as the reference portmap is ({@code snat}, {@code masqAll},
 * {@code conditionsV4}/{@code conditionsV6}).
 *
 * <p><b>Design.</b> A pure compiler ({@link dev.weft.plugins.portmap.PortmapRules}) turns a
 * container address and its mappings into rule text; {@link dev.weft.nft.TaggedTable} applies it
 * in weft's own tables {@code ip weft_portmap} and {@code ip6 weft_portmap}, every rule tagged
 * with the attachment's key (network, container ID, interface) so DEL removes exactly that
 * container's rules, and the table goes with the last of them. DNAT happens in {@code prerouting}
 * (traffic arriving from outside or from pods) and {@code output} (the host's own connections),
 * for destinations the host owns ({@code fib daddr type local}) or the mapping's {@code hostIP}.
 * The reference's nftables backend once put DNAT in an {@code input} hook, which kernels refuse
 * ("Operation not supported", containernetworking/plugins#1115); weft never does.
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
 * port loses its traffic, and of two containers mapping the same port the first rule wins.
 * {@code markMasqBit}/{@code externalSetMarkChain} are accepted and unused (no packet marks).
 */
package dev.weft.plugins.portmap;
