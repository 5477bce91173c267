/**
 * Who the peers are, for the UDP overlay's packet threads: {@link dev.weft.overlay.udp.peer.PeerTable}
 * (an immutable snapshot: subnet → underlay address, longest prefix first, and the set of peer
 * addresses), {@link dev.weft.overlay.udp.peer.LivePeers} (the snapshot in force, swapped whole by a
 * volatile write), and the peers file the agent writes and {@link dev.weft.overlay.udp.peer.PeerWatcher}
 * follows.
 *
 * <p>Why a file rather than a socket: the datapath runs as its own process so that it outlives the
 * agent. A file written by rename is the simplest channel that needs nobody listening: an agent
 * that restarts just writes the same file again (unchanged content is not even rewritten), the
 * datapath that restarts reads it at start, and neither has to wait for the other. The cost is a
 * delay of at most a second when inotify misses an event, and no acknowledgement (the status file
 * the datapath writes reports the peers it has in force and the last refusal).
 */
package dev.weft.overlay.udp.peer;
