/**
 * What a BGP routing backend calls: {@link dev.weft.bgp.speaker.BgpSpeaker#ensure} with the cluster
 * as this node sees it ({@link dev.weft.bgp.speaker.NodeInputs} reads it from the subnet leases,
 * the cluster configuration and the BGP settings), and {@link dev.weft.bgp.speaker.BgpSpeaker#status}
 * for {@code weft bgp status} ({@link dev.weft.bgp.speaker.BgpStatus}: a table or JSON, per node,
 * each session's state, uptime and routes learned, and why a session is not up). The backend is
 * then a loop, woken by the lease and {@code /weft/bgp/} watches, that calls {@code ensure}; its
 * {@code close} leaves BIRD running, node removal calls {@code withdraw}.
 */
package dev.weft.bgp.speaker;
