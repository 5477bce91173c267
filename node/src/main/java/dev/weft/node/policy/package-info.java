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
 *
 * <p><b>Drop log.</b> Each pod chain logs what it drops, rate-limited, to an NFLOG group
 * ({@link dev.weft.policy.compile.LogDrops}; 10 a second and 20 at once per chain by default).
 * {@link dev.weft.node.policy.DropLog} binds the group in the node's namespace when the agent
 * starts — when it cannot (no {@code nfnetlink_log}, the group taken), the enforcer compiles
 * without log rules, so policy never depends on logging — and resolves each record with
 * {@link dev.weft.node.policy.DropVerdict} against the snapshot the last round applied: the
 * chain's name (the log prefix) gives the direction, the addresses the pods, the evaluator the
 * policies that isolate the pod ({@code explain}'s words). The last 200 are kept in memory and
 * every record is appended to {@code RUN/drops.jsonl} ({@link dev.weft.node.policy.DropFile},
 * rotated at 1 MiB to {@code drops.jsonl.1}). A file rather than a socket: it outlives an agent
 * restart, {@code weft policy drops} and the lab read it with no protocol and no running agent,
 * and rotation bounds it. Under a flood the kernel's limit is the guard; behind it, the queue
 * between receiver and writer is bounded (256) and what does not fit is counted, not waited for.
 * Limits: underlay pods' in-namespace tables do not log (records would go to the pod's
 * namespace); a record is resolved with the snapshot of its arrival, so a pod removed since is
 * named by address; only pod chains' drops are logged, not anti-spoofing or invalid state.
 */
package dev.weft.node.policy;
