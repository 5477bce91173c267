package dev.weft.policy.eval;

import dev.weft.policy.Protocol;

import java.util.stream.Stream;

import static dev.weft.policy.eval.E2eEvaluatorTest.in;
import static dev.weft.policy.testing.Yaml.docs;
import static dev.weft.policy.testing.Yaml.policy;

/** The cases of {@link E2eEvaluatorTest}, named after the e2e tests they mirror. */
final class E2eCases {
    private static final Protocol TCP = Protocol.TCP;
    private static final Protocol UDP = Protocol.UDP;

    private E2eCases() {
    }

    static E2eEvaluatorTest.Case c(String name, String yaml, int port, Protocol proto,
                                   java.util.function.BiPredicate<String, String> expected) {
        return new E2eEvaluatorTest.Case(name, yaml, port, proto, expected);
    }

    static Stream<E2eEvaluatorTest.Case> ingress() {
        String denyAllX = policy("x", "deny-all", "podSelector: {}\npolicyTypes: [Ingress]\n");
        String fromY = policy("x", "allow-y", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {ns: y}}\n");
        String fromZ = policy("x", "allow-z", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {ns: z}}\n");
        return Stream.of(
                c("no policies: everything allowed", "", 80, TCP, (f, t) -> true),
                c("deny all ingress in x", denyAllX, 80, TCP, (f, t) -> !in(t, "x")),
                c("explicit empty ingress list denies", policy("x", "deny", "podSelector: {}\ningress: []\n"),
                        80, TCP, (f, t) -> !in(t, "x")),
                c("allow from same namespace", policy("x", "same-ns", "podSelector: {}\ningress:\n- from:\n  - podSelector: {}\n"),
                        80, TCP, (f, t) -> !in(t, "x") || in(f, "x")),
                c("allow from namespace by label", fromY, 80, TCP, (f, t) -> !t.equals("x/a") || in(f, "y")),
                c("podSelector AND namespaceSelector in one peer", policy("x", "and", """
                        podSelector: {matchLabels: {pod: a}}
                        ingress:
                        - from:
                          - namespaceSelector: {matchLabels: {ns: y}}
                            podSelector: {matchLabels: {pod: b}}
                        """), 80, TCP, (f, t) -> !t.equals("x/a") || f.equals("y/b")),
                c("namespaceSelector OR podSelector as two peers", policy("x", "or", """
                        podSelector: {matchLabels: {pod: a}}
                        ingress:
                        - from:
                          - namespaceSelector: {matchLabels: {ns: y}}
                          - podSelector: {matchLabels: {pod: b}}
                        """), 80, TCP, (f, t) -> !t.equals("x/a") || in(f, "y") || f.equals("x/b")),
                c("ipBlock with except", policy("x", "cidr", """
                        podSelector: {matchLabels: {pod: a}}
                        ingress:
                        - from:
                          - ipBlock: {cidr: 10.0.0.0/16, except: [10.0.2.0/24]}
                        """), 80, TCP, (f, t) -> !t.equals("x/a") || !in(f, "y")),
                c("named port allows its port", namedIngress(), 81, TCP, (f, t) -> true),
                c("named port denies other ports", namedIngress(), 80, TCP, (f, t) -> !t.equals("x/a")),
                c("named port with the wrong protocol matches nothing", policy("x", "named-udp", """
                        podSelector: {matchLabels: {pod: a}}
                        ingress:
                        - ports: [{port: serve-81-tcp, protocol: UDP}]
                        """), 81, UDP, (f, t) -> !t.equals("x/a")),
                c("endPort range includes its end", endPort(), 81, TCP, (f, t) -> true),
                c("endPort range excludes what follows", endPort(), 82, TCP, (f, t) -> !t.equals("x/a")),
                c("ports are per protocol", endPort(), 80, UDP, (f, t) -> !t.equals("x/a")),
                c("multiple policies are a union", docs(fromY, fromZ), 80, TCP,
                        (f, t) -> !t.equals("x/a") || in(f, "y") || in(f, "z")),
                c("deny-all plus allow: allow wins", docs(denyAllX, fromY), 80, TCP,
                        (f, t) -> !in(t, "x") || (t.equals("x/a") && in(f, "y"))),
                c("matchExpressions NotIn across all namespaces", policy("x", "expr", """
                        podSelector: {matchLabels: {pod: a}}
                        ingress:
                        - from:
                          - namespaceSelector: {}
                            podSelector: {matchExpressions: [{key: pod, operator: NotIn, values: [a, b]}]}
                        """), 80, TCP, (f, t) -> !t.equals("x/a") || f.endsWith("/c")));
    }

    private static String namedIngress() {
        return policy("x", "named", "podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: serve-81-tcp}]\n");
    }

    private static String endPort() {
        return policy("x", "range", "podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: 80, endPort: 81}]\n");
    }

    static Stream<E2eEvaluatorTest.Case> egress() {
        String denyEgressX = policy("x", "deny-egress", "podSelector: {}\npolicyTypes: [Egress]\n");
        String dnsToZ = policy("x", "allow-dns", """
                podSelector: {}
                policyTypes: [Egress]
                egress:
                - to:
                  - namespaceSelector: {matchLabels: {ns: z}}
                  ports: [{port: 53, protocol: UDP}]
                """);
        String egressOnly = policy("x", "egress-only", """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                ingress:
                - from: [{podSelector: {matchLabels: {pod: nobody}}}]
                egress:
                - to: [{podSelector: {matchLabels: {pod: b}}}]
                """);
        String namedEgress = policy("x", "named-egress", """
                podSelector: {matchLabels: {pod: a}}
                egress:
                - to: [{namespaceSelector: {matchLabels: {ns: y}}}]
                  ports: [{port: serve-80-udp, protocol: UDP}]
                """);
        return Stream.of(
                c("egress deny all", denyEgressX, 80, TCP, (f, t) -> !in(f, "x")),
                c("egress deny all, DNS allowed to z", docs(denyEgressX, dnsToZ), 53, UDP,
                        (f, t) -> !in(f, "x") || in(t, "z")),
                c("egress deny all, DNS rule does not open TCP", docs(denyEgressX, dnsToZ), 53, TCP, (f, t) -> !in(f, "x")),
                c("policyTypes Egress only ignores ingress rules", egressOnly, 80, TCP,
                        (f, t) -> !f.equals("x/a") || t.equals("x/b")),
                // No policyTypes and egress rules: defaulted to [Ingress, Egress], so x/a is also closed for ingress.
                c("egress named port resolved on the peer", namedEgress, 80, UDP,
                        (f, t) -> (!f.equals("x/a") || in(t, "y")) && !t.equals("x/a")),
                c("egress named port: other port denied", namedEgress, 81, UDP,
                        (f, t) -> !f.equals("x/a") && !t.equals("x/a")),
                c("egress: [] without policyTypes does not isolate egress",
                        policy("x", "empty-egress", "podSelector: {}\negress: []\n"), 80, TCP, (f, t) -> !in(t, "x")),
                c("egress to ipBlock", policy("x", "egress-cidr", """
                        podSelector: {}
                        policyTypes: [Egress]
                        egress:
                        - to: [{ipBlock: {cidr: 10.0.3.0/24}}]
                          ports: [{port: 80}]
                        """), 80, TCP, (f, t) -> !in(f, "x") || in(t, "z")));
    }
}
