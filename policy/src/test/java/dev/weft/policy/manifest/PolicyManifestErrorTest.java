package dev.weft.policy.manifest;

import dev.weft.policy.PolicyException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.weft.policy.testing.Yaml.policy;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every rejected manifest names the offending field, and says what is wrong with it. */
class PolicyManifestErrorTest {

    static Arguments spec(String spec, String path, String detail) {
        return arguments(policy("x", "p", spec), path, detail);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("apiVersion: networking.k8s.io/v1beta1\nkind: NetworkPolicy\n", "apiVersion",
                        "\"networking.k8s.io/v1beta1\" is not networking.k8s.io/v1"),
                arguments("apiVersion: networking.k8s.io/v1\nkind: Pod\n", "kind", "\"Pod\" is not NetworkPolicy or List"),
                arguments("kind: NetworkPolicy\n", "apiVersion", "is required"),
                arguments("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: {podSelector: {}}\n",
                        "metadata", "is required"),
                arguments("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {namespace: x}\nspec: {podSelector: {}}\n",
                        "metadata.name", "is required"),
                arguments("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: Bad_Name}\nspec: {podSelector: {}}\n",
                        "metadata.name", "not a valid name"),
                arguments("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x.y}\nspec: {podSelector: {}}\n",
                        "metadata.namespace", "not a valid namespace"),
                arguments("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\n", "spec", "is required"),
                arguments("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n", "items[0].kind",
                        "\"ConfigMap\" is not NetworkPolicy"),
                arguments("a: [1, 2\n", "", "not valid YAML"),
                // escapes the YAML scanner fails on with a NumberFormatException of its own (found by jqwik)
                arguments("a: \"\\x", "", "not valid YAML"),
                arguments("a: \"\\u12\"\n", "", "not valid YAML"),
                arguments("{\"kind\": ", "", "not valid JSON"),
                spec("policyTypes: [Ingress]\n", "spec.podSelector", "is required"),
                spec("podselector: {}\n", "spec.podselector", "unknown field"),
                spec("podSelector: {matchLabel: {a: b}}\n", "spec.podSelector.matchLabel", "unknown field"),
                spec("podSelector: {matchLabels: {a: 1}}\n", "spec.podSelector.matchLabels.a", "must be a string"),
                spec("podSelector: {matchLabels: {'-bad': x}}\n", "spec.podSelector.matchLabels.-bad", "not a valid label key"),
                spec("podSelector: {matchLabels: {app: 'a b'}}\n", "spec.podSelector.matchLabels.app", "not a valid label value"),
                spec("podSelector: {matchExpressions: [{key: app, operator: Equals, values: [a]}]}\n",
                        "spec.podSelector.matchExpressions[0].operator", "\"Equals\" is not a selector operator"),
                spec("podSelector: {matchExpressions: [{key: app, operator: In, values: []}]}\n",
                        "spec.podSelector.matchExpressions[0].values", "must be non-empty for operator In"),
                spec("podSelector: {matchExpressions: [{key: app, operator: NotIn}]}\n",
                        "spec.podSelector.matchExpressions[0].values", "must be non-empty for operator NotIn"),
                spec("podSelector: {matchExpressions: [{key: app, operator: Exists, values: [a]}]}\n",
                        "spec.podSelector.matchExpressions[0].values", "must be empty for operator Exists"),
                spec("podSelector: {matchExpressions: [{operator: Exists}]}\n",
                        "spec.podSelector.matchExpressions[0].key", "is required"),
                spec("podSelector: {}\npolicyTypes: [Ingress, Sideways]\n", "spec.policyTypes[1]", "\"Sideways\" is not a policy type"),
                spec("podSelector: {}\npolicyTypes: [Egress, Egress]\n", "spec.policyTypes[1]", "duplicate policy type Egress"),
                spec("podSelector: {}\ningress:\n- from:\n  - podSelector: {}\n  - ipBlock: {cidr: 10.0.0.0/33}\n",
                        "spec.ingress[0].from[1].ipBlock.cidr", "\"10.0.0.0/33\" is not a CIDR"),
                spec("podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 192.168.0.0/24]}\n",
                        "spec.ingress[0].from[0].ipBlock.except[1]", "\"192.168.0.0/24\" is not strictly inside cidr \"10.0.0.0/8\""),
                spec("podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}\n",
                        "spec.ingress[0].from[0].ipBlock.except[0]", "not strictly inside"),
                spec("podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/8, except: [fd00::/64]}\n",
                        "spec.ingress[0].from[0].ipBlock.except[0]", "not strictly inside"),
                spec("podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/8}\n    podSelector: {}\n",
                        "spec.ingress[0].from[0].ipBlock", "may not be combined with podSelector or namespaceSelector"),
                spec("podSelector: {}\ningress:\n- from:\n  - {}\n", "spec.ingress[0].from[0]", "must specify podSelector, namespaceSelector or ipBlock"),
                spec("podSelector: {}\ningress:\n- from: [{ipBlock: {}}]\n", "spec.ingress[0].from[0].ipBlock.cidr", "is required"),
                spec("podSelector: {}\negress:\n- to: [{podSelector: {}}]\n  from: [{podSelector: {}}]\n", "spec.egress[0].from", "unknown field"),
                spec("podSelector: {}\ningress:\n- ports: [{port: 80, endPort: 79}]\n", "spec.ingress[0].ports[0].endPort", "endPort 79 is below port 80"),
                spec("podSelector: {}\ningress:\n- ports: [{endPort: 90}]\n", "spec.ingress[0].ports[0].endPort", "requires a numeric port"),
                spec("podSelector: {}\ningress:\n- ports: [{port: http, endPort: 90}]\n", "spec.ingress[0].ports[0].endPort", "may not be used with the named port \"http\""),
                spec("podSelector: {}\ningress:\n- ports: [{port: 0}]\n", "spec.ingress[0].ports[0].port", "0 is out of range 1-65535"),
                spec("podSelector: {}\ningress:\n- ports: [{port: 65536}]\n", "spec.ingress[0].ports[0].port", "65536 is out of range"),
                spec("podSelector: {}\ningress:\n- ports: [{port: 80, endPort: 70000}]\n", "spec.ingress[0].ports[0].endPort", "70000 is out of range"),
                spec("podSelector: {}\ningress:\n- ports: [{port: '80'}]\n", "spec.ingress[0].ports[0].port", "neither a port number nor a valid port name"),
                spec("podSelector: {}\ningress:\n- ports: [{port: Http--x}]\n", "spec.ingress[0].ports[0].port", "neither a port number nor a valid port name"),
                spec("podSelector: {}\ningress:\n- ports: [{port: 80.5}]\n", "spec.ingress[0].ports[0].port", "must be a string"),
                spec("podSelector: {}\ningress:\n- ports: [{port: 80, protocol: ICMP}]\n", "spec.ingress[0].ports[0].protocol", "\"ICMP\" is not a protocol"),
                spec("podSelector: {}\ningress:\n- ports: [{port: 80, protocol: tcp}]\n", "spec.ingress[0].ports[0].protocol", "\"tcp\" is not a protocol"),
                spec("podSelector: {}\ningress: {from: []}\n", "spec.ingress", "must be a list"),
                arguments("apiVersion: v1\nkind: List\nitems:\n- " + policy("x", "p", "podSelector: {}\ningress:\n- ports: [{port: 0}]\n")
                        .replace("\n", "\n  ").strip() + "\n", "items[0].spec.ingress[0].ports[0].port", "out of range"),
                arguments(policy("x", "ok", "podSelector: {}\n") + "---\n" + policy("x", "bad", "podSelector: {}\npolicyTypes: [In]\n"),
                        "document[1].spec.policyTypes[0]", "\"In\" is not a policy type"),
                arguments(policy("x", "p", "podSelector: {}\n") + "spec: {}\n", "spec", "duplicate key \"spec\" (line 8"),
                arguments("{\"kind\": \"NetworkPolicy\", \"kind\": \"List\"}", "", "Duplicate Object property \"kind\""));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("cases")
    void rejectsWithFieldPath(String manifest, String path, String detail) {
        assertThatThrownBy(() -> PolicyManifest.parse(manifest))
                .isInstanceOf(PolicyException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((PolicyException) e).path()).isEqualTo(path))
                .hasMessageStartingWith(path.isEmpty() ? "" : path + ": ")
                .hasMessageContaining(detail);
    }
}
