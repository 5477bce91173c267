package dev.weft.node.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One agent's metrics (names {@code weft_…}, Prometheus style) in a registry of its own. The
 * components call the {@code record…} methods as things happen; {@link #write} renders the
 * Prometheus text format. Thread-safe (the client's metrics are).
 */
public final class NodeMetrics {
    /** 0.5 ms to 10 s: an in-agent ADD takes milliseconds, a policy apply or a slow datastore seconds. */
    private static final double[] SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
            2.5, 5, 10};
    /** IPAM plugins: their successful ADDs are allocations, their DELs releases. */
    private static final Set<String> IPAM = Set.of("weft-host-local", "weft-ipam", "weft-dhcp", "weft-static");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter cniRequests = counter("weft_cni_requests_total",
            "CNI calls served by the agent, by command, plugin and result code (0: success)", "command", "plugin", "code");
    private final Histogram cniDuration = histogram("weft_cni_request_duration_seconds",
            "Time the agent took to serve a CNI call", "command", "plugin", "code");
    private final Counter cniDelegated = counter("weft_cni_delegated_calls_total",
            "Delegate calls run in the agent (weft -> weft-bridge -> weft-host-local), by command, plugin and result",
            "command", "plugin", "result");
    private final Counter ipamAllocations = counter("weft_ipam_allocations_total",
            "Successful ADDs of an IPAM plugin in the agent (addresses handed to pods)", "plugin");
    private final Counter ipamReleases = counter("weft_ipam_releases_total",
            "Successful DELs of an IPAM plugin in the agent", "plugin");
    private final Gauge subnetSize = gauge("weft_ipam_node_subnet_addresses",
            "Addresses in this node's leased subnet (the weft plugin's host-local range)");
    private final Counter rounds = counter("weft_reconcile_rounds_total",
            "Reconcile rounds by loop (peers, policy) and result (ok, error)", "loop", "result");
    private final Histogram roundDuration = histogram("weft_reconcile_round_duration_seconds",
            "Time a reconcile round took, by loop", "loop");
    private final Gauge peersConnected = gauge("weft_peers_connected", "Peer nodes this node is connected to");
    private final Gauge peersRefused = gauge("weft_peers_refused", "Peer nodes the backend refused (or is waiting for)");
    private final Counter policyApplies = counter("weft_policy_applies_total",
            "nftables transactions applied by the policy loop, by kind (whole table, diff)", "kind");
    private final Histogram policyApplyDuration = histogram("weft_policy_apply_duration_seconds",
            "Time an nftables transaction of the policy loop took", "kind");
    private final Gauge policyRules = gauge("weft_policy_ruleset_rules", "Rules in this node's policy ruleset");
    private final Gauge policyElements = gauge("weft_policy_ruleset_set_elements",
            "Set and map elements in this node's policy ruleset");
    private final Histogram datastoreDuration = histogram("weft_datastore_request_duration_seconds",
            "Time a datastore request took, by operation", "op");
    private final Counter datastoreErrors = counter("weft_datastore_errors_total",
            "Datastore requests that failed, by operation", "op");
    private final Counter leaseRenewals = counter("weft_lease_renewals_total",
            "Subnet lease renewals by result (ok, lost: taken again, error)", "result");
    private final Gauge bgpSessions = gauge("weft_bgp_sessions", "BGP sessions of this node's BIRD by state", "state");

    private NodeMetrics() {
    }

    /** The agent's metrics, to be served. */
    public static NodeMetrics create() {
        return new NodeMetrics();
    }

    /** For components run without a metrics endpoint (tests, benchmarks): counts nobody reads. */
    public static NodeMetrics unserved() {
        return new NodeMetrics();
    }

    /** A served CNI call: {@code code} is 0 for success, else the CNI error code (999 when unknown). */
    public void recordCni(String command, String plugin, int code, long nanos) {
        String c = Integer.toString(code);
        cniRequests.labelValues(command, plugin, c).inc();
        cniDuration.labelValues(command, plugin, c).observe(nanos / 1e9);
        recordIpam(command, plugin, code == 0);
    }

    /** A delegate call run in the agent's JVM. */
    public void recordDelegate(String command, String plugin, boolean ok) {
        cniDelegated.labelValues(command, plugin, ok ? "ok" : "error").inc();
        recordIpam(command, plugin, ok);
    }

    private void recordIpam(String command, String plugin, boolean ok) {
        if (ok && IPAM.contains(plugin)) {
            if (command.equals("ADD")) {
                ipamAllocations.labelValues(plugin).inc();
            } else if (command.equals("DEL")) {
                ipamReleases.labelValues(plugin).inc();
            }
        }
    }

    /** host-local's held addresses per network directory, read at each scrape. */
    public void hostLocalHeld(Supplier<Map<String, Integer>> heldByNetwork) {
        GaugeWithCallback.builder().name("weft_ipam_hostlocal_addresses_held")
                .help("Addresses weft-host-local holds in the agent, by network").labelNames("network")
                .callback(cb -> heldByNetwork.get().forEach((net, n) -> cb.call(n, net))).register(registry);
    }

    public void recordSubnetSize(double addresses) {
        subnetSize.set(addresses);
    }

    /** A reconcile round of {@code loop} ("peers", "policy", "local-pods"). */
    public void recordRound(String loop, boolean ok, long nanos) {
        rounds.labelValues(loop, ok ? "ok" : "error").inc();
        roundDuration.labelValues(loop).observe(nanos / 1e9);
    }

    public void recordPeers(int connected, int refused) {
        peersConnected.set(connected);
        peersRefused.set(refused);
    }

    /** A policy transaction applied ({@code whole}: the whole table, else a diff). */
    public void recordPolicyApply(boolean whole, long nanos) {
        String kind = whole ? "whole" : "diff";
        policyApplies.labelValues(kind).inc();
        policyApplyDuration.labelValues(kind).observe(nanos / 1e9);
    }

    public void recordRuleset(int rules, int elements) {
        policyRules.set(rules);
        policyElements.set(elements);
    }

    public void recordDatastore(String op, boolean ok, long nanos) {
        datastoreDuration.labelValues(op).observe(nanos / 1e9);
        if (!ok) {
            datastoreErrors.labelValues(op).inc();
        }
    }

    /** A lease renewal: "ok", "lost" (taken again) or "error". */
    public void recordLeaseRenewal(String result) {
        leaseRenewals.labelValues(result).inc();
    }

    /** BGP sessions by state, as the speaker reported them this round (states not named drop to 0). */
    public void recordBgpSessions(Map<String, Integer> byState) {
        bgpSessions.clear();
        byState.forEach((state, n) -> bgpSessions.labelValues(state).set(n));
    }

    /** The udp datapath's counters, read from its status file at each scrape. */
    public void udpOverlay(java.nio.file.Path statusFile) {
        UdpOverlayMetrics.register(registry, statusFile);
    }

    /** Everything, in the Prometheus text format (version 0.0.4). */
    public void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** {@link #write} as a string (tests, logs). */
    public String text() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private Histogram histogram(String name, String help, String... labels) {
        return Histogram.builder().name(name).help(help).labelNames(labels).classicOnly().classicUpperBounds(SECONDS)
                .register(registry);
    }
}
