/**
 * The client's socket on the container's interface: {@link dev.weft.dhcp.transport.UdpDhcpSocket}
 * (a kernel UDP socket on port 68 bound to the device, opened inside the namespace by
 * {@link dev.weft.dhcp.transport.KernelNetwork} through {@link dev.weft.netlink.ns.NetNs#run}) behind
 * the {@link dev.weft.dhcp.transport.Network} and {@link dev.weft.dhcp.transport.DhcpSocket} seams.
 *
 * <p>UDP was chosen over a raw AF_PACKET socket because it works: with {@code SO_BINDTODEVICE} the
 * kernel sends the limited broadcast out of the device before the interface has an address, and
 * delivers the server's broadcast replies (the client sets the broadcast flag until it is bound).
 * The kernel then builds headers and checksums, needs no BPF filter, and renewals are ordinary
 * unicast. The syscalls (setsockopt with a buffer, sendto/recvfrom with {@code sockaddr_in}, poll)
 * are in {@link dev.weft.netlink.sys.InetDatagram}, one method handle per C function with errno
 * captured per call.
 */
package dev.weft.dhcp.transport;
