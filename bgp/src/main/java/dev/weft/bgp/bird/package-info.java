/**
 * BIRD 2 for one node: the configuration compiler ({@link dev.weft.bgp.bird.BirdConfig}, pure, golden
 * tested, every golden file also passes {@code bird -p}), the control socket client
 * ({@link dev.weft.bgp.bird.BirdControl}) with typed parsers of {@code show protocols all} and
 * {@code show route}, and the supervisor ({@link dev.weft.bgp.bird.BirdSupervisor}).
 *
 * <h2>The configuration</h2>
 * <ul>
 * <li>Export: this node's subnet only, originated as a static blackhole route that only BGP sees, so
 *     the aggregate is announced whether or not pods exist. A route reflector also passes on the node
 *     subnets it learned over iBGP (BIRD's iBGP rules decide to whom).</li>
 * <li>Import from explicit peers (and from nodes without a node range): the subnets the other nodes hold now and prefixes inside them
 *     ({@code net ~ [ 10.244.2.0/24+, 10.244.3.0/24+ ]}, from the leases), never this node's own
 *     subnet; so never a default route, never the cluster network as a whole, and never a subnet
 *     nobody holds: a node removed from the cluster is refused by every node at its next
 *     {@code ensure}, even while a router still announces it (kept as stale under graceful restart
 *     when the node died without a word). A filter change makes BIRD reload the sessions' imports
 *     (route refresh), which costs nothing at cluster scale. An explicit peer's {@code accept}
 *     prefixes are added for that peer only, exactly (this node's subnet stays refused).</li>
<li>Import from nodes, with a node range (dynamic BGP, below): any node-sized prefix of the cluster
     network ({@code 10.244.0.0/16{24,32}}) but this node's own subnet, so that a join changes no
     filter. A node that leaves goes with its session instead: a named one is dropped from the
     configuration, a spawned one is disabled by the speaker (its routes go at once, and it cannot
     come back from that address while no node holds it); the held-subnets filter stays on explicit
     peers, where a router keeps a dead node's routes as stale for the graceful restart time.</li>
<li>Dynamic BGP: with a node range (the node's uplink network) a passive protocol
     {@value dev.weft.bgp.bird.BirdConfig#LISTENER} ({@code neighbor range}) accepts node sessions
     no named session takes and spawns {@code dyn_N} for each, with the node sessions' settings (a
     reflector's: {@code rr client}). The nodes a node leaves to it are chosen by the speaker
     ({@code speaker.JoinPlan}): a joining node names every node, the others name nobody new, so a
     join is one new configuration (the joiner's) instead of one per node, and no session waits for
     a {@code configure} elsewhere. BIRD prefers a named session to the range for the same address.
     A spawned session survives {@code configure} and reconnects like a named one (it becomes active
     after its first session); {@code configure} removes it only when it is disabled. Nodes outside
     the range (behind a router) are named on both sides, as before. Checked on BIRD 2.0.12
     (dynamic BGP exists since 2.0.5).</li>
<li>Timers for a fast first session: {@code connect delay time 1} (BIRD's minimum; its default 5 s
     held both ends of every new named session), {@code error wait time 1, 30} (a session refused
     once is retried within a second, then backs off), {@code connect retry time} from the settings
     (5 s); a passive range has no delay at all.</li>
 * <li>A weft-ipam pool ({@link dev.weft.bgp.bird.BirdPool}, Calico's way with BIRD): this node's
 *     affine blocks and the host prefixes it borrowed from others' blocks are blackholes of the static
 *     protocol {@value dev.weft.bgp.bird.BirdConfig#BLOCKS} that only BGP sees (the kernel has them
 *     on-link to the pods' bridge, by the agent), exported beside the subnet; a borrowed /32 wins
 *     over its block holder's aggregate by longest prefix, and is withdrawn when its pod is released
 *     (the next configuration lacks it). In: never this node's own blocks or borrowed addresses
 *     (exactly those prefixes: an address a peer borrowed from an own block is imported); from
 *     nodes with a node range any prefix of the pool from a block to a host, so a claim elsewhere
 *     changes no filter; from explicit peers (the l3 router) only what the other nodes hold now —
 *     their blocks and anything inside, their borrowed host prefixes — for the same reason as the
 *     held subnets. The direct and kernel protocols learn nothing inside the pool. A claim or a
 *     borrow on this node is a new configuration ({@code bird -p}, then {@code configure}: BIRD
 *     reconfigures a static protocol without touching the sessions).</li>
 * <li>Kernel: only BGP-learned routes, with metric {@value dev.weft.bgp.bird.BirdConfig#ROUTE_METRIC};
 *     {@code merge paths on} makes equal routes from several peers one ECMP route. BIRD writes route
 *     protocol 12 (RTPROT_BIRD) whatever the configuration says: {@code krt_source} is read-only and
 *     {@code nl_send_route} sets {@code rtm_protocol = RTPROT_BIRD} (BIRD 2.0.12 through 3.x), so
 *     weft's mark is the pair (proto 12, metric 119) in the node's namespace, where weft's BIRD is the
 *     only BIRD. Other kernel routes (a default route) are learned, never exported, so iBGP next hops
 *     on other subnets resolve ({@code gateway recursive}).</li>
 * <li>iBGP sessions are multihop with recursive next hops; eBGP sessions are direct and have
 *     {@code allow local as}: a top-of-rack router in another AS passes node A's subnet to node B with
 *     the cluster AS in the path, which B would otherwise drop as a loop. Safe here because the import
 *     filter refuses B's own subnet anyway.</li>
 * <li>Sessions are named {@code node_NAME} and {@code peer_NAME} (sanitised to BIRD symbols) with a
 *     description saying who they are, so {@code birdc show protocols} is readable and status can
 *     map them back even for a BIRD adopted before the first compile.</li>
 * </ul>
 *
 * <h2>Applying</h2>
 * The supervisor writes the candidate, checks it with {@code bird -p -c FILE}, then writes
 * {@code bird.conf} atomically and sends {@code configure}. A candidate that fails is kept as
 * {@code bird.conf.rejected} and reported; the running configuration stays. BIRD runs in the
 * foreground ({@code -f}) under {@code setsid}, with its socket, pid file and log in weft's run
 * directory. Hazard: a service manager that kills the agent's whole cgroup (systemd's default
 * {@code KillMode=control-group}) also kills BIRD; the agent's unit should use
 * {@code KillMode=process} or run BIRD in a unit of its own for restarts to keep sessions up.
 */
package dev.weft.bgp.bird;
