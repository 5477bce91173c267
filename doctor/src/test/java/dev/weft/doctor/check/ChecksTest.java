package dev.weft.doctor.check;

import dev.weft.cluster.SubnetLease;
import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.Status;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.node.AgentStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What each check of a running node makes of what it read. */
class ChecksTest {
    private static final String RESTART = "weft lab node restart n1 --name demo";
    private static final SubnetLease N1 = lease("n1", "10.244.1.0/24", "172.30.0.11");
    private static final SubnetLease N2 = lease("n2", "10.244.2.0/24", "172.30.0.12");
    private static final SubnetLease N3 = lease("n3", "10.244.3.0/24", "172.30.1.13");

    private static SubnetLease lease(String node, String subnet, String ip) {
        return new SubnetLease(Cidr.parse(subnet), node, IpAddress.parse(ip), Map.of(), 0, 1);
    }

    private static AgentStatus status(List<String> peers, Map<String, String> refused, long at) {
        return new AgentStatus("n1", "10.244.1.0/24", "host-gw", 1500, peers, refused, 7, at);
    }

    @Test
    void cniSocket_noAnswer_badAnswer_ok() {
        Path sock = Path.of("/run/weft/cni.sock");
        Finding down = AgentCheck.socket(sock, new AgentCheck.Answer(Optional.empty(), -1, "", "Connection refused"), RESTART);
        assertThat(down).isEqualTo(Finding.fail("agent.cni-socket", "/run/weft/cni.sock does not answer: Connection refused",
                "the agent is not running: start it (" + RESTART + ")"));
        assertThat(AgentCheck.socket(sock, new AgentCheck.Answer(Optional.of(Duration.ofMillis(3)), 1, "", "boom"), RESTART).status())
                .isEqualTo(Status.FAIL);
        assertThat(AgentCheck.socket(sock, new AgentCheck.Answer(Optional.of(Duration.ofMillis(3)), 0,
                "{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"1.1.0\"]}", ""), RESTART))
                .isEqualTo(Finding.ok("agent.cni-socket", "/run/weft/cni.sock answered VERSION in 3 ms"));
    }

    @Test
    void statusFile_missing_stale_fresh() {
        Path f = Path.of("/run/weft/status.json");
        assertThat(AgentCheck.status(f, Optional.empty(), 0, RESTART).status()).isEqualTo(Status.FAIL);
        Finding stale = AgentCheck.status(f, Optional.of(status(List.of(), Map.of(), 1_000)), 61_000, RESTART);
        assertThat(stale).isEqualTo(Finding.fail("agent.status", "round 7, 60 s ago: the agent stopped reconciling",
                "restart the agent (" + RESTART + ")"));
        assertThat(AgentCheck.status(f, Optional.of(status(List.of(), Map.of(), 1_000)), 4_000, RESTART))
                .isEqualTo(Finding.ok("agent.status", "round 7, 3 s ago"));
    }

    @Test
    void lease() {
        assertThat(PeerCheck.lease("n1", List.of(N1, N2), RESTART)).isEqualTo(Finding.ok("node.lease", "n1 holds 10.244.1.0/24 (172.30.0.11)"));
        assertThat(PeerCheck.lease("n1", List.of(N2), RESTART).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void peers_connected_refusedWithWhy_pending() {
        List<SubnetLease> all = List.of(N1, N2, N3);
        assertThat(PeerCheck.peers("n1", "host-gw", all, Optional.of(status(List.of("10.244.2.0/24", "10.244.3.0/24"), Map.of(), 0))))
                .isEqualTo(Finding.ok("peers.connected", "all 2 peers connected"));
        Finding refused = PeerCheck.peers("n1", "host-gw", all, Optional.of(status(List.of("10.244.2.0/24"),
                Map.of("10.244.3.0/24", "172.30.1.13 is not on-link"), 0)));
        assertThat(refused.status()).isEqualTo(Status.FAIL);
        assertThat(refused.observed()).isEqualTo("1 of 2 connected; refused: n3 10.244.3.0/24: 172.30.1.13 is not on-link");
        assertThat(refused.fix()).startsWith("host-gw reaches only on-link nodes");
        Finding pending = PeerCheck.peers("n1", "bgp", all, Optional.of(status(List.of("10.244.2.0/24"),
                Map.of("10.244.3.0/24", "session Active"), 0)));
        assertThat(pending.status()).isEqualTo(Status.WARN); // bgp refuses nobody for good
        assertThat(PeerCheck.peers("n1", "vxlan", List.of(N1), Optional.empty()).status()).isEqualTo(Status.INFO);
    }

    @Test
    void routes_missingOneNamesItsNode() {
        List<RouteSpec> routes = List.of(RouteSpec.via(Cidr.parse("10.244.2.0/24"), IpAddress.parse("172.30.0.12"), 2));
        Cidr net = Cidr.parse("10.244.0.0/16");
        Finding f = RouteCheck.interpret("n1", "vxlan", net, List.of(N1, N2, N3), routes, RESTART);
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.observed()).isEqualTo("no route to n3's 10.244.3.0/24");
        assertThat(f.fix()).contains(RESTART);
        assertThat(RouteCheck.interpret("n1", "vxlan", net, List.of(N1, N2), routes, RESTART).status()).isEqualTo(Status.OK);
        assertThat(RouteCheck.interpret("n1", "macvlan", net, List.of(N1, N2, N3), List.of(), RESTART).status()).isEqualTo(Status.INFO);
        assertThat(RouteCheck.interpret("n1", "udp", net, List.of(N1, N2), List.of(RouteSpec.onLink(net, 5)), RESTART).status())
                .isEqualTo(Status.OK);
    }

    @Test
    void policyTable() {
        assertThat(PolicyCheck.interpret(Optional.of(true), "").status()).isEqualTo(Status.OK);
        assertThat(PolicyCheck.interpret(Optional.of(false), "").status()).isEqualTo(Status.WARN);
        assertThat(PolicyCheck.interpret(Optional.empty(), "nft: not found").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void policyRounds() {
        assertThat(PolicyCheck.rounds(Optional.empty(), 0).status()).isEqualTo(Status.INFO);
        assertThat(PolicyCheck.rounds(Optional.of(dev.weft.node.policy.PolicyHealth.NONE), 0).status()).isEqualTo(Status.WARN);
        assertThat(PolicyCheck.rounds(Optional.of(new dev.weft.node.policy.PolicyHealth(12, 0, 10_000, "", false)), 13_000))
                .isEqualTo(Finding.ok("policy.rounds", "12 rounds applied, the last 3 s ago"));
        Finding failing = PolicyCheck.rounds(Optional.of(new dev.weft.node.policy.PolicyHealth(12, 3, 10_000,
                "NftException: nft: Error: syntax error", true)), 70_000);
        assertThat(failing.status()).isEqualTo(Status.FAIL);
        assertThat(failing.observed()).contains("the last policy round failed (3 failed, 12 applied): NftException: nft: Error: syntax error")
                .contains("the kernel keeps the round of 60 s ago");
        assertThat(failing.fix()).isNotBlank();
        // the status file written by the agent carries it through JSON
        var status = new AgentStatus("n1", "10.244.1.0/24", "host-gw", 1500, List.of(), Map.of(), 7, 1_000,
                new dev.weft.node.policy.PolicyHealth(2, 1, 900, "boom", true));
        assertThat(status.policy().failing()).isTrue();
    }

    @Test
    void fastPath() {
        var none = new FastPathCheck.Seen(0, 0, 0, java.util.Optional.of(false));
        var ebpf = new FastPathCheck.Seen(3, 1, 3, java.util.Optional.of(false));
        var nft = new FastPathCheck.Seen(0, 0, 0, java.util.Optional.of(true));
        var both = new FastPathCheck.Seen(3, 1, 3, java.util.Optional.of(true));
        assertThat(FastPathCheck.interpret("bgp", ebpf)).isEqualTo(Finding.ok(FastPathCheck.NAME,
                "ebpf: eBPF programs on 3 host veth(s) and 1 uplink(s), 3 pod(s) in their map"));
        assertThat(FastPathCheck.interpret("bgp", nft)).isEqualTo(Finding.ok(FastPathCheck.NAME, "nftables: table netdev weft_fast"));
        assertThat(FastPathCheck.interpret("bgp", none).status()).isEqualTo(Status.INFO);
        assertThat(FastPathCheck.interpret("bgp", new FastPathCheck.Seen(0, 0, 0, java.util.Optional.empty())).observed())
                .contains("the ruleset could not be listed");
        Finding twice = FastPathCheck.interpret("bgp", both);
        assertThat(twice.status()).isEqualTo(Status.WARN);
        assertThat(twice.observed()).contains("3 host veth(s)").contains("table netdev weft_fast");
        assertThat(FastPathCheck.interpret("vxlan", none)).isEqualTo(Finding.info(FastPathCheck.NAME,
                "none: the vxlan backend's pods take the kernel's forward path"));
        Finding stray = FastPathCheck.interpret("host-gw", nft);
        assertThat(stray.status()).isEqualTo(Status.WARN);
        assertThat(stray.observed()).isEqualTo("the host-gw backend has no fast path, yet the kernel holds one: table netdev weft_fast");
        assertThat(stray.fix()).contains("nft delete table netdev weft_fast");
    }

    @Test
    void leftovers() {
        assertThat(LeftoverCheck.devices(List.of("veth1", "veth2"), List.of(), Set.of("veth1")).observed())
                .isEqualTo("veths with no pod record (on weft0: veth2)");
        assertThat(LeftoverCheck.devices(List.of("veth1"), List.of("vethaa", "vethbb"), Set.of("veth1", "vethaa")).observed())
                .isEqualTo("veths with no pod record (routed: vethbb)");
        assertThat(LeftoverCheck.devices(List.of("veth1"), List.of("vethaa"), Set.of("veth1", "vethaa")))
                .isEqualTo(Finding.ok("leftovers.devices", "1 veth(s) on weft0 and 1 routed, each a recorded pod's"));
        String known = dev.weft.nft.TaggedRules.key("weft-lab", "c1", "eth0");
        String gone = dev.weft.nft.TaggedRules.key("weft-lab", "c2", "eth0");
        Set<String> hashes = Set.of(LeftoverCheck.hashOf(dev.weft.nft.TaggedRules.key("x", "c1", "eth0")));
        Finding f = LeftoverCheck.rules(List.of(known, gone, gone, "not ours"), hashes);
        assertThat(f.status()).isEqualTo(Status.WARN);
        assertThat(f.observed()).isEqualTo("rules of unknown pods: " + gone);
        assertThat(LeftoverCheck.rules(List.of(known), hashes)).isEqualTo(Finding.ok("leftovers.rules", "1 tagged rule(s), each a recorded pod's"));
    }
}
