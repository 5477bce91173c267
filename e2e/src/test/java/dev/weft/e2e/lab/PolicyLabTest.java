package dev.weft.e2e.lab;

import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.Proc;
import dev.weft.lab.LabInventory;
import dev.weft.lab.LabState;
import dev.weft.lab.PolicyProbe;
import dev.weft.lab.Scenario;
import dev.weft.lab.Topology;
import dev.weft.lab.Verify;
import dev.weft.testkit.Netns;
import dev.weft.testkit.WeftCli;
import dev.weft.node.policy.DropFile;
import dev.weft.node.policy.DropRecord;
import dev.weft.policy.compile.LogDrops;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NetworkPolicy on real labs: every shipped scenario under scenarios/policy passes with bridged
 * pods (vxlan, host-gw) and routed ones (bgp); a wrong expectation is reported with the drop log's record of it or its absence
 * ({@code weft policy drops}); a flood of denied packets is logged at most at the rate limit; an
 * agent killed and restarted never lets a denied connection through.
 */
@RequiresRoot
class PolicyLabTest {
    private static final Path SCENARIOS = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
            .resolve("scenarios/policy");

    @TempDir
    Path root;

    @BeforeEach
    void root() {
    }

    static List<Scenario> shipped() throws Exception {
        Path dir = Files.isDirectory(SCENARIOS) ? SCENARIOS : Path.of("../scenarios/policy");
        List<Scenario> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                out.add(Scenario.parse(Files.readString(f)));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"vxlan", "host-gw", "bgp"}) // bridged pods, and routed ones on bgp
    void everyShippedScenarioPasses(String backend) throws Exception {
        List<Scenario> scenarios = shipped();
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(9);
        try (TestLab t = new TestLab(root)) {
            t.up(2, backend, Topology.L2, false);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            for (Scenario sc : scenarios) {
                int failed = new Verify(t.layout, new PrintStream(log, true)).run(sc);
                assertThat(failed).as(sc.name() + "\n" + log).isZero();
            }
            assertThat(t.state().pods()).as("verify removes its pods").isEmpty();
        }
    }

    /**
     * Both kinds of wrong cell, each with the drop log's word on it: a denied connection expected
     * allowed shows its drop record with the policy that denied it (in the report and in
     * {@code weft policy drops --lab}); an allowed one expected denied has no record.
     */
    @Test
    void aWrongExpectationIsReportedWithTheDifferenceAndTheDropLog() throws Exception {
        Scenario wrong = Scenario.parse("""
                name: wrong
                namespaces: {x: {ns: x}}
                pods:
                  - {name: x/a, labels: {pod: a}}
                  - {name: x/b, labels: {pod: b}}
                steps:
                  - apply: |
                      apiVersion: networking.k8s.io/v1
                      kind: NetworkPolicy
                      metadata: {name: deny-a, namespace: x}
                      spec: {podSelector: {matchLabels: {pod: a}}, ingress: []}
                  - expect:
                      port: 80
                      protocol: TCP
                      matrix: |
                        -   x/a x/b
                        x/a .   X
                        x/b .   .
                """);
        try (TestLab t = new TestLab(root)) {
            t.up(1, "host-gw", Topology.L2, false);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            assertThat(new Verify(t.layout, new PrintStream(log, true), Duration.ofSeconds(2)).run(wrong)).as("one step differs").isEqualTo(1);
            String report = log.toString();
            String verdict = "denied: pod x/a ingress is selected by x/deny-a; no rule allows TCP/80 from pod x/b";
            assertThat(report).contains("x/a -> x/b: expected X, observed .\n    no drop record")
                    .contains("x/b -> x/a: expected ., observed X\n    drop record: node n1 ingress_")
                    .contains(verdict).contains("FAIL wrong");

            Proc.Result table = WeftCli.run(null, Map.of(), "policy", "drops", "--lab", t.layout.name(),
                    "--lab-root", t.layout.root().toString(), "--pod", "x/a");
            assertThat(table.out()).as(table.err()).startsWith("TIME (UTC)").contains(verdict)
                    .containsPattern("n1 +x/b +x/a +TCP/80 +denied");
            Proc.Result json = WeftCli.run(null, Map.of(), "policy", "drops", "--lab", t.layout.name(),
                    "--lab-root", t.layout.root().toString(), "-o", "json");
            List<DropRecord> records = json.out().lines().map(DropFile::parse).flatMap(java.util.Optional::stream).toList();
            assertThat(records).as(json.out()).anyMatch(r -> r.sourcePod().equals("x/b") && r.destinationPod().equals("x/a"))
                    .as("the allowed connection x/a -> x/b is never logged")
                    .noneMatch(r -> r.sourcePod().equals("x/a") && r.destinationPod().equals("x/b"));
        }
    }

    @Test
    void aPodUnderADefaultDenyIsIsolatedWhenItsAddAnswers() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(1, "host-gw", Topology.L2, false);
            new LabInventory(t.layout, t.state()).applyPolicy("""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: deny-all, namespace: x}
                    spec: {podSelector: {}, ingress: []}
                    """);
            for (int i = 0; i < 4; i++) {
                LabState.Pod p = t.pods.add("n1", "x/p" + i, Map.of("pod", "p" + i));
                // the agent answered the ADD (shim -> agent) only once the pod's verdict was in place
                String ingress = Proc.inNetns(t.layout.nodeNs("n1"), "nft", "list", "map", "inet", "weft_policy",
                        "ingress4").out();
                assertThat(ingress).as("ingress verdicts right after ADD of " + p.name()).contains(p.ip() + " : jump");
            }
            aFloodOfDeniedPacketsIsLoggedAtTheLimit(t);
        }
    }

    /**
     * 3000 denied datagrams from x/p1 to x/p0 as fast as one socket sends them: the drop log holds
     * at least one record and at most the chain's burst plus its rate over the flood's length.
     */
    private static void aFloodOfDeniedPacketsIsLoggedAtTheLimit(TestLab t) {
        LabState.Pod from = t.state().pod("x/p1").orElseThrow();
        LabState.Pod to = t.state().pod("x/p0").orElseThrow();
        long since = System.currentTimeMillis();
        long start = System.nanoTime();
        try (dev.weft.netlink.ns.NetNs ns = dev.weft.netlink.ns.NetNs.named(from.netns())) {
            ns.run(() -> {
                try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
                    java.net.InetAddress dst = java.net.InetAddress.getByName(to.ip());
                    for (int i = 0; i < 3000; i++) {
                        s.send(new java.net.DatagramPacket(new byte[] {'f'}, 1, dst, 80));
                    }
                }
                return null;
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        dev.weft.lab.Lab.sleep(1000); // flushed within 0.1 s, written at once
        LogDrops limit = LogDrops.DEFAULT;
        long logged = new dev.weft.lab.LabDrops(t.layout).all().stream().filter(r -> r.timeMillis() >= since
                && r.sourcePod().equals("x/p1") && r.destinationPod().equals("x/p0") && r.protocol().equals("UDP")).count();
        long bound = limit.burst() + (long) Math.ceil(limit.perSecond() * (seconds + 1));
        System.err.printf("drop log: %d records of a %.2f s flood of 3000 denied packets (at most %d allowed)%n",
                logged, seconds, bound);
        assertThat(logged).as("records of a %.2f s flood of 3000 packets", seconds).isPositive()
                .isLessThanOrEqualTo(bound);
    }

    @Test
    void anAgentRestartNeverOpensAnIsolatedPod() throws Exception {
        try (TestLab t = new TestLab(root)) {
            t.up(2, "vxlan", Topology.L2, false);
            LabState.Pod a = t.pods.add("n1", "x/a", Map.of("pod", "a"));
            LabState.Pod b = t.pods.add("n2", "x/b", Map.of("pod", "b"));
            LabInventory inv = new LabInventory(t.layout, t.state());
            inv.applyPolicy("""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: deny, namespace: x}
                    spec: {podSelector: {matchLabels: {pod: a}}, ingress: []}
                    """);
            try (PolicyProbe probe = new PolicyProbe(List.of(a, b), List.of(80))) {
                for (int i = 0; i < 100 && probe.probe(b, a, 80, "TCP", Duration.ofMillis(300)); i++) {
                    Thread.sleep(100);
                }
                assertThat(probe.probe(b, a, 80, "TCP", Duration.ofMillis(300))).as("deny enforced").isFalse();
                assertThat(probe.probe(a, b, 80, "TCP", Duration.ofMillis(300))).as("x/b is not isolated").isTrue();

                AtomicInteger leaks = new AtomicInteger();
                AtomicInteger probes = new AtomicInteger();
                java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
                Thread prober = Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        probes.incrementAndGet();
                        if (probe.probe(b, a, 80, "TCP", Duration.ofMillis(200))) {
                            leaks.incrementAndGet();
                        }
                    }
                });
                t.lab.restartAgent("n1", true);
                t.lab.awaitConverged(Duration.ofSeconds(60));
                Thread.sleep(2000); // the restarted agent's first round has replaced the table by now
                stop.set(true);
                prober.join();
                assertThat(probes.get()).isGreaterThan(5);
                assertThat(leaks.get()).as("connections to the isolated pod during the restart").isZero();
                assertThat(probe.probe(a, b, 80, "TCP", Duration.ofMillis(500))).isTrue();
            }
        }
    }
}
