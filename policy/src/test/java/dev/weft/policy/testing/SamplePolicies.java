package dev.weft.policy.testing;

import static dev.weft.policy.testing.Yaml.docs;
import static dev.weft.policy.testing.Yaml.policy;

/** A policy set for the e2e cluster that uses every feature: AND/OR peers, ipBlock except, ranges, named ports both ways. */
public final class SamplePolicies {
    public static final String E2E = docs(
            policy("x", "deny-all", "podSelector: {}\npolicyTypes: [Ingress]\n"),
            policy("x", "allow-web", """
                    podSelector: {matchLabels: {pod: a}}
                    ingress:
                    - from:
                      - namespaceSelector: {matchLabels: {ns: y}}
                        podSelector: {matchLabels: {pod: b}}
                      - podSelector: {matchLabels: {pod: c}}
                      - ipBlock: {cidr: 10.0.0.0/16, except: [10.0.3.0/24, 10.0.3.128/25]}
                      ports: [{port: 80}, {port: 8000, endPort: 8080}, {port: serve-81-tcp}, {protocol: UDP, port: 53}]
                    """),
            policy("y", "dns-only", """
                    podSelector: {}
                    policyTypes: [Egress]
                    egress:
                    - to: [{namespaceSelector: {matchLabels: {ns: z}}}]
                      ports: [{port: 53, protocol: UDP}, {port: 53}]
                    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {pod: c}}}]
                      ports: [{port: serve-80-tcp}, {port: serve-80-udp, protocol: UDP}]
                    """));

    private SamplePolicies() {
    }
}
