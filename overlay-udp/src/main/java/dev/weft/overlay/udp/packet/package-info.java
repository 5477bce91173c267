/**
 * Pure packet code for the UDP overlay, tested without root: IPv4 and TCP headers read and written
 * in place ({@link dev.weft.overlay.udp.packet.Ipv4}, {@link dev.weft.overlay.udp.packet.Tcp}), the
 * Internet checksum and its incremental update ({@link dev.weft.overlay.udp.packet.Checksum}), ICMP
 * errors ({@link dev.weft.overlay.udp.packet.Icmp}), the virtio-net header of an IFF_VNET_HDR TUN
 * ({@link dev.weft.overlay.udp.packet.VirtioNetHdr}), and TCP segmentation and coalescing in user
 * space ({@link dev.weft.overlay.udp.packet.TcpSegmenter}, {@link dev.weft.overlay.udp.packet.TcpCoalescer}),
 * the two halves of what wireguard-go does to move 64 KiB per system call.
 *
 * <p>Why segments and offsets, not objects: this code runs once per packet on the datapath, where
 * an allocation per packet would bring the garbage collector into the latency tail. Everything
 * works on a {@link java.lang.foreign.MemorySegment} (off-heap in the datapath, a heap array in
 * tests) at an offset, returns primitives, and keeps per-thread state in reusable instances.
 *
 * <p>Hazards: headers are trusted only after {@link dev.weft.overlay.udp.packet.Ipv4#check}; every
 * length read from a packet is checked against the bytes actually there before it is used as a
 * copy length. Only IPv4 is handled (weft's cluster networks are IPv4 for this backend, as
 * Flannel's UDP backend is).
 */
package dev.weft.overlay.udp.packet;
