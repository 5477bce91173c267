/**
 * The cluster's shared state, Flannel's model: one {@link dev.weft.cluster.ClusterConfig} (the pod
 * network, the per-node subnet length and range, the backend) and one lease per node subnet under
 * {@code /weft/subnets/}, attached to a datastore lease with a TTL that the node agent renews.
 *
 * <p>A node gets, in order: its reservation; the subnet it already holds in the store; the subnet
 * it held before a restart (remembered locally) if still free; a free subnet picked at random (so
 * restarting nodes rarely collide). Every claim is a compare-and-swap, so two nodes can never hold
 * one subnet, whatever the datastore.
 */
package dev.weft.cluster;
