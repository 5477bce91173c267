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
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The routed pods' fast path in eBPF ({@link FastPathPrograms}): two maps the agent keeps, and the
 * programs on the pods' host veths and the uplinks (tcx ingress). Which pods and subnets are fast is
 * what {@link FastPath} decides for the nftables table, from the same snapshot; the enforcer calls
 * {@link Round#withdraw} before it applies a round's policy changes and {@link Round#admit} after,
 * so a pod that becomes isolated leaves the fast path before its chains appear, and one no longer
 * isolated joins it only after its chains are gone (removing the one map entry takes both
 * directions at once). Programs stay attached when the agent stops, with the maps they hold (as the
 * nftables table stays); a new agent takes the maps over and swaps its programs in on them, so
 * traffic stays fast through a restart. Used by the enforcer's thread only.
 */
final class BpfFastPath implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BpfFastPath.class.getName());
    private static final int MAX_PODS = 16384, MAX_REMOTE = 4096;
    private static final int ENODEV = 19, ENXIO = 6;
    static final String PODS_MAP = "weft_pods";
    private static final String REMOTE_MAP = "weft_remote";

    private final Supplier<FastPathRoutes> routes;
    private final String node;
    private Loaded loaded;
    private final Map<IpAddress, Integer> podEntries = new HashMap<>();
    private final Set<Cidr> remoteEntries = new HashSet<>();
    private String unreadable;
    /** Whether the first round has taken over from a previous agent (withdraw), and swept what it left (admit). */
    private boolean adopted;
    private boolean swept;

    private BpfFastPath(Supplier<FastPathRoutes> routes, String node, Loaded loaded) {
        this.routes = routes;
        this.node = node;
        this.loaded = loaded;
    }

    /** The two maps and the two programs using them. */
    private record Loaded(BpfMap pods, BpfMap remote, BpfProgram fromPod, BpfProgram toPod, int fromPodId, int toPodId) {
        /** Loads the programs on {@code pods} and {@code remote}; closes the maps when the kernel refuses either. */
        static Loaded on(BpfMap pods, BpfMap remote) {
            BpfProgram from = null;
            try {
                from = BpfProgram.load(BpfProgram.SCHED_CLS, FastPathPrograms.FROM_POD, FastPathPrograms.fromPod(pods, remote));
                BpfProgram to = BpfProgram.load(BpfProgram.SCHED_CLS, FastPathPrograms.TO_POD, FastPathPrograms.toPod(pods, remote));
                return new Loaded(pods, remote, from, to, from.id(), to.id());
            } catch (RuntimeException e) {
                for (AutoCloseable c : new AutoCloseable[] {from, remote, pods}) {
                    closeQuietly(c);
                }
                throw e;
            }
        }

        boolean ours(BpfProgram.Info p) {
            return p.id() == fromPodId || p.id() == toPodId;
        }

        /** The ids of the two maps. */
        Set<Integer> mapIds() {
            return Set.of(pods.info().id(), remote.info().id());
        }

        void close() {
            for (AutoCloseable c : new AutoCloseable[] {fromPod, toPod, pods, remote}) {
                closeQuietly(c);
            }
        }
    }

    /** Creates the maps and loads the programs; empty (logged) when the kernel refuses either. */
    static Optional<BpfFastPath> load(Supplier<FastPathRoutes> routes, String node) {
        BpfMap pods = null;
        try {
            pods = BpfMap.create(BpfMap.HASH, PODS_MAP, 4, 4, MAX_PODS);
            BpfMap remote = BpfMap.create(BpfMap.LPM_TRIE, REMOTE_MAP, 8, 4, MAX_REMOTE);
            return Optional.of(new BpfFastPath(routes, node, Loaded.on(pods, remote)));
        } catch (RuntimeException e) {
            closeQuietly(pods);
            LOG.log(System.Logger.Level.WARNING, "eBPF fast path unavailable; the nftables table carries it", e);
            return Optional.empty();
        }
    }

    /**
     * Takes over from a previous agent, in the calling thread's namespace: when a weft program there
     * reads a pods map and a remote map of this version's shape, this agent's programs are loaded
     * on those maps, and it starts from their entries, so that every pod stays fast through the
     * restart (the maps say the same thing before and after). Otherwise it keeps its own, empty maps,
     * and the previous programs go before the first policy applies.
     */
    private void adopt() {
        Optional<BpfMap[]> previous = previousMaps();
        if (previous.isEmpty()) {
            return;
        }
        Loaded next;
        try {
            next = Loaded.on(previous.get()[0], previous.get()[1]);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fast path: cannot load the programs on the previous agent's maps; starting afresh", e);
            return;
        }
        loaded.close();
        loaded = next;
        for (byte[] key : next.pods().keys()) {
            next.pods().get(key).ifPresent(v -> podEntries.put(IpAddress.of(key), u32(v)));
        }
        for (byte[] key : next.remote().keys()) {
            remoteEntries.add(Cidr.of(IpAddress.of(java.util.Arrays.copyOfRange(key, 4, 8)), u32(key)));
        }
        LOG.log(System.Logger.Level.INFO, "fast path: took over the previous agent's maps: " + podEntries.size()
                + " pods, " + remoteEntries.size() + " remote subnets");
    }

    /** The pods and remote maps a weft program in this namespace reads, if they have this version's shape. */
    private static Optional<BpfMap[]> previousMaps() {
        for (int ifindex : devices()) {
            for (BpfProgram.Info p : weftPrograms(ifindex)) {
                BpfMap pods = null;
                BpfMap remote = null;
                for (int id : p.mapIds()) {
                    BpfMap m = openQuietly(id);
                    if (m == null) {
                        continue;
                    }
                    BpfMap.Info i = m.info();
                    if (pods == null && i.equals(new BpfMap.Info(i.id(), BpfMap.HASH, 4, 4, MAX_PODS, PODS_MAP))) {
                        pods = m;
                    } else if (remote == null && i.equals(new BpfMap.Info(i.id(), BpfMap.LPM_TRIE, 8, 4, MAX_REMOTE, REMOTE_MAP))) {
                        remote = m;
                    } else {
                        closeQuietly(m);
                    }
                }
                if (pods != null && remote != null) {
                    return Optional.of(new BpfMap[] {pods, remote});
                }
                closeQuietly(pods);
                closeQuietly(remote);
            }
        }
        return Optional.empty();
    }

    /**
     * This round's plan, from {@code snapshot} and the routes read now. When they cannot be read,
     * nothing joins and the attachments stay, but a pod the snapshot isolates still leaves: the
     * policy applies either way.
     */
    Round round(ClusterSnapshot snapshot) {
        FastPathRoutes r;
        try {
            r = routes.get();
            unreadable = null;
        } catch (RuntimeException e) {
            if (!Objects.equals(e.getMessage(), unreadable)) {
                LOG.log(System.Logger.Level.WARNING, "fast path: cannot read the kernel's routes; no pod joins it until they can be", e);
            }
            unreadable = e.getMessage();
            Set<IpAddress> isolated = FastPath.isolatedAddresses(snapshot, node);
            return new Round(null, isolated);
        }
        Map<IpAddress, Integer> want = new HashMap<>();
        for (FastPath.FastPod p : FastPath.fastPods(snapshot, node, r)) {
            want.put(p.ip(), p.ifindex());
        }
        return new Round(new Plan(want, FastPath.remotes(r)), Set.of());
    }

    /** The pods (address → host veth index) and the remote subnets a round wants fast. */
    private record Plan(Map<IpAddress, Integer> pods, List<FastPathRoutes.Remote> remotes) {
    }

    /** One round: a plan, or (routes unreadable) only the addresses that must leave. */
    final class Round {
        private final Plan plan;
        private final Set<IpAddress> leaving;

        private Round(Plan plan, Set<IpAddress> leaving) {
            this.plan = plan;
            this.leaving = leaving;
        }

        /** Whether the entry {@code ip → ifindex} stays in this round. */
        private boolean keeps(IpAddress ip, int ifindex) {
            return plan == null ? !leaving.contains(ip) : Integer.valueOf(ifindex).equals(plan.pods().get(ip));
        }

        /**
         * Takes out the pods that are no longer fast, or are behind another veth now. The first
         * time, it takes over a previous agent's maps ({@link #adopt}) and detaches every weft
         * program that reads other maps (theirs say what was fast then, not now).
         */
        void withdraw() {
            if (!adopted) {
                adopt();
                Loaded l = loaded;
                Set<Integer> maps = l.mapIds(); // a previous agent's program reading only these maps stays until admit
                detachAll(p -> l.ours(p) || maps.containsAll(p.mapIds()));
                adopted = true;
            }
            for (var it = podEntries.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!keeps(e.getKey(), e.getValue())) {
                    loaded.pods().remove(e.getKey().bytes());
                    it.remove();
                }
            }
        }

        /**
         * Puts in the fast pods and the remote subnets, and keeps the programs on their devices; the
         * first time, detaches every other weft program (a previous agent's, left on a device no
         * fast pod or remote subnet uses now). Nothing when the round has no plan.
         */
        void admit() {
            if (plan == null) {
                return;
            }
            Set<Cidr> wantRemote = new HashSet<>();
            for (FastPathRoutes.Remote r : plan.remotes()) {
                wantRemote.add(r.dst());
            }
            for (Cidr gone : new HashSet<>(remoteEntries)) {
                if (!wantRemote.contains(gone)) {
                    loaded.remote().remove(lpmKey(gone));
                    remoteEntries.remove(gone);
                }
            }
            for (Cidr c : wantRemote) {
                if (remoteEntries.add(c)) {
                    loaded.remote().put(lpmKey(c), new byte[] {1, 0, 0, 0});
                }
            }
            for (Map.Entry<IpAddress, Integer> e : plan.pods().entrySet()) {
                if (!e.getValue().equals(podEntries.get(e.getKey()))) {
                    loaded.pods().put(e.getKey().bytes(), u32(e.getValue()));
                    podEntries.put(e.getKey(), e.getValue());
                }
            }
            Loaded l = loaded;
            new TreeSet<>(plan.pods().values()).forEach(ifindex -> ensureAttached(ifindex, l.fromPod(), l.fromPodId()));
            new TreeSet<>(plan.remotes().stream().map(FastPathRoutes.Remote::ifindex).toList())
                    .forEach(ifindex -> ensureAttached(ifindex, l.toPod(), l.toPodId()));
            if (!swept) {
                detachAll(l::ours);
                swept = true;
            }
        }
    }

    /** Whether the pod at {@code ip} is in the map (tests). */
    boolean carries(IpAddress ip) {
        return loaded.pods().get(ip.bytes()).isPresent();
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
     * Detaches every weft program ({@code weft_} names) that {@code keep} does not accept from the
     * ingress of every device in the calling thread's namespace; nothing when the kernel has no tcx.
     */
    static void detachAll(Predicate<BpfProgram.Info> keep) {
        for (int ifindex : devices()) {
            for (BpfProgram.Info p : weftPrograms(ifindex)) {
                if (!keep.test(p)) {
                    Tcx.detach(ifindex, Tcx.Direction.INGRESS, p.id());
                }
            }
        }
    }

    static List<Integer> devices() {
        try (dev.weft.netlink.Netlink nl = dev.weft.netlink.Netlink.open()) {
            return nl.links().list().stream().map(dev.weft.netlink.link.LinkInfo::index).toList();
        }
    }

    /** The weft programs on {@code ifindex}'s ingress; none when the device went or the kernel has no tcx. */
    static List<BpfProgram.Info> weftPrograms(int ifindex) {
        try {
            return Tcx.programs(ifindex, Tcx.Direction.INGRESS).stream().filter(p -> p.name().startsWith("weft_")).toList();
        } catch (SyscallException e) {
            if (e.errno() != ENODEV && e.errno() != ENXIO) {
                LOG.log(System.Logger.Level.DEBUG, "no tcx on " + ifindex + ", so no weft programs there: " + e.getMessage());
            }
            return List.of();
        }
    }

    private static BpfMap openQuietly(int id) {
        try {
            return BpfMap.open(id);
        } catch (SyscallException e) {
            return null; // freed meanwhile
        }
    }

    private static byte[] lpmKey(Cidr c) {
        byte[] k = new byte[8];
        System.arraycopy(u32(c.prefixLength()), 0, k, 0, 4);
        System.arraycopy(c.network().bytes(), 0, k, 4, 4);
        return k;
    }

    private static int u32(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
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
        loaded.close();
    }
}
