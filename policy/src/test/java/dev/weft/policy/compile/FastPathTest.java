package dev.weft.policy.compile;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.NamespaceInfo;
import dev.weft.policy.PodInfo;
import dev.weft.policy.manifest.PolicyManifest;
import dev.weft.policy.testing.Golden;
import dev.weft.policy.testing.NftCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.weft.policy.testing.Yaml.policy;
import static org.assertj.core.api.Assertions.assertThat;

/** The fast path's table: which pods and subnets it carries, pinned by a golden file and checked by {@code nft -c}. */
class FastPathTest {
    private static final FastPathRoutes ROUTES = new FastPathRoutes(Cidr.parse("10.244.0.0/16"), List.of(
            new FastPathRoutes.Remote(Cidr.parse("10.244.9.0/24"), IpAddress.parse("172.30.0.1"), InterfaceName.of("eth0"), 2),
            new FastPathRoutes.Remote(Cidr.parse("10.244.3.0/24"), IpAddress.parse("172.30.0.13"), InterfaceName.of("eth0"), 2),
            new FastPathRoutes.Remote(Cidr.parse("192.168.0.0/24"), IpAddress.parse("172.30.0.1"), InterfaceName.of("eth0"), 2)),
            Map.of(InterfaceName.of("vetha"), 11, InterfaceName.of("vethb"), 12, InterfaceName.of("vethdb"), 13));

    private static PodInfo pod(String name, String node, String ip, String veth) {
        PodInfo p = PodInfo.of("prod", name, Map.of("app", name), node, IpAddress.parse(ip));
        return veth == null ? p : p.withHostIface(InterfaceName.of(veth));
    }

    private static ClusterSnapshot cluster(String policies) {
        return new ClusterSnapshot(List.of(NamespaceInfo.of("prod", Map.of())), List.of(
                pod("a", "n1", "10.244.1.2", "vetha"),
                pod("b", "n1", "10.244.1.3", "vethb"),
                pod("db", "n1", "10.244.1.4", "vethdb"),
                pod("gone", "n1", "10.244.1.5", "vethgone"), // its veth has no index: not there
                pod("nohost", "n1", "10.244.1.6", null),
                pod("far", "n2", "10.244.9.2", "vethfar")), policies.isEmpty() ? List.of() : PolicyManifest.parse(policies));
    }

    @Test
    void unisolatedPodsOfThisNodeAndTheRemoteSubnetsOfTheClusterNetwork() throws Exception {
        ClusterSnapshot c = cluster(policy("prod", "db", """
                podSelector: {matchLabels: {app: db}}
                policyTypes: [Egress]
                egress: [{to: [{podSelector: {}}]}]
                """));
        String script = FastPath.full(c, "n1", ROUTES).render();
        Golden.check("fast-path-n1.nft", script);
        NftCheck.assertValid(script);
        assertThat(script).contains("\"vetha\" . 10.244.1.2").contains("10.244.1.3 : 12")
                .as("isolated (egress only): its whole traffic stays on the kernel's path").doesNotContain("10.244.1.4")
                .doesNotContain("vethgone").doesNotContain("10.244.1.6").doesNotContain("10.244.9.2 ")
                .as("outside the cluster network").doesNotContain("192.168.0.0")
                .contains("10.244.3.0/24 : 172.30.0.13").contains("devices = { \"eth0\" }");
        assertThat(FastPath.full(c, "n1", ROUTES).render()).as("deterministic").isEqualTo(script);
        assertThat(FastPath.isolatedAddresses(c, "n1")).as("what must leave, routes or not")
                .containsExactly(IpAddress.parse("10.244.1.4"));
        assertThat(FastPath.isolatedAddresses(c, "n2")).isEmpty();
    }

    @Test
    void withoutAFastPodOrARemoteSubnetTheTableGoes() {
        String isolated = FastPath.full(cluster(policy("prod", "all", """
                podSelector: {}
                policyTypes: [Ingress]
                """)), "n1", ROUTES).render();
        assertThat(isolated).isEqualTo("add table netdev weft_fast\ndelete table netdev weft_fast\n");
        String alone = FastPath.full(cluster(""), "n1", new FastPathRoutes(ROUTES.network(), List.of(), ROUTES.podIfindex()))
                .render();
        assertThat(alone).isEqualTo(isolated);
    }
}
