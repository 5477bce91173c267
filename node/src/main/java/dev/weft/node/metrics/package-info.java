/**
 * The agent's Prometheus metrics: one {@link dev.weft.node.metrics.NodeMetrics} per agent, handed
 * to the components that count (the CNI handler and its in-process delegates, the peer
 * reconciler, the policy enforcer, the lease loop, the datastore through
 * {@link dev.weft.node.metrics.TimedDatastore}), served by {@link dev.weft.node.metrics.MetricsServer}.
 *
 * <p>Why an object and not the client's default registry: two agents in one JVM (tests, the lab's
 * in-process helpers) must not add to each other's counts, and a component built without metrics
 * (a test, {@code weft cni serve} in a benchmark) takes {@link dev.weft.node.metrics.NodeMetrics#unserved()},
 * which counts into a registry nobody reads.
 *
 * <p>Where it is served: a unix socket under the agent's run dir by default ({@code 0600}, as the
 * CNI socket), or a loopback TCP address when asked; {@link dev.weft.node.metrics.MetricsEndpoint}
 * refuses a wildcard address unless the user wrote it. Scrapes are cheap: every value is kept as
 * it changes, except the few read when scraped (host-local's held addresses: a map size under the
 * index's lock; the udp datapath's counters: its one-second status file).
 *
 * <p>Limits: histograms are classic buckets only (the text format carries nothing else); label
 * values are bounded sets (command, plugin name, CNI error code, loop, state), never a container
 * ID or a pod name, so the series count cannot grow with pods.
 */
package dev.weft.node.metrics;
