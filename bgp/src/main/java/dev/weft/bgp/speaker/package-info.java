/**
 * What a BGP routing backend calls: {@link dev.weft.bgp.speaker.BgpSpeaker#ensure} with the cluster
 * as this node sees it ({@link dev.weft.bgp.speaker.NodeInputs} reads it from the subnet leases,
 * the cluster configuration and the BGP settings), and {@link dev.weft.bgp.speaker.BgpSpeaker#status}
 * for {@code weft bgp status} ({@link dev.weft.bgp.speaker.BgpStatus}: a table or JSON, per node,
 * each session's state, uptime and routes learned, and why a session is not up). The backend is
 * then a loop, woken by the lease and {@code /weft/bgp/} watches, that calls {@code ensure}; its
 * {@code close} leaves BIRD running, node removal calls {@code withdraw}.
 *
 * <p>With a node range (dynamic BGP) {@link dev.weft.bgp.speaker.JoinPlan} decides, on every
 * {@code ensure}, which nodes this node leaves to the range: its rules keep "one side of every pair
 * opens the session" true without a {@code configure} on a join, using what the running BIRD names
 * (its configuration file, so an agent restart changes nothing) and which sessions the range spawned
 * ({@code show protocols all}, one request per round while BIRD runs). Spawned sessions are mapped
 * back to node names by their neighbor address for status. Hazard: a node whose lease lapses while
 * its BIRD keeps announcing may reconnect through the range; the next round disables that session
 * again (its routes are gone between the two within a round).
 */
package dev.weft.bgp.speaker;
