package dev.weft.node.policy;

import dev.weft.net.IpAddress;
import dev.weft.netlink.nflog.PacketSummary;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.NamespaceInfo;
import dev.weft.policy.PodInfo;
import dev.weft.policy.manifest.PolicyManifest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A logged drop resolved to pods and to explain's words, against the snapshot the agent enforces. */
class DropVerdictTest {
    private static final PodInfo A = PodInfo.of("x", "a", Map.of("pod", "a"), "n1", IpAddress.parse("10.0.1.2"));
    private static final PodInfo B = PodInfo.of("x", "b", Map.of("pod", "b"), "n2", IpAddress.parse("10.0.2.2"));

    private static ClusterSnapshot cluster(String... policies) {
        return new ClusterSnapshot(List.of(NamespaceInfo.of("x", Map.of("ns", "x"))), List.of(A, B),
                java.util.Arrays.stream(policies).flatMap(p -> PolicyManifest.parse(p).stream()).toList());
    }

    private static final String DENY_A = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-a, namespace: x}
            spec: {podSelector: {matchLabels: {pod: a}}, ingress: []}
            """;
    private static final String WEB_A = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-a, namespace: x}
            spec:
              podSelector: {matchLabels: {pod: a}}
              ingress: [{ports: [{port: 80}]}]
            """;

    private static PacketSummary tcp(PodInfo from, PodInfo to, int port) {
        return new PacketSummary(from.ips().getFirst(), to.ips().getFirst(), PacketSummary.TCP, 40000, port, 60);
    }

    @Test
    void anIngressDropNamesThePodsThePoliciesAndWhatNoRuleAllows() {
        DropRecord r = DropVerdict.resolve(cluster(DENY_A, WEB_A), "n1", "ingress_0a", tcp(B, A, 81), 1000);
        assertThat(r.sourcePod()).isEqualTo("x/b");
        assertThat(r.destinationPod()).isEqualTo("x/a");
        assertThat(r.direction()).isEqualTo("ingress");
        assertThat(r.protocolPort()).isEqualTo("TCP/81");
        assertThat(r.verdict()).isEqualTo("denied: pod x/a ingress is selected by x/deny-a, x/web-a; no rule allows TCP/81 from pod x/b");
    }

    @Test
    void anEgressDropSpeaksOfTheSourceAndADestinationOutsideTheCluster() {
        String denyOut = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: no-out, namespace: x}
                spec: {podSelector: {matchLabels: {pod: b}}, policyTypes: [Egress], egress: []}
                """;
        PacketSummary p = new PacketSummary(B.ips().getFirst(), IpAddress.parse("192.0.2.9"), PacketSummary.UDP, 5000, 53, 40);
        DropRecord r = DropVerdict.resolve(cluster(denyOut), "n2", "egress_0b", p, 1000);
        assertThat(r.destination()).isEqualTo("192.0.2.9");
        assertThat(r.verdict()).isEqualTo("denied: pod x/b egress is selected by x/no-out; no rule allows UDP/53 to 192.0.2.9");
    }

    @Test
    void aDropThePoliciesNowAllowSaysTheyChanged() {
        DropRecord r = DropVerdict.resolve(cluster(WEB_A), "n1", "ingress_0a", tcp(B, A, 80), 1000);
        assertThat(r.verdict()).contains("which allow TCP/80 from pod x/b now (changed since)");
        DropRecord none = DropVerdict.resolve(cluster(), "n1", "ingress_0a", tcp(B, A, 80), 1000);
        assertThat(none.verdict()).contains("selected by no policy now");
    }

    @Test
    void anAddressOfNoPodIsSaidPlainly() {
        PacketSummary p = new PacketSummary(IpAddress.parse("10.9.9.9"), IpAddress.parse("10.9.9.8"), 1, 0, 0, 84);
        DropRecord r = DropVerdict.resolve(cluster(DENY_A), "n1", "ingress_0a", p, 1000);
        assertThat(r.source()).isEqualTo("10.9.9.9");
        assertThat(r.protocolPort()).isEqualTo("ICMP");
        assertThat(r.verdict()).contains("10.9.9.8 is no pod the agent knows now");
    }
}
