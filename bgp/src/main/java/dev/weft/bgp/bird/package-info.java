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
 * <li>Import: prefixes inside the cluster network no shorter than a node subnet
 *     ({@code net ~ [ 10.244.0.0/16{24,32} ]}), never this node's own subnet; so never a default
 *     route and never the cluster network as a whole. An explicit peer's {@code accept} prefixes are
 *     added for that peer only, exactly (this node's subnet stays refused).</li>
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
