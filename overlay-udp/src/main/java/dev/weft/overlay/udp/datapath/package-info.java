/**
 * The packet threads of the UDP overlay: three {@link dev.weft.overlay.udp.datapath.Datapath}s over
 * one {@link dev.weft.overlay.udp.datapath.Forwarder} (the decisions, shared and tested without
 * root). Each TUN queue gets one platform thread owning one socket, its buffers (a confined arena
 * allocated before the first packet) and its {@link dev.weft.overlay.udp.datapath.Counters}.
 *
 * <p>Where the time goes, per packet, in system calls (each call that carries data is also a copy
 * between kernel and user space; the status file counts the calls as {@code sys_*}; measured
 * figures in the module's README):
 * <ul>
 * <li>{@code simple}: read + sendto out, recvfrom + write in, poll(2) only when both sides are dry
 * (Flannel's {@code proxy.c}): 2.0 calls per packet each way, measured;</li>
 * <li>{@code batched}: read per packet and one sendmmsg per up to 32, one recvmmsg per up to 32
 * and a write per packet: 1.05, since the TUN has no batched read or write;</li>
 * <li>{@code offload}: the TUN gives up to 64 KiB of TCP per read and takes as much per write,
 * UDP GSO sends up to 44 datagrams per message and UDP GRO returns as many per receive: 0.03-0.04
 * calls per packet of bulk TCP, at the price of one checksum pass over the payload each way
 * (segmenting out, verifying before coalescing in); the payload itself is not copied in user
 * space: the sends and the TUN writes gather it from where it was read (iovecs from
 * {@link dev.weft.overlay.udp.packet.Gather} lists).</li>
 * </ul>
 *
 * <p>No allocation on the packet path: buffers, message headers, iovecs and sockaddrs are laid out
 * when the thread starts, per-packet calls take the thread's {@link dev.weft.netlink.sys.ErrnoSlot}
 * and return minus errno instead of throwing, counters are release stores into an
 * {@link java.util.concurrent.atomic.AtomicLongArray}. The peers table is read with one volatile
 * load. (Checked by {@code AllocationRootTest}: ThreadMXBean's allocated bytes of the packet threads
 * stay flat over hundreds of thousands of packets; see {@code DatapathProcess.JIT_FLAGS} for the
 * one inlining decision that had to be forced.)
 *
 * <p>Hazards: a packet thread that meets an unexpected errno dies and the datapath reports it
 * ({@link dev.weft.overlay.udp.datapath.Datapath#failure()}); the process then exits for its
 * supervisor to restart it, rather than limp on with a queue nobody serves. In {@code offload},
 * queued sends and a coalesced packet point into the read buffers: a buffer is reused only after
 * the batch that read it was flushed (one sendmmsg per TUN batch, every coalesced run written
 * before the next recvmmsg).
 */
package dev.weft.overlay.udp.datapath;
