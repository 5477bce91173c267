/**
 * {@code weft}: the cluster's CNI plugin, a meta plugin like Flannel's. It reads the node agent's
 * {@code subnet.env} (network, this node's subnet, MTU, masquerade) and delegates to
 * {@code weft-bridge} with {@code weft-host-local} on the node's subnet. The delegate's
 * configuration is saved per attachment so DEL and CHECK use exactly what ADD used, even after
 * the node's subnet or the agent changed.
 *
 * <p>Hazards and the answers to them (issue #13): the data directory is private ({@code 0700},
 * files {@code 0600}) and written only by rename or exclusive creation, never through a link; its
 * paths are absolute and normal ({@link dev.weft.plugins.meta.WeftConfig}); the pod's
 * {@code K8S_POD_*} args must be Kubernetes names before anything is set up
 * ({@link dev.weft.plugins.meta.PodIdentity}); a pod record never outlives its address (DEL removes
 * it before the delegate frees the address, GC before the delegate's GC, and an ADD that cannot
 * record its pod undoes the delegate); GC removes only files weft wrote
 * ({@link dev.weft.plugins.meta.SavedFiles}).
 */
package dev.weft.plugins.meta;
