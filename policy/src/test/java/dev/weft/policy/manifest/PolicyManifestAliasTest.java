package dev.weft.policy.manifest;

import dev.weft.policy.LabelSelector;
import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PolicyException;
import dev.weft.policy.PolicyPort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * YAML anchors, aliases and merge keys, as kubectl accepts them (issue #13, item 11). Aliases used
 * to reach the reader as the anchor's name, so a shared selector failed with
 * {@code podSelector: must be an object, not "a"}.
 */
class PolicyManifestAliasTest {

    /** Two policies of a List share one selector through {@code &sel}/{@code *sel}. */
    @Test
    void aliasesShareASelectorBetweenPolicies() {
        List<NetworkPolicy> ps = PolicyManifest.parse("""
                apiVersion: v1
                kind: List
                items:
                - apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  metadata: {name: a, namespace: x}
                  spec:
                    podSelector: &sel {matchLabels: {app: web}}
                - apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  metadata: {name: b, namespace: x}
                  spec:
                    podSelector: *sel
                """);
        assertThat(ps).extracting(NetworkPolicy::podSelector).containsExactly(web(), web());
    }

    /** Anchors on mappings, sequences and scalars, used within one policy. */
    @Test
    void aliasesOfMappingsSequencesAndScalarsWithinADocument() {
        NetworkPolicy p = PolicyManifest.parse("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: a, namespace: x}
                spec:
                  podSelector: &app {matchLabels: {app: web}}
                  ingress:
                  - from: &peers [{podSelector: *app}]
                    ports: [{port: &p 8080}]
                  egress:
                  - to: *peers
                    ports: [{port: *p}]
                """).getFirst();
        assertThat(p.ingress().getFirst().peers()).isEqualTo(p.egress().getFirst().peers());
        assertThat(p.egress().getFirst().ports()).extracting(PolicyPort::port).containsExactly(p.ingress().getFirst().ports().getFirst().port());
    }

    /** The merge key {@code <<} takes a mapping's keys as defaults; explicit keys win, as in YAML 1.1 and kubectl. */
    @Test
    void mergeKeysSupplyDefaults() {
        List<NetworkPolicy> ps = PolicyManifest.parse("""
                apiVersion: v1
                kind: List
                items:
                - &base
                  apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  metadata: {name: a, namespace: x}
                  spec: {podSelector: {matchLabels: {app: web}}}
                - <<: *base
                  metadata: {name: b, namespace: y}
                """);
        assertThat(ps).extracting(p -> p.namespace() + "/" + p.name()).containsExactly("x/a", "y/b");
        assertThat(ps.get(1).podSelector()).isEqualTo(web());
    }

    /** The stored document is plain JSON with the aliases expanded: the agents read it without YAML. */
    @Test
    void storedDocumentsHaveTheAliasesExpanded() {
        List<PolicyManifest.Sourced> each = PolicyManifest.parseEach("""
                apiVersion: v1
                kind: List
                items:
                - apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  metadata: {name: a, namespace: x}
                  spec: {podSelector: &sel {matchLabels: {app: web}}}
                - apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  metadata: {name: b, namespace: x}
                  spec: {podSelector: *sel}
                """);
        assertThat(each.get(1).json()).contains("\"podSelector\":{\"matchLabels\":{\"app\":\"web\"}}");
        assertThat(PolicyManifest.parse(each.get(1).json()).getFirst().podSelector()).isEqualTo(web());
    }

    @Test
    void anUnknownAliasIsAnErrorNamingIt() {
        assertThatThrownBy(() -> PolicyManifest.parse("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: a, namespace: x}
                spec: {podSelector: *nowhere}
                """)).isInstanceOf(PolicyException.class).hasMessageContaining("*nowhere");
    }

    /** Anchors belong to their document, as in kubectl: an alias cannot reach into the previous one. */
    @Test
    void anchorsDoNotCrossDocuments() {
        assertThatThrownBy(() -> PolicyManifest.parse("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: a, namespace: x}
                spec: {podSelector: &sel {}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: b, namespace: x}
                spec: {podSelector: *sel}
                """)).isInstanceOf(PolicyException.class).hasMessageContaining("*sel");
    }

    @Test
    void aRecursiveAliasIsAnError() {
        assertThatThrownBy(() -> PolicyManifest.parse("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: a, namespace: x}
                spec: &s {podSelector: {}, ingress: [{from: [*s]}]}
                """)).isInstanceOf(PolicyException.class).hasMessageContaining("*s");
    }

    /**
     * A "billion laughs" manifest: nine levels of ten aliases each would expand to 10^9 nodes. It
     * is refused by the expansion bound, with a PolicyException, instead of exhausting memory or time.
     */
    @Test
    void anAliasBombIsRefusedByTheExpansionBound() {
        StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            String prev = "*a" + (i - 1);
            y.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, prev))).append("]\n");
        }
        y.append("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n");
        assertThatThrownBy(() -> PolicyManifest.parse(y.toString())).isInstanceOf(PolicyException.class)
                .hasMessageContaining("aliases expand");
    }

    private static LabelSelector web() {
        return LabelSelector.labels(Map.of("app", "web"));
    }
}
