/**
 * weft's UDP overlay, Flannel's first backend rebuilt: a TUN device per node and a user-space
 * process that carries each IPv4 packet as the whole payload of a UDP datagram to the peer node
 * owning the destination (port 8285, Flannel's wire format, so weft and flanneld nodes in UDP mode
 * can talk). {@link dev.weft.overlay.udp.UdpOverlayMain} is the process,
 * {@link dev.weft.overlay.udp.UdpOverlay} the same thing as a library,
 * {@link dev.weft.overlay.udp.DatapathProcess} what the agent calls to keep it running.
 *
 * <p>Why its own process: the data path must survive the agent (0 lost pings across an agent
 * kill -9), and a TUN device lives exactly as long as the fds serving it. The agent starts the
 * process in a session of its own and tells it about peers through a file it rewrites by rename;
 * a restarted agent finds the process by its pid file and command line and leaves it running.
 *
 * <p>Three datapaths behind {@code --udp-datapath} ({@link dev.weft.overlay.udp.datapath}): simple
 * (Flannel's proxy: poll, read, sendto per packet), batched (sendmmsg/recvmmsg, a multi-queue TUN)
 * and offload (TUN TSO with virtio-net headers, user-space segmentation into one UDP GSO send,
 * UDP GRO and user-space coalescing back). The best one the kernel offers is the default, and
 * {@link dev.weft.overlay.udp.DatapathChoice} says why a better one was not taken.
 *
 * <p>Hazards and limits: IPv4 only. The TUN's address is the node's gateway address; if the
 * process dies the TUN, its address and its route vanish (the agent's supervision restarts it).
 * A datagram is accepted only from a peer's underlay address and only for this node's subnet,
 * which is the whole of the authentication: like Flannel's UDP backend, the overlay is neither
 * encrypted nor authenticated, and belongs on a trusted underlay.
 */
package dev.weft.overlay.udp;
