/**
 * Docker containers as pods, so NetworkPolicy selects them like CNI pods.
 *
 * <p>Why here: libnetwork's remote driver protocol never carries the container — Join names an
 * endpoint, its network and a sandbox key, nothing of the container's labels or name. dockerd's own
 * API does: {@code GET /containers/json?all=1} lists every container with its labels and, per
 * network, the endpoint ID the driver made. The publisher writes one {@link dev.weft.nodestate.PodRecord}
 * per endpoint into the {@code weft} plugin's dataDir — the directory the agent already publishes
 * to {@code /weft/pods/} — and puts the labels as the pod's metadata (in the agent:
 * {@code /weft/podmeta/}). A container is pod {@code NETWORK/NAME}: namespace the Docker network's
 * name (which must then be a DNS label, else the container is not published and a warning says
 * so), name the container's name (or its short ID when the name is not a Kubernetes name). Records
 * carry the container ID {@code docker-ENDPOINTID} ({@code PodRecord.DOCKER_PREFIX}), which tells
 * them from the CNI plugin's (whose GC leaves them alone), and the sandbox's namespace path from
 * Join, which lab views enter.
 *
 * <p>When: at Join, before Docker gets the answer. dockerd records a container's endpoint only once
 * the container runs, after Join, so the container is found by elimination: the only container on
 * the endpoint's network whose attachment has no endpoint yet. Both lists dockerd serves from its
 * in-memory views without the container's lock, which dockerd holds while it waits for the Join;
 * they are read with a 2 s bound. Found, the labels are put, the record written, and the Join waits
 * (up to 2 s, as a CNI ADD does in the agent) for a policy round of the node that begins after the
 * record: the container's process starts with its policy in place on this node. Not found —
 * several containers on the network without an endpoint (containers started at once, stopped ones
 * attached to it), dockerd slow, or no dockerd — the periodic round (every second in the agent)
 * publishes it once dockerd lists its endpoint, and waits for the policy round then: that is the
 * window left, about a second plus a policy round, during which the new container is no pod —
 * policy that would admit it by its labels does not yet, and policy that would isolate it does not
 * either. The record of a joined endpoint stays while the driver holds the endpoint, and goes at
 * DeleteEndpoint. Other nodes learn of the pod through the datastore watch, as for CNI pods.
 *
 * <p>The same list shows what Docker forgot: an endpoint the driver holds that no container lists
 * for a grace period (60 s in the agent), on a network dockerd still has, is collected as a
 * {@code docker rm} would have removed it ({@code DeleteEndpoint}, then {@code ReleaseAddress}).
 * The network check keeps a driver pointed at the wrong dockerd from collecting what another
 * dockerd uses.
 *
 * <p>Limits and hazards: labels are copied as they are: a Docker label that is not a valid
 * Kubernetes label still matches by string. Pod metadata is not deleted when a container goes
 * (the inventory has no deletion for it; the pod itself is deleted, so nothing selects it). The
 * elimination needs the joining container listed on the network already; a running container
 * attached by {@code docker network connect} may not be yet, and is then published by the periodic
 * round. The client is a plain HTTP/1.0 GET over the unix socket, read to the end:
 * the one request needs no keep-alive or chunking, and the Jetty client (with unix-domain
 * transport) is not among the libraries served here.
 */
package dev.weft.cnm.docker;
