/**
 * Kubernetes NetworkPolicy ({@code networking.k8s.io/v1}): the model, its evaluation and the pure
 * compiler to nftables.
 *
 * <p>Layers, one way: this package holds the immutable model and {@link dev.weft.policy.ClusterSnapshot},
 * which owns the single definition of "which pods a peer selects"; {@code manifest} parses YAML/JSON into
 * it; {@code eval} is the reference semantics (and {@code weft policy explain}); {@code compile} turns a
 * snapshot into one node's nftables script. Evaluator and compiler share the selection code, and tests run
 * the compiled rules through a simulator against the evaluator on the e2e matrix and on random clusters.
 *
 * <p>Semantic choices where Kubernetes leaves room, each as most implementations do:
 * <ul>
 * <li>Defaulting is the API server's ({@code SetDefaults_NetworkPolicySpec}): {@code policyTypes} absent means
 *     Ingress, plus Egress when there is at least one egress rule; so {@code egress: []} alone does not
 *     isolate egress, while {@code ingress: []} (like an absent ingress) denies all ingress.</li>
 * <li>A manifest without {@code metadata.namespace} goes to {@code default}, as with {@code kubectl apply}.</li>
 * <li>ipBlock matches pod addresses too (Calico, Cilium and kube-router do; the API says it "should" be
 *     for cluster-external IPs). ipBlock CIDRs with host bits are accepted and masked, as the API server does.</li>
 * <li>A named port resolves on the destination pod; a pod without that name, or with it under another
 *     protocol, matches nothing.</li>
 * <li>Traffic between a node and its own pods is always allowed; other nodes are plain addresses.</li>
 * </ul>
 *
 * <p>Limit: the evaluator matches a dual-stack pod against an ipBlock by any of its addresses, whereas the
 * compiled rules judge each packet by its own family. The two agree for single-stack pods; the random
 * cross-check is single-stack for that reason.
 *
 * <p>The evaluator's property tests are plain JUnit over fixed seeds, so every failure is reproducible by its
 * test name; the manifest parser, which reads outside input, is also fuzzed with jqwik
 * ({@code PolicyManifestPropertiesTest}), as the project asks for every such parser.
 */
package dev.weft.policy;
