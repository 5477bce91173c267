package dev.weft.doctor.probe;

import dev.weft.bgp.bird.SessionState;
import dev.weft.bgp.speaker.BgpStatus;
import dev.weft.bgp.speaker.SessionStatus;
import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.Status;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.netlink.socket.NetlinkException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What each environment probe makes of what it saw. */
class InterpretTest {
    @Test
    void kernel_supported_missing_notPermitted_other() {
        assertThat(KernelProbe.interpret("kernel.ipip", "tunnels", Optional.empty())).isEqualTo(Finding.ok("kernel.ipip", "supported"));
        Finding missing = KernelProbe.interpret("kernel.ipip", "IP-in-IP tunnels", Optional.of(
                new NetlinkException.NotSupportedException("create ipip wd-ipip", 95, "Unknown device type")));
        assertThat(missing.status()).isEqualTo(Status.WARN);
        assertThat(missing.observed()).startsWith("not supported by this kernel: ");
        assertThat(missing.fix()).startsWith("IP-in-IP tunnels cannot work here");
        assertThat(KernelProbe.interpret("kernel.tun", "udp", Optional.of(
                new NetlinkException.PermissionException("open", 1, "EPERM"))).observed()).startsWith("unknown: not permitted");
        assertThat(KernelProbe.interpret("kernel.nf-tables", "policy", Optional.of(new IllegalStateException("nft: not found\nmore")))
                .observed()).isEqualTo("probe failed: nft: not found");
    }

    @Test
    void sysctls() {
        Map<String, String> v = Map.of("net/ipv4/ip_forward", "1", "net/ipv4/conf/all/rp_filter", "0", "net/ipv4/conf/eth0/rp_filter", "1");
        List<Finding> f = SysctlProbe.interpret(k -> Optional.ofNullable(v.get(k)), Optional.of("eth0"));
        assertThat(f.get(0).status()).isEqualTo(Status.OK);
        assertThat(f.get(1).status()).isEqualTo(Status.WARN);
        assertThat(f.get(1).observed()).startsWith("rp_filter all=0, eth0=1 (effective 1): strict");
        List<Finding> off = SysctlProbe.interpret(k -> Optional.of(k.endsWith("ip_forward") ? "0" : "2"), Optional.empty());
        assertThat(off.get(0).status()).isEqualTo(Status.FAIL);
        assertThat(off.get(0).fix()).startsWith("sysctl -w net.ipv4.ip_forward=1");
        assertThat(off.get(1)).isEqualTo(Finding.ok("sysctl.rp-filter", "rp_filter all=2 (effective 2): loose"));
    }

    @Test
    void uplinkMtu() {
        IpAddress ip = IpAddress.parse("172.30.0.11");
        assertThat(UplinkProbe.interpret(ip, Optional.empty()).status()).isEqualTo(Status.FAIL);
        Finding ok = UplinkProbe.interpret(ip, Optional.of(new Uplink(2, "eth0", 1500, InterfaceAddress.parse("172.30.0.11/24"))));
        assertThat(ok).isEqualTo(Finding.ok("uplink.mtu",
                "eth0 (172.30.0.11/24) MTU 1500: pods get 1450 on vxlan, 1472 on udp, 1500 on host-gw, bgp and macvlan"));
        assertThat(UplinkProbe.interpret(ip, Optional.of(new Uplink(2, "eth0", 1300, InterfaceAddress.parse("172.30.0.11/24"))))
                .status()).isEqualTo(Status.WARN);
    }

    @Test
    void segment() {
        PeerPath peer = new PeerPath("n2", IpAddress.parse("172.30.0.12"), PeerPath.Kind.ON_LINK, Optional.empty());
        InterfaceAddress probe = InterfaceAddress.parse("172.30.0.249/24");
        assertThat(SegmentProbe.interpret(SegmentProbe.Outcome.REFUSED, peer, probe).status()).isEqualTo(Status.OK);
        assertThat(SegmentProbe.interpret(SegmentProbe.Outcome.CONNECTED, peer, probe).status()).isEqualTo(Status.OK);
        Finding dropped = SegmentProbe.interpret(SegmentProbe.Outcome.TIMED_OUT, peer, probe);
        assertThat(dropped.status()).isEqualTo(Status.WARN);
        assertThat(dropped.observed()).endsWith("no answer, the segment drops unknown MACs");
    }

    @Test
    void bgp() {
        assertThat(BgpProbe.interpret("vxlan", List.of(), Optional.empty()).status()).isEqualTo(Status.INFO);
        assertThat(BgpProbe.interpret("vxlan", List.of("tor"), Optional.empty()).status()).isEqualTo(Status.WARN);
        SessionStatus active = new SessionStatus("tor", "peer", "ebgp", "172.30.0.1", 65000, SessionState.ACTIVE,
                Optional.empty(), 0, "Socket: Connection refused");
        SessionStatus up = new SessionStatus("tor", "peer", "ebgp", "172.30.0.1", 65000, SessionState.ESTABLISHED,
                Optional.of(Instant.EPOCH), 3, "");
        Finding down = BgpProbe.interpret("bgp", List.of(), Optional.of(new BgpStatus("n1", true, List.of(active), Optional.empty(), Instant.EPOCH)));
        assertThat(down.status()).isEqualTo(Status.WARN);
        assertThat(down.observed()).isEqualTo("the bgp backend's node mesh configured, none established: tor Active (Socket: Connection refused)");
        assertThat(BgpProbe.interpret("bgp", List.of(), Optional.of(new BgpStatus("n1", true, List.of(up), Optional.empty(), Instant.EPOCH))))
                .isEqualTo(Finding.ok("bgp.peer", "1 session(s) established: tor 172.30.0.1"));
    }

    @Test
    void datastore() {
        assertThat(DatastoreProbe.interpretLatency("etcd://x:2379", List.of(), Optional.of("connection refused")).status())
                .isEqualTo(Status.FAIL);
        assertThat(DatastoreProbe.interpretLatency("/s.json", List.of(Duration.ofMillis(2), Duration.ofMillis(900), Duration.ofMillis(3)),
                Optional.empty())).isEqualTo(Finding.ok("datastore.reachable", "/s.json: read in 3.0 ms"));
        assertThat(DatastoreProbe.interpretLatency("/s.json", List.of(Duration.ofMillis(300)), Optional.empty()).status())
                .isEqualTo(Status.WARN);
        assertThat(DatastoreProbe.interpretSkew(Optional.of(Duration.ofMillis(-400)), "")).isEqualTo(
                Finding.ok("datastore.clock-skew", "this clock is 400 ms behind the datastore's"));
        assertThat(DatastoreProbe.interpretSkew(Optional.of(Duration.ofSeconds(7)), "").status()).isEqualTo(Status.WARN);
        assertThat(DatastoreProbe.interpretSkew(Optional.empty(), "no Date").status()).isEqualTo(Status.INFO);
    }

    @Test
    void pool() {
        IpAddress ip = IpAddress.parse("172.30.0.11");
        Cidr seg = Cidr.parse("172.30.0.0/24");
        assertThat(PoolProbe.interpret(ip, seg, Map.of("pods", Cidr.parse("10.0.0.0/16"))).status()).isEqualTo(Status.INFO);
        assertThat(PoolProbe.interpret(ip, seg, Map.of("lab", seg)).status()).isEqualTo(Status.OK);
    }
}
