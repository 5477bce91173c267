/**
 * The node's DHCP lease holder ({@link dev.weft.node.dhcp.NodeDhcp}): one
 * {@link dev.weft.dhcp.DhcpLeases} per node, owned by the agent (or {@code weft cni serve
 * --dhcp-dir}, or {@code weft dhcp daemon}), handed to the in-process {@code weft-dhcp} through
 * the plugin catalog and served on a 0600 socket for calls that run outside this JVM.
 *
 * <h2>Why the agent holds the leases</h2>
 * The fast path already runs the plugin in the agent's JVM: with the leases there too, an ADD
 * costs no hop beyond the shim's, and the agent's life (started at boot, restarted by its
 * supervisor) is the life a lease holder needs. {@code weft dhcp daemon} is the same holder for
 * nodes without an agent.
 *
 * <h2>One holder per node</h2>
 * Whoever serves the socket first holds the leases; an agent that finds a live daemon there
 * forwards to it (and does not open the lease directory), a daemon that finds a live agent refuses
 * to start. Hazard: an agent started with {@code --dhcp-socket ''} but a lease directory another
 * holder also uses would renew the same leases twice; give each holder its own directory.
 */
package dev.weft.node.dhcp;
