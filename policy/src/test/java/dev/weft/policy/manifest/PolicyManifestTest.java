package dev.weft.policy.manifest;

import dev.weft.net.Cidr;
import dev.weft.policy.LabelRequirement;
import dev.weft.policy.LabelSelector;
import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PolicyPeer;
import dev.weft.policy.PolicyPort;
import dev.weft.policy.PolicyRule;
import dev.weft.policy.PolicyType;
import dev.weft.policy.Protocol;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.weft.policy.testing.Yaml.docs;
import static dev.weft.policy.testing.Yaml.policy;
import static org.assertj.core.api.Assertions.assertThat;

/** Valid manifests parse into the model, with the API server's defaults applied. */
class PolicyManifestTest {

    @Test
    void parsesTheKubernetesDocumentationExample() {
        List<NetworkPolicy> ps = PolicyManifest.parse("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: test-network-policy
                  namespace: default
                  labels: {team: net}
                spec:
                  podSelector:
                    matchLabels:
                      role: db
                  policyTypes:
                  - Ingress
                  - Egress
                  ingress:
                  - from:
                    - ipBlock:
                        cidr: 172.17.0.0/16
                        except:
                        - 172.17.1.0/24
                    - namespaceSelector:
                        matchLabels:
                          project: myproject
                    - podSelector:
                        matchLabels:
                          role: frontend
                    ports:
                    - protocol: TCP
                      port: 6379
                  egress:
                  - to:
                    - ipBlock:
                        cidr: 10.0.0.0/24
                    ports:
                    - protocol: TCP
                      port: 5978
                      endPort: 6000
                """);
        assertThat(ps).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("default/test-network-policy");
            assertThat(p.podSelector()).isEqualTo(LabelSelector.labels(Map.of("role", "db")));
            assertThat(p.policyTypes()).containsExactly(PolicyType.INGRESS, PolicyType.EGRESS);
            assertThat(p.ingress()).containsExactly(new PolicyRule(List.of(
                    PolicyPeer.IpBlock.of("172.17.0.0/16", "172.17.1.0/24"),
                    PolicyPeer.Selector.namespaces(LabelSelector.labels(Map.of("project", "myproject"))),
                    PolicyPeer.Selector.pods(LabelSelector.labels(Map.of("role", "frontend")))),
                    List.of(PolicyPort.tcp(6379))));
            assertThat(p.egress().getFirst().ports()).containsExactly(PolicyPort.of(Protocol.TCP, 5978, 6000));
        });
    }

    @Test
    void defaultsFollowSetDefaultsNetworkPolicySpec() {
        var ps = PolicyManifest.parse(docs(
                policy("x", "ingress-only", "podSelector: {}\n"),
                policy("x", "with-egress", "podSelector: {}\negress: [{}]\n"),
                policy("x", "empty-egress", "podSelector: {}\negress: []\n"),
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: nons}\nspec: {podSelector: {}}\n"));
        assertThat(ps).extracting(NetworkPolicy::policyTypes).containsExactly(
                Set.of(PolicyType.INGRESS), Set.of(PolicyType.INGRESS, PolicyType.EGRESS),
                Set.of(PolicyType.INGRESS), Set.of(PolicyType.INGRESS));
        assertThat(ps.get(1).egress()).containsExactly(PolicyRule.ALLOW_ALL);
        assertThat(ps.get(3).namespace()).isEqualTo("default");
    }

    @Test
    void keepsAbsentAndEmptySelectorsApart() {
        var p = PolicyManifest.parse(policy("x", "p", """
                podSelector: {}
                ingress:
                - from:
                  - namespaceSelector: {}
                  - podSelector: {}
                  - namespaceSelector: {matchLabels: {ns: y}}
                    podSelector: {matchExpressions: [{key: app, operator: Exists}, {key: tier, operator: In, values: [b, a]}]}
                  ports: [{port: http}, {protocol: UDP}, {port: 53, protocol: SCTP}]
                """)).getFirst();
        var peers = p.ingress().getFirst().peers();
        assertThat(peers.get(0)).isEqualTo(new PolicyPeer.Selector(Optional.empty(), Optional.of(LabelSelector.ALL)));
        assertThat(peers.get(1)).isEqualTo(new PolicyPeer.Selector(Optional.of(LabelSelector.ALL), Optional.empty()));
        assertThat(((PolicyPeer.Selector) peers.get(2)).podSelector().orElseThrow().matchExpressions()).containsExactly(
                new LabelRequirement("app", LabelRequirement.Operator.EXISTS, List.of()),
                new LabelRequirement("tier", LabelRequirement.Operator.IN, List.of("a", "b")));
        assertThat(p.ingress().getFirst().ports()).containsExactly(PolicyPort.named(Protocol.TCP, "http"),
                PolicyPort.any(Protocol.UDP), new PolicyPort(Protocol.SCTP, new PolicyPort.Numbers(dev.weft.policy.PortRange.single(53))));
    }

    @Test
    void readsListsJsonAndTrailingSeparators() {
        String list = "apiVersion: v1\nkind: List\nitems:\n- " + policy("x", "a", "podSelector: {}\n").replace("\n", "\n  ").strip()
                + "\n- " + policy("y", "b", "podSelector: {}\n").replace("\n", "\n  ").strip() + "\n";
        assertThat(PolicyManifest.parse(list + "---\n")).extracting(NetworkPolicy::key).containsExactly("x/a", "y/b");
        String json = """
                {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                 "metadata": {"name": "j", "namespace": "z"},
                 "spec": {"podSelector": {}, "ingress": [{"from": [{"ipBlock": {"cidr": "fd00::1/64"}}]}]}}
                """;
        var p = PolicyManifest.parse(json).getFirst();
        assertThat(((PolicyPeer.IpBlock) p.ingress().getFirst().peers().getFirst()).cidr())
                .as("host bits cleared, as the API server's ParseCIDRSloppy does").isEqualTo(Cidr.parse("fd00::/64"));
        assertThat(PolicyManifest.parse("")).isEmpty();
    }
}
