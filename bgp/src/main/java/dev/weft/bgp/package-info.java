/**
 * The BGP routing backend's core, built the way Calico does it: every node runs a real BGP daemon
 * (BIRD 2) that announces the node's pod subnet and installs the other nodes' subnets in the kernel.
 * This package holds the settings and their datastore persistence; {@code bird} compiles and runs
 * BIRD, {@code speaker} is what a backend calls, {@code frr} is the lab's top-of-rack router.
 *
 * <h2>Settings in the datastore</h2>
 * {@code /weft/bgp/config} ({@link dev.weft.bgp.BgpConfig}: the cluster AS, the node-to-node mesh,
 * the route reflector nodes and their cluster id, the timers) and {@code /weft/bgp/peers/NAME}
 * ({@link dev.weft.bgp.BgpPeer}: explicit peers such as a top-of-rack router, global or bound to one
 * node). Records refuse bad values with the field in the message (a peer IP that is not an address,
 * AS 0 or above 4294967295); {@link dev.weft.bgp.BgpStore} refuses an unknown node, a duplicate peer
 * name or a peer address already used for the same nodes before it writes, and writes with
 * compare-and-swap, so a refused request stores nothing and concurrent edits are not lost. A node is
 * known when it holds a subnet lease or has a reservation.
 *
 * <h2>Topology</h2>
 * No reflectors: mesh on is an iBGP session between every two nodes, mesh off is none. Reflectors:
 * they peer with everyone (non-reflectors are their clients) and with each other; clients peer only
 * with them (a reflector topology stays one even while every reflector is down). Explicit peers are
 * eBGP when their AS differs from the cluster's, iBGP otherwise.
 *
 * <h2>Timers</h2>
 * {@link dev.weft.bgp.BgpTimers#DEFAULT}: hold 9 s, keepalive 3 s, connect retry 5 s (error wait 5
 * to 30 s), graceful restart time 120 s, restart wait 20 s; a new session first connects after 1 s
 * (BIRD's {@code connect delay time}, default 5 s, which made every node join 5 s slower). A node
 * that dies without closing its sessions is withdrawn by every peer when the hold timer expires, 6 to 9 s after it died: BIRD
 * 2.0.12 applies graceful restart only when the TCP session closes (or with long-lived graceful
 * restart, which weft leaves off), not on hold timer expiry. BFD is not used (it would bring failure
 * detection under a second; it needs {@code protocol bfd} and {@code bfd on} per session, left for
 * later). A node that is removed is withdrawn at once: the other nodes' configuration loses its
 * session on their next {@code ensure} and BIRD drops its routes when it removes the protocol, and
 * its own BIRD, stopped with SIGTERM, sends a Cease to every peer.
 *
 * <h2>Restarts keep routes (Calico #1423)</h2>
 * BIRD runs beside the agent, not inside it: the agent's restart or {@code kill -9} leaves BIRD and
 * its routes alone, and the next agent adopts it by its pid file. When BIRD itself dies (killed,
 * crashed), the kernel keeps its routes (no {@code persist} is needed for that; a clean shutdown
 * removes them, which is what node removal wants), peers keep this node's routes as stale for the
 * graceful restart time because the session closed without a notification, and the supervisor starts
 * BIRD again with {@code -R}: the kernel protocol ({@code graceful restart}) then touches no route
 * until the sessions are back and have sent End-of-RIB, or {@code restartWait} passed. It restarts
 * from the recovery configuration ({@code bird.BirdConfig#recovery}: every node named, no node-range
 * listener), because only sessions BIRD starts itself take part in the recovery and announce that
 * they kept their forwarding state; the agent's next round adds the listener back. Without
 * {@code -R} both sides delete and re-add every route (verified: {@code ip monitor route} shows a
 * delete and an add per route; with {@code -R}, nothing).
 *
 * <h2>Limits</h2>
 * IPv4 only (router id, sessions, filters). eBGP peers must be on a connected network (BIRD's
 * direct eBGP); no multihop eBGP, no passwords, no communities. Only BIRD writes the kernel routes;
 * they carry protocol 12 (RTPROT_BIRD, which BIRD always writes) and weft's metric 119.
 */
package dev.weft.bgp;
