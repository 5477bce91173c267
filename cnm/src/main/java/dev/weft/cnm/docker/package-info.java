/**
 * Docker containers as pods, so NetworkPolicy selects them like CNI pods.
 *
 * <p>Why here: libnetwork's remote driver protocol never carries the container — Join names an
 * endpoint and a sandbox key, nothing of the container's labels or name. dockerd's own API does:
 * {@code GET /containers/json?all=1} lists every container with its labels and, per network, the
 * endpoint ID the driver made. {@link dev.weft.cnm.docker.DockerPublisher} asks it every period and
 * writes one {@link dev.weft.nodestate.PodRecord} per endpoint into the {@code weft} plugin's dataDir
 * — the directory the agent already publishes to {@code /weft/pods/} — and puts the labels as the
 * pod's metadata (in the agent: {@code /weft/podmeta/}). A container is pod {@code NETWORK/NAME}:
 * namespace the Docker network's name (which must then be a DNS label, else the container is not
 * published and a warning says so), name the container's name (or its short ID when the name is not
 * a Kubernetes name). Records carry the container ID {@code docker-ENDPOINTID}, which tells them from
 * the CNI plugin's.
 *
 * <p>The same list shows what Docker forgot: an endpoint the driver holds that no container lists
 * for a grace period (60 s in the agent), on a network dockerd still has, is collected as a
 * {@code docker rm} would have removed it ({@code DeleteEndpoint}, then {@code ReleaseAddress}).
 * The network check keeps a driver pointed at the wrong dockerd from collecting what another
 * dockerd uses.
 *
 * <p>Limits and hazards: a container is published up to one period after it starts, and enforced
 * at the agent's next policy round after that. Until then it is no pod: a policy that admits it by
 * its labels does not yet, and a policy that isolates it does not yet either — the race the agent
 * closed for CNI pods (an ADD answers once policy is in place) is open for Docker containers, whose
 * Join cannot wait for a container Docker has not yet recorded. Labels are copied as they are: a Docker label that is not a
 * valid Kubernetes label still matches by string. Pod metadata is not deleted when a container goes
 * (the inventory has no deletion for it; the pod itself is deleted, so nothing selects it). The
 * client is a plain HTTP/1.0 GET over the unix socket, read to the end: the one request needs no
 * keep-alive or chunking, and the Jetty client (with unix-domain transport) is not among the
 * libraries served here.
 */
package dev.weft.cnm.docker;
