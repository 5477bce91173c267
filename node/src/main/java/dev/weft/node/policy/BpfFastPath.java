package dev.weft.node.policy;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.netlink.bpf.BpfMap;
import dev.weft.netlink.bpf.BpfProgram;
import dev.weft.netlink.bpf.Tcx;
import dev.weft.netlink.sys.SyscallException;
import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.compile.FastPath;
import dev.weft.policy.compile.FastPathRoutes;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The routed pods' fast path in eBPF ({@link FastPathPrograms}): two maps the agent keeps, and the
 * programs on the pods' host veths and the uplinks (tcx ingress). Which pods and subnets are fast is
 * what {@link FastPath} decides for the nftables table, from the same snapshot; the enforcer calls
 * {@link Round#withdraw} before it applies a round's policy changes and {@link Round#admit} after,
 * so a pod that becomes isolated leaves the fast path before its chains appear, and one no longer
 * isolated joins it only after its chains are gone (removing the one map entry takes both
 * directions at once). Programs stay attached when the agent stops, with the maps they hold (as the
 * nftables table stays); a new agent replaces them with its own. Used by the enforcer's thread only.
 */
final class BpfFastPath implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BpfFastPath.class.getName());
    private static final int MAX_PODS = 16384, MAX_REMOTE = 4096;
    private static final int ENODEV = 19, ENXIO = 6;

    private final Supplier<FastPathRoutes> routes;
    private final String node;
    private final BpfMap pods;
    private final BpfMap remote;
    private final BpfProgram fromPod;
    private final BpfProgram toPod;
    private final int fromPodId;
    private final int toPodId;
    private final Map<IpAddress, Integer> podEntries = new HashMap<>();
    private final Set<Cidr> remoteEntries = new HashSet<>();
    private String unreadable;
    private boolean swept;

    private BpfFastPath(Supplier<FastPathRoutes> routes, String node, BpfMap pods, BpfMap remote,
                        BpfProgram fromPod, BpfProgram toPod) {
        this.routes = routes;
        this.node = node;
        this.pods = pods;
        this.remote = remote;
        this.fromPod = fromPod;
        this.toPod = toPod;
        this.fromPodId = fromPod.id();
        this.toPodId = toPod.id();
    }

    /** Creates the maps and loads the programs; empty (logged) when the kernel refuses either. */
    static Optional<BpfFastPath> load(Supplier<FastPathRoutes> routes, String node) {
        BpfMap pods = null;
        BpfMap remote = null;
        BpfProgram from = null;
        try {
            pods = BpfMap.create(BpfMap.HASH, "weft_pods", 4, 4, MAX_PODS);
            remote = BpfMap.create(BpfMap.LPM_TRIE, "weft_remote", 8, 4, MAX_REMOTE);
            from = BpfProgram.load(BpfProgram.SCHED_CLS, FastPathPrograms.FROM_POD, FastPathPrograms.fromPod(pods, remote));
            BpfProgram to = BpfProgram.load(BpfProgram.SCHED_CLS, FastPathPrograms.TO_POD, FastPathPrograms.toPod(pods, remote));
            return Optional.of(new BpfFastPath(routes, node, pods, remote, from, to));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "eBPF fast path unavailable; the nftables table carries it", e);
            for (AutoCloseable c : new AutoCloseable[] {from, remote, pods}) {
                closeQuietly(c);
            }
            return Optional.empty();
        }
    }

    /** This round's plan, from {@code snapshot} and the routes read now; empty when they cannot be read (all stays). */
    Optional<Round> round(ClusterSnapshot snapshot) {
        FastPathRoutes r;
        try {
            r = routes.get();
            unreadable = null;
        } catch (RuntimeException e) {
            if (!Objects.equals(e.getMessage(), unreadable)) {
                LOG.log(System.Logger.Level.WARNING, "fast path: cannot read the kernel's routes; it stays as it is", e);
            }
            unreadable = e.getMessage();
            return Optional.empty();
        }
        Map<IpAddress, Integer> want = new HashMap<>();
        for (FastPath.FastPod p : FastPath.fastPods(snapshot, node, r)) {
            want.put(p.ip(), p.ifindex());
        }
        List<FastPathRoutes.Remote> remotes = FastPath.remotes(r);
        return Optional.of(new Round(want, remotes));
    }

    /** One round's pods and remote subnets. */
    final class Round {
        private final Map<IpAddress, Integer> want;
        private final List<FastPathRoutes.Remote> remotes;

        private Round(Map<IpAddress, Integer> want, List<FastPathRoutes.Remote> remotes) {
            this.want = want;
            this.remotes = remotes;
        }

        /**
         * Takes out the pods that are no longer fast, or are behind another veth now; the first
         * time, also every weft program a previous agent left on any device (its maps say what was
         * fast then, not now).
         */
        void withdraw() {
            if (!swept) {
                detachAll(Set.of(fromPodId, toPodId));
                swept = true;
            }
            for (var it = podEntries.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().equals(want.get(e.getKey()))) {
                    pods.remove(e.getKey().bytes());
                    it.remove();
                }
            }
        }

        /** Puts in the fast pods and the remote subnets, and keeps the programs on their devices. */
        void admit() {
            Set<Cidr> wantRemote = new HashSet<>();
            for (FastPathRoutes.Remote r : remotes) {
                wantRemote.add(r.dst());
            }
            for (Cidr gone : new HashSet<>(remoteEntries)) {
                if (!wantRemote.contains(gone)) {
                    remote.remove(lpmKey(gone));
                    remoteEntries.remove(gone);
                }
            }
            for (Cidr c : wantRemote) {
                if (remoteEntries.add(c)) {
                    remote.put(lpmKey(c), new byte[] {1, 0, 0, 0});
                }
            }
            for (Map.Entry<IpAddress, Integer> e : want.entrySet()) {
                if (!e.getValue().equals(podEntries.get(e.getKey()))) {
                    pods.put(e.getKey().bytes(), u32(e.getValue()));
                    podEntries.put(e.getKey(), e.getValue());
                }
            }
            new TreeSet<>(want.values()).forEach(ifindex -> ensureAttached(ifindex, fromPod, fromPodId));
            new TreeSet<>(remotes.stream().map(FastPathRoutes.Remote::ifindex).toList())
                    .forEach(ifindex -> ensureAttached(ifindex, toPod, toPodId));
        }
    }

    /** Whether the pod at {@code ip} is in the map (tests). */
    boolean carries(IpAddress ip) {
        return pods.get(ip.bytes()).isPresent();
    }

    /**
     * {@code program} on {@code ifindex}'s ingress, and no other weft program (a previous agent's,
     * holding its stale maps) there; a device that went away meanwhile is skipped.
     */
    private void ensureAttached(int ifindex, BpfProgram program, int id) {
        try {
            List<Integer> ids = Tcx.ids(ifindex, Tcx.Direction.INGRESS);
            if (ids.equals(List.of(id))) {
                return;
            }
            if (!ids.contains(id)) {
                Tcx.attach(ifindex, Tcx.Direction.INGRESS, program);
            }
            for (int other : ids) {
                if (other != id && Tcx.info(other).name().startsWith("weft_")) {
                    Tcx.detach(ifindex, Tcx.Direction.INGRESS, other);
                }
            }
        } catch (SyscallException e) {
            if (e.errno() != ENODEV && e.errno() != ENXIO) {
                throw e;
            }
        }
    }

    /**
     * Detaches every weft program ({@code weft_} names) but those in {@code keep} from the ingress
     * of every device in the calling thread's namespace; nothing when the kernel has no tcx.
     */
    static void detachAll(Set<Integer> keep) {
        List<Integer> devices;
        try (dev.weft.netlink.Netlink nl = dev.weft.netlink.Netlink.open()) {
            devices = nl.links().list().stream().map(dev.weft.netlink.link.LinkInfo::index).toList();
        }
        for (int ifindex : devices) {
            List<Integer> ids;
            try {
                ids = Tcx.ids(ifindex, Tcx.Direction.INGRESS);
            } catch (SyscallException e) {
                if (e.errno() == ENODEV || e.errno() == ENXIO) {
                    continue;
                }
                LOG.log(System.Logger.Level.DEBUG, "no tcx here, so no weft programs to remove: " + e.getMessage());
                return;
            }
            for (int id : ids) {
                if (!keep.contains(id) && Tcx.info(id).name().startsWith("weft_")) {
                    Tcx.detach(ifindex, Tcx.Direction.INGRESS, id);
                }
            }
        }
    }

    private static byte[] lpmKey(Cidr c) {
        byte[] k = new byte[8];
        System.arraycopy(u32(c.prefixLength()), 0, k, 0, 4);
        System.arraycopy(c.network().bytes(), 0, k, 4, 4);
        return k;
    }

    /** A u32 as the programs read it (host order, little-endian). */
    private static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a descriptor we hold cannot fail in a way that matters here
            }
        }
    }

    /** Closes weft's descriptors; attached programs stay, with their maps. */
    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {fromPod, toPod, pods, remote}) {
            closeQuietly(c);
        }
    }
}
