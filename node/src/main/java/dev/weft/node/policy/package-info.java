/**
 * NetworkPolicy on the node: the agent publishes the pods its CNI plugin attached
 * ({@link dev.weft.node.policy.PodPublisher}), reads pods, labels, namespaces and policies from the
 * datastore into a snapshot ({@link dev.weft.node.policy.Snapshots}), and keeps the node's
 * {@code inet weft_policy} table equal to the compiler's output for it
 * ({@link dev.weft.node.policy.PolicyEnforcer}): the first round and any round after a failure
 * or a vanished table replace the table whole in one transaction; the others apply only the
 * difference, usually set and map elements. A restarted agent's first round replaces the old
 * table atomically, so isolated pods are never left open in between.
 *
 * <p>Same-node pod traffic crosses the bridge, not the router: it meets the {@code inet} forward
 * hook only with {@code br_netfilter}'s {@code bridge-nf-call-iptables} on in the node's namespace,
 * which the enforcer turns on when the module is present and warns about when it is not.
 */
package dev.weft.node.policy;
