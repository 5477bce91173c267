package dev.weft.policy.compile;

import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.ContainerPort;
import dev.weft.policy.NamespaceInfo;
import dev.weft.policy.PodInfo;
import dev.weft.policy.Protocol;
import dev.weft.policy.manifest.PolicyManifest;
import dev.weft.policy.testing.E2eCluster;
import dev.weft.policy.testing.Golden;
import dev.weft.policy.testing.NftCheck;
import dev.weft.policy.testing.SamplePolicies;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.weft.policy.testing.Yaml.policy;
import static org.assertj.core.api.Assertions.assertThat;

/** The compiled text, pinned by golden files, and accepted by the kernel's own parser ({@code nft -c}). */
class PolicyCompilerGoldenTest {
    static final String E2E_POLICIES = SamplePolicies.E2E;

    @Test
    void e2eClusterOnNode1() throws Exception {
        String script = PolicyCompiler.compile(E2eCluster.with(E2E_POLICIES), "node-1").render();
        Golden.check("e2e-node-1.nft", script);
        NftCheck.assertValid(script);
    }

    @Test
    void dualStackIpBlocksAndSctp() throws Exception {
        ClusterSnapshot cluster = new ClusterSnapshot(List.of(NamespaceInfo.of("prod", Map.of("env", "prod"))), List.of(
                PodInfo.of("prod", "db", Map.of("app", "db"), "n1", IpAddress.parse("10.1.0.5"), IpAddress.parse("fd00:1::5"))
                        .withNamedPorts(Map.of("pg", new ContainerPort(5432, Protocol.TCP)))
                        .withHostIface(InterfaceName.of("vethdb")),
                PodInfo.of("prod", "web", Map.of("app", "web"), "n2", IpAddress.parse("10.1.1.7"), IpAddress.parse("fd00:1:1::7"))),
                PolicyManifest.parse(policy("prod", "db", """
                        podSelector: {matchLabels: {app: db}}
                        policyTypes: [Ingress, Egress]
                        ingress:
                        - from: [{podSelector: {matchLabels: {app: web}}}]
                          ports: [{port: pg}]
                        - from: [{ipBlock: {cidr: 'fd00:9::/48', except: ['fd00:9:0:1::/64']}}]
                          ports: [{protocol: SCTP}]
                        egress:
                        - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]
                        """)));
        String script = PolicyCompiler.compile(cluster, "n1").render();
        Golden.check("dual-stack-n1.nft", script);
        NftCheck.assertValid(script);
        assertThat(PolicyCompiler.compile(cluster, "n1").render()).as("deterministic").isEqualTo(script);
    }

    /** An underlay pod's table in its own namespace: its chains only, input/output hooks, its node exempt. */
    @Test
    void oneUnderlayPodInItsOwnNamespace() throws Exception {
        ClusterSnapshot cluster = E2eCluster.with(E2E_POLICIES);
        PodInfo pod = cluster.pods().stream().filter(p -> p.nodeName().equals("node-1")).filter(p ->
                !cluster.isolating(p, dev.weft.policy.PolicyType.INGRESS).isEmpty()).findFirst().orElseThrow();
        String script = PolicyCompiler.fullInPod(PolicyCompiler.podRuleset(cluster, pod.namespace(), pod.name()),
                List.of(IpAddress.parse("192.0.2.11"), IpAddress.parse("fd00:f::11"))).render();
        Golden.check("in-pod-namespace.nft", script);
        NftCheck.assertValid(script);
        assertThat(script).contains("hook input").contains("hook output").doesNotContain("hook forward")
                .contains("ip saddr { 192.0.2.11 } accept").contains("ip6 daddr { fd00:f::11 } accept");
        for (PodInfo other : cluster.pods()) {
            if (!other.key().equals(pod.key())) {
                other.ips().forEach(ip -> assertThat(script).as("no verdict for " + other.key())
                        .doesNotContain(ip + " : jump"));
            }
        }
        pod.ips().forEach(ip -> assertThat(script).contains(ip + " : jump ingress_"));
    }

    @Test
    void nodeWithoutIsolatedPodsStillInstallsBaseChains() throws Exception {
        String script = PolicyCompiler.compile(E2eCluster.with(List.of()), "node-2").render();
        assertThat(script).startsWith("add table inet weft_policy\ndelete table inet weft_policy\nadd table inet weft_policy\n")
                .doesNotContain("add chain inet weft_policy ingress_").contains("ip daddr vmap @ingress4");
        NftCheck.assertValid(script);
    }
}
