/**
 * {@code weft}: the cluster's CNI plugin, a meta plugin like Flannel's. It reads the node agent's
 * {@code subnet.env} (network, this node's subnet, MTU, masquerade) and delegates to
 * {@code weft-bridge} with {@code weft-host-local} on the node's subnet. The delegate's
 * configuration is saved per attachment so DEL and CHECK use exactly what ADD used, even after
 * the node's subnet or the agent changed.
 */
package dev.weft.plugins.meta;
