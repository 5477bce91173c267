/**
 * The {@code bgp} backend: the agent's side of the BGP routing in module {@code bgp}.
 *
 * <h2>How it runs</h2>
 * The agent's {@link dev.weft.node.backend.PeerReconciler} drives it like any backend; a round calls
 * {@link dev.weft.node.backend.Backend#beginRound} with every lease, where this backend builds the
 * node's {@link dev.weft.bgp.bird.BirdInput} (leases, cluster configuration, BGP settings) and has
 * {@link dev.weft.bgp.speaker.BgpSpeaker#ensure} make BIRD run it; an unchanged configuration costs a
 * string comparison. Rounds come from the lease watch (a node joined or was removed: its session is
 * added or dropped at once), the {@code /weft/bgp/} watch (peers, reflectors, AS, mesh), BIRD's kernel
 * routes appearing or disappearing (so the agent's status follows the routes within milliseconds) and
 * the resync period. A peer is connected when a route to its subnet installed by weft's BIRD (metric
 * 119, proto bird) is in the main table, whichever session it came from; otherwise it is reported as
 * refused and pending, with the state of the session that should bring it.
 *
 * <h2>With a cluster pool</h2>
 * When the cluster has a weft-ipam pool ({@code cluster init --backend bgp --pool NAME}), a round also
 * reads the pool's routing view (one range read of its blocks) into the input ({@link
 * dev.weft.node.backend.bgp.PoolInputs}): BIRD exports this node's blocks and borrowed /32s and imports
 * the others'; the agent's {@code BlockRoutes} (woken by the watch on the pool's blocks, which also
 * wakes this round) routes only this node's share on-link to {@code weft0}. A pool that cannot be read
 * leaves BIRD as it runs: a configuration without the blocks would withdraw them from every node.
 *
 * <h2>BIRD beside the agent</h2>
 * BIRD's files are under the agent's run directory ({@code --run-dir}, default {@code /run/weft}, so
 * {@code /run/weft/bird/}: configuration, control socket, pid file, log). BIRD is started with
 * {@code setsid} and outlives the agent: a restarted or killed agent adopts it by its pid file and no
 * route changes. After every round the agent writes BIRD's sessions ({@link dev.weft.bgp.speaker.BgpStatus})
 * to {@code bgp.json} beside its status file, which {@code weft bgp status} reads. Stopping the agent
 * leaves BIRD running; {@code --leave} stops it, so every peer drops this node's routes at once.
 *
 * <h2>Hazards</h2>
 * A service manager that kills the agent's whole cgroup (systemd's default {@code KillMode=control-group})
 * also kills BIRD, and a restart then withdraws this node's routes until BIRD is back (peers keep them
 * as stale for the graceful restart time when BIRD died without a notification). Run the agent's unit
 * with {@code KillMode=process}, or BIRD in a unit of its own. Pods get the uplink's MTU: the underlay
 * must route the pod network (every router on the way learns it over BGP, or the nodes share a segment
 * with the mesh on).
 */
package dev.weft.node.backend.bgp;
