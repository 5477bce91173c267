/**
 * Links: {@link dev.weft.netlink.link.LinkSpec} is what to create — a sealed set of kinds (veth,
 * bridge, vxlan, macvlan, and {@code Generic} for the rest), each an immutable record;
 * {@link dev.weft.netlink.link.LinkInfo} is what the kernel reports, with the kind-specific part
 * decoded back into the same records. {@link dev.weft.netlink.link.LinkCodec} holds the one
 * exhaustive switch that encodes them; {@link dev.weft.netlink.link.Links} runs the operations.
 *
 * <p>Why records and not a 40-field mutable attribute bag: a spec says exactly what a kind needs,
 * the compiler checks every kind is encoded, and equality makes round-trip tests trivial.
 *
 * <p>Limits and hazards: a veth peer or macvlan is placed in another namespace by an open namespace
 * fd (IFLA_NET_NS_FD), which must stay open until the call returns. A dump cannot tell a veth's
 * peer name (only its index, {@code parent}). Kinds this kernel lacks (dummy, ipvlan, ipip here) and
 * bridge VLAN filtering on this kernel are {@link dev.weft.netlink.socket.NetlinkException.NotSupportedException}.
 * Renaming needs the link down on older kernels.
 *
 * <p>Round trips: {@code addAndGet} asks for the kernel's echo of the new device (NLM_F_ECHO on
 * RTM_NEWLINK, Linux 6.3+) instead of a GETLINK after it, and falls back to the GETLINK where no
 * echo comes. The echo is sent when the device is configured, before IFLA_MASTER is applied, so it
 * reports no master ({@code addPort} fills it in); a veth's echo carries its peer's index in the
 * peer's namespace (IFLA_LINK). {@code addPort} sends three requests in one datagram (master up,
 * create with IFLA_MASTER and IFF_UP, master read back): the kernel refuses a missing master with
 * the whole creation undone, and any later failure deletes the device again.
 *
 * <p>IPv6 address generation ({@code setIpv6AddrGenMode}, IFLA_AF_SPEC/AF_INET6): Linux 6.18
 * refuses IFLA_AF_SPEC in a creation with EAFNOSUPPORT (as {@code ip link add ... addrgenmode none}
 * shows), so a device made without a link-local address is made first and set by its index before
 * its carrier comes up; a SETLINK by name in the creation's datagram would change another device
 * whenever the name is taken.
 */
package dev.weft.netlink.link;
