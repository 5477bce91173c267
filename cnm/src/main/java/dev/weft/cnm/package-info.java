/**
 * weft speaks Docker's Container Network Model: a libnetwork remote network driver and IPAM driver
 * on one unix socket ({@code /run/docker/plugins/weft.sock}, Docker's plugin discovery).
 *
 * <p>Discovery: dockerd (moby {@code pkg/plugins/discovery.go}, v20.10.24 as Debian ships it) finds
 * plugin {@code NAME} — the name in {@code docker network create -d NAME} — by a socket
 * {@code /run/docker/plugins/NAME.sock} (or {@code NAME/NAME.sock}), else by a spec file
 * {@code NAME.spec}/{@code NAME.json} in {@code /etc/docker/plugins} or {@code /usr/lib/docker/plugins}
 * naming the socket's URL. The directories are compiled in: {@code --exec-root} moves neither (its
 * managed-plugin directory is the same {@code /run/docker/plugins}). So the socket's file name is
 * the driver's name, and a driver serving elsewhere needs a spec file. A socket there works with
 * dockerd started through {@code nsenter --net} in another network namespace (checked on this
 * machine; the e2e tests use it); an earlier note that dockerd ignored it did not reproduce.
 *
 * <p>Why: CNI pods and Docker containers on one node then share weft's subnets, bridge, IPAM and
 * data path. A network created without {@code --subnet} gets the node's subnet from the agent's
 * {@code subnet.env}, the agent's bridge {@code weft0}, and addresses from the CNI pods' own
 * host-local store — so a Docker container is reachable from pods on other nodes like a pod.
 *
 * <p>Design: {@code server} is the HTTP layer (Jetty 12, unix-domain connector) and {@code Routes}
 * the protocol's URL table and error shapes; {@code network} and {@code ipam} are the drivers, each
 * method a body in and a body out; {@code state} is their persisted memory. Endpoints are made by
 * weft-bridge run in-process (see {@code BridgePlumbing}), not by a data path of their own.
 *
 * <p>Limits: IPv4 only; the bridge plugin only (macvlan is refused as an option); Docker's
 * container labels reach NetworkPolicy only through dockerd's API ({@code docker}: the protocol does
 * not carry them), so only where the driver is given dockerd's socket.
 */
package dev.weft.cnm;
