package dev.weft.policy.eval;

import dev.weft.net.IpAddress;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.Protocol;
import dev.weft.policy.testing.E2eCluster;
import org.junit.jupiter.api.Test;

import static dev.weft.policy.testing.Yaml.docs;
import static dev.weft.policy.testing.Yaml.policy;
import static org.assertj.core.api.Assertions.assertThat;

/** What {@code weft policy explain} prints for the interesting outcomes. */
class ExplainTest {
    static final ClusterSnapshot CLUSTER = E2eCluster.with(docs(
            policy("x", "deny-all", "podSelector: {}\npolicyTypes: [Ingress]\n"),
            policy("x", "allow-y", """
                    podSelector: {matchLabels: {pod: a}}
                    ingress:
                    - from:
                      - podSelector: {matchLabels: {pod: c}}
                      - namespaceSelector: {matchLabels: {ns: y}}
                      ports: [{port: 80}]
                    """)));

    static String explain(Endpoint from, Endpoint to, int port) {
        return Explain.explain(CLUSTER, from, to, port, Protocol.TCP);
    }

    static Endpoint pod(String key) {
        return new Endpoint.Pod(E2eCluster.pod(CLUSTER, key));
    }

    @Test
    void allowedNamesTheRuleAndPeer() {
        assertThat(explain(pod("y/b"), pod("x/a"), 80)).isEqualTo("""
                ALLOWED: pod y/b -> pod x/a port 80/TCP
                  egress from pod y/b: allowed (not isolated: no policy selects it for Egress)
                  ingress to pod x/a: allowed
                    isolated for Ingress by: x/allow-y, x/deny-all
                    allowed by: x/allow-y ingress[0].from[1]
                """);
    }

    @Test
    void deniedSaysNoRuleAllowed() {
        assertThat(explain(pod("y/b"), pod("x/a"), 81)).isEqualTo("""
                DENIED: pod y/b -> pod x/a port 81/TCP
                  egress from pod y/b: allowed (not isolated: no policy selects it for Egress)
                  ingress to pod x/a: denied (no rule allowed)
                    isolated for Ingress by: x/allow-y, x/deny-all
                """);
    }

    @Test
    void ownNodeAndExternalAddresses() {
        var node = new Endpoint.Node("node-1", IpAddress.parse("192.168.0.1"));
        assertThat(explain(node, pod("x/a"), 81)).startsWith("ALLOWED").contains("traffic with the pod's own node is always allowed");
        var otherNode = new Endpoint.Node("node-2", IpAddress.parse("192.168.0.2"));
        assertThat(explain(otherNode, pod("x/a"), 81)).startsWith("DENIED");
        var verdict = PolicyEvaluator.evaluate(CLUSTER, pod("x/a"), new Endpoint.External(IpAddress.parse("1.1.1.1")), 443, Protocol.TCP);
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.ingress().outcome()).isEqualTo(Verdict.Outcome.NOT_A_POD);
    }
}
