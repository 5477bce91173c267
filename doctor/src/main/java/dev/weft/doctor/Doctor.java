package dev.weft.doctor;

import dev.weft.bgp.BgpPeer;
import dev.weft.bgp.BgpStore;
import dev.weft.bgp.speaker.BgpStatus;
import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetLease;
import dev.weft.cluster.SubnetManager;
import dev.weft.doctor.advice.Advice;
import dev.weft.doctor.advice.Advisor;
import dev.weft.doctor.advice.Measurements;
import dev.weft.doctor.check.AgentCheck;
import dev.weft.doctor.check.FastPathCheck;
import dev.weft.doctor.check.PeerCheck;
import dev.weft.doctor.check.PolicyCheck;
import dev.weft.node.AgentStatus;
import dev.weft.doctor.check.RouteCheck;
import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.ProbeNames;
import dev.weft.doctor.probe.BgpProbe;
import dev.weft.doctor.probe.DatastoreProbe;
import dev.weft.doctor.probe.KernelProbe;
import dev.weft.doctor.probe.OnLinkProbe;
import dev.weft.doctor.probe.PeerPath;
import dev.weft.doctor.probe.PoolProbe;
import dev.weft.doctor.probe.SegmentProbe;
import dev.weft.doctor.probe.SysctlProbe;
import dev.weft.doctor.probe.Uplink;
import dev.weft.doctor.probe.UplinkProbe;
import dev.weft.ipam.cluster.Pool;
import dev.weft.ipam.cluster.PoolAdmin;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.nft.Nft;
import dev.weft.nft.NftCli;
import dev.weft.store.Datastore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code weft doctor} on one node: the environment probes, the advice, then the checks of the
 * running cluster (when the datastore holds one). Runs in the node's network namespace.
 */
public final class Doctor {
    private final DoctorSettings s;
    private final Datastore store;

    public Doctor(DoctorSettings settings, Datastore store) {
        this.s = settings;
        this.store = store;
    }

    public Report run() {
        List<Finding> env = new ArrayList<>(DatastoreProbe.run(store, s.datastore()));
        boolean reachable = env.getFirst().status() != dev.weft.doctor.finding.Status.FAIL;
        Optional<ClusterConfig> config = reachable ? config() : Optional.empty();
        List<SubnetLease> leases = reachable ? leases() : List.of();
        Optional<IpAddress> publicIp = s.publicIp().or(() -> leases.stream().filter(l -> l.node().equals(s.node()))
                .map(SubnetLease::publicIp).findFirst());
        env.addAll(KernelProbe.run());
        try (Netlink nl = Netlink.open()) {
            Optional<Uplink> uplink = publicIp.flatMap(ip -> Uplink.find(nl, ip));
            publicIp.ifPresentOrElse(ip -> env.add(UplinkProbe.interpret(ip, uplink)), () -> env.add(Finding.info(
                    ProbeNames.UPLINK_MTU, "unknown: give --public-ip (this node holds no lease to take it from)")));
            env.addAll(SysctlProbe.run(uplink.map(Uplink::name)));
            Map<String, IpAddress> peers = new LinkedHashMap<>();
            leases.stream().filter(l -> !l.node().equals(s.node())).forEach(l -> peers.put(l.node(), l.publicIp()));
            Finding onLink = OnLinkProbe.run(nl, peers);
            env.add(onLink);
            Optional<PeerPath> onLinkPeer = firstOnLink(nl, peers);
            env.add(uplink.map(u -> SegmentProbe.run(nl, u, s.probeAddress(), onLinkPeer)).orElse(Finding.info(
                    ProbeNames.SEGMENT_EXTRA_MACS, "unknown: no uplink found")));
            uplink.ifPresent(u -> env.add(PoolProbe.interpret(publicIp.get(), u.address().network(), pools())));
            env.add(BgpProbe.interpret(config.map(ClusterConfig::backend).orElse("none"), bgpPeers(), bgpStatus()));
            Advice advice = Advisor.advise(env, measurements());
            List<Finding> cluster = config.map(c -> cluster(nl, c, leases)).orElseGet(() -> reachable
                    ? List.of(Finding.fail("cluster.config", "the datastore holds no cluster", "weft cluster init --network ... --backend ..."))
                    : List.of());
            return new Report(s.node(), env, advice, cluster);
        }
    }

    private List<Finding> cluster(Netlink nl, ClusterConfig c, List<SubnetLease> leases) {
        List<Finding> out = new ArrayList<>();
        out.add(Finding.ok("cluster.config", "backend " + c.backend() + ", network " + c.network()));
        s.cniSocket().ifPresent(sock -> out.add(AgentCheck.socket(sock, AgentCheck.version(sock), s.restart())));
        var status = AgentCheck.readStatus(s.statusFile());
        out.add(AgentCheck.status(s.statusFile(), status, System.currentTimeMillis(), s.restart()));
        out.add(PeerCheck.lease(s.node(), leases, s.restart()));
        out.add(PeerCheck.peers(s.node(), c.backend(), leases, status));
        out.add(RouteCheck.interpret(s.node(), c.backend(), c.network(), leases, nl.routes().list(), s.restart()));
        Nft nft = new NftCli();
        out.add(PolicyCheck.rounds(status.map(AgentStatus::policy), System.currentTimeMillis()));
        out.add(PolicyCheck.run(nft, c.backend().equals("macvlan")));
        out.add(FastPathCheck.interpret(c.backend(), FastPathSeen.read(nft)));
        out.addAll(Leftovers.check(nl, nft, s.cniDataDir()));
        return out;
    }

    private Optional<PeerPath> firstOnLink(Netlink nl, Map<String, IpAddress> peers) {
        var routes = nl.routes().list();
        var neigh = nl.neighbours().list(2);
        return peers.entrySet().stream().map(e -> PeerPath.classify(e.getKey(), e.getValue(), routes, neigh))
                .filter(p -> p.kind() == PeerPath.Kind.ON_LINK).findFirst();
    }

    private Optional<ClusterConfig> config() {
        try {
            return Optional.of(new SubnetManager(store).config());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private List<SubnetLease> leases() {
        try {
            return new SubnetManager(store).leases();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private Map<String, dev.weft.net.Cidr> pools() {
        try {
            return new PoolAdmin(store).list().stream().collect(Collectors.toMap(Pool::name, Pool::cidr, (a, b) -> a, LinkedHashMap::new));
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private List<String> bgpPeers() {
        try {
            return new BgpStore(store).peers().stream().map(BgpPeer::name).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private Optional<BgpStatus> bgpStatus() {
        Path f = s.statusFile().resolveSibling("bgp.json");
        try {
            return Files.exists(f) ? Optional.of(BgpStatus.fromJson(tools.jackson.databind.json.JsonMapper.builder().build()
                    .readTree(Files.readString(f)))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code dataplane.json}'s figures when they were measured on this kernel. */
    private Optional<Measurements> measurements() {
        return s.benchFile().filter(Files::isRegularFile).flatMap(f -> {
            try {
                Measurements m = Measurements.parse(Files.readString(f));
                String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
                return m.kernel().equals(kernel) ? Optional.of(m) : Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }
}
