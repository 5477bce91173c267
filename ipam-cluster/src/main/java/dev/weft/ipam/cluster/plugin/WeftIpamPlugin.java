package dev.weft.ipam.cluster.plugin;

import dev.weft.cni.CniArgs;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.result.Dns;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.ipam.cluster.Allocation;
import dev.weft.ipam.cluster.AllocationRequest;
import dev.weft.ipam.cluster.AttachmentId;
import dev.weft.ipam.cluster.IpamException;
import dev.weft.ipam.cluster.IpamSnapshot;
import dev.weft.ipam.cluster.JournalReader;
import dev.weft.ipam.cluster.PoolAdmin;
import dev.weft.net.IpAddress;
import dev.weft.sdk.GcRequest;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.Skel;
import dev.weft.sdk.StatusRequest;
import dev.weft.store.StoreException;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code weft-ipam}: addresses from the cluster's IP pools in the datastore (see the package notes
 * for the configuration and the semantics of each command). The allocator comes from an
 * {@link IpamProvider}: the agent's long-lived one, or one opened for the call.
 */
public final class WeftIpamPlugin implements Plugin {
    private final IpamProvider provider;
    private final Clock clock;
    private final Duration writeBackWait;

    public WeftIpamPlugin(IpamProvider provider) {
        this(provider, Clock.systemUTC());
    }

    WeftIpamPlugin(IpamProvider provider, Clock clock) {
        this(provider, clock, Duration.ofSeconds(5));
    }

    WeftIpamPlugin(IpamProvider provider, Clock clock, Duration writeBackWait) {
        this.provider = provider;
        this.clock = clock;
        this.writeBackWait = writeBackWait;
    }

    /** Runs alone, one call per process. */
    public static void main(String[] args) {
        Skel.main(new WeftIpamPlugin(IpamProvider.oneShot()));
    }

    @Override
    public Result add(Request request) {
        WeftIpamConfig conf = WeftIpamConfig.parse(request.config(), request.runtimeConfig(), request.args());
        String node = node(conf);
        AttachmentId att = attachment(request);
        Optional<String> pod = pod(request.args());
        AttachmentRecords records = new AttachmentRecords(conf.dataDir(), node);
        return cni(() -> provider.call(conf.datastore(), node, conf.dataDir(), s -> {
            // the record first: the node's GC must never see an allocation whose attachment it cannot look up
            io(() -> records.write(new AttachmentRecord(att, conf.network(), request.netns(),
                    NetnsProbe.inodeOf(request.netns()), pod, clock.millis())));
            List<Allocation> got = new ArrayList<>();
            try {
                List<IpAddress> unmatched = new ArrayList<>(conf.requested());
                for (String pool : conf.pools()) {
                    AllocationRequest r = new AllocationRequest(node, att, pod, pool, Optional.empty());
                    Optional<IpAddress> wanted = Requested.inPool(s, pool, unmatched);
                    got.add(s.ipam().allocate(wanted.map(r::withRequested).orElse(r)));
                }
                if (!unmatched.isEmpty()) {
                    throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "requested IP addresses " + unmatched
                            + " are in none of the pools " + conf.pools());
                }
            } catch (RuntimeException e) {
                undo(s, att, got, records, e, node, conf.dataDir());
                throw e;
            }
            List<IpConfig> ips = got.stream().map(a -> new IpConfig(a.inPool(), a.gateway().orElse(null), null)).toList();
            return new Result(CniVersion.CURRENT, List.of(), ips, conf.routes(), Dns.EMPTY);
        }));
    }

    /** A failed ADD gives back what it got (a repeated ADD's runtime DELs after a failure anyway). */
    private static void undo(IpamProvider.Session s, AttachmentId att, List<Allocation> got, AttachmentRecords records,
                             RuntimeException cause, String node, Path dataDir) {
        try {
            got.forEach(a -> s.ipam().releaseIf(att, a.ip(), a.seq()));
            if (s.ipam().handle(att).isEmpty() && !pendingElsewhere(s, node, dataDir, att)) {
                records.delete(att);
            }
        } catch (RuntimeException again) {
            cause.addSuppressed(again); // GC frees what is left once the namespace is gone
        }
    }

    /** Whether the node's journal, owned by another process (the agent), holds an address of {@code att} not written back yet. */
    private static boolean pendingElsewhere(IpamProvider.Session s, String node, Path dataDir, AttachmentId att) {
        return s.ipam().lane().isEmpty() && !new JournalReader(IpamProvider.journalDir(dataDir, node), node)
                .pending(att, () -> IpamSnapshot.read(s.datastore())).isEmpty();
    }

    @Override
    public void del(Request request) {
        WeftIpamConfig conf = WeftIpamConfig.parse(request.config(), request.runtimeConfig(), request.args());
        String node = node(conf);
        AttachmentId att = attachment(request);
        cni(() -> provider.call(conf.datastore(), node, conf.dataDir(), s -> {
            boolean pending = !awaitWriteBack(s, node, conf.dataDir(), att);
            s.ipam().release(att);
            if (!pending) {
                io(() -> new AttachmentRecords(conf.dataDir(), node).delete(att)); // only once released: GC needs it till then
            }
            return null;
        }));
    }

    /**
     * A DEL in a process that does not own the node's journal (the agent does): an address the
     * agent handed out to this attachment and has not written back yet is unknown to the datastore,
     * so releasing by the datastore alone would miss it, and its write-back would bring it back
     * later. Waits (polling) until the agent has written it back; true when nothing is pending any
     * more. When the wait runs out the DEL still releases what the datastore holds but keeps the
     * record, so the node's GC frees the address once it is written back and the namespace is gone.
     */
    private boolean awaitWriteBack(IpamProvider.Session s, String node, Path dataDir, AttachmentId att) {
        long deadline = System.nanoTime() + writeBackWait.toNanos();
        while (pendingElsewhere(s, node, dataDir, att)) {
            if (System.nanoTime() - deadline > 0) {
                System.getLogger(WeftIpamPlugin.class.getName()).log(System.Logger.Level.WARNING, "weft-ipam DEL of " + att
                        + ": the node's journal still holds an address not written back after " + writeBackWait
                        + "; released what the datastore holds, kept the record for the node's GC");
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void check(Request request) {
        WeftIpamConfig conf = WeftIpamConfig.parse(request.config(), request.runtimeConfig(), request.args());
        AttachmentId att = attachment(request);
        List<Allocation> held = cni(() -> provider.call(conf.datastore(), node(conf), conf.dataDir(),
                s -> s.ipam().lookup(att)));
        for (String pool : conf.pools()) {
            if (held.stream().noneMatch(a -> a.pool().equals(pool))) {
                throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-ipam: attachment " + att
                        + " holds no address of pool " + pool);
            }
        }
        request.prevResult().ifPresent(prev -> prev.ips().forEach(ip -> {
            IpAddress a = ip.address().address();
            boolean mine = held.stream().anyMatch(h -> h.ip().equals(a));
            boolean ours = held.stream().anyMatch(h -> h.poolCidr().contains(a));
            if (ours && !mine) {
                throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-ipam: address " + ip.address()
                        + " from prevResult is not held by attachment " + att + " (it holds "
                        + held.stream().map(Allocation::ip).toList() + ")");
            }
        }));
    }

    /** CNI GC: see {@link NodeGc#cniGc}. */
    @Override
    public void gc(GcRequest request) {
        WeftIpamConfig conf = WeftIpamConfig.parse(request.config(), RuntimeConfig.EMPTY, CniArgs.EMPTY);
        String node = node(conf);
        cni(() -> provider.call(conf.datastore(), node, conf.dataDir(), s -> NodeGc.cniGc(s.ipam(),
                new AttachmentRecords(conf.dataDir(), node), request.network(), request.validAttachments())));
    }

    /** Ready when the datastore answers and every configured pool exists. */
    @Override
    public void status(StatusRequest request) {
        WeftIpamConfig conf = WeftIpamConfig.parse(request.config(), RuntimeConfig.EMPTY, CniArgs.EMPTY);
        List<String> have;
        try {
            have = provider.call(conf.datastore(), node(conf), conf.dataDir(),
                    s -> new PoolAdmin(s.datastore()).list().stream().map(p -> p.name()).toList());
        } catch (IpamException | StoreException e) {
            throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE, "weft-ipam: datastore " + conf.datastore()
                    + " is unavailable: " + e.getMessage(), e);
        }
        for (String pool : conf.pools()) {
            if (!have.contains(pool)) {
                throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE, "weft-ipam: IP pool " + pool
                        + " does not exist in " + conf.datastore() + " (weft ipam pool add " + pool + " CIDR)");
            }
        }
    }

    /** The configured node, else the agent's, else this host's name. */
    private String node(WeftIpamConfig conf) {
        return conf.node().or(provider::node).orElseGet(HostName::current);
    }

    private static AttachmentId attachment(Request r) {
        return new AttachmentId(r.containerId().value(), r.ifName());
    }

    /** {@code namespace/name} from the kubelet's CNI args, when both are there. */
    static Optional<String> pod(CniArgs args) {
        Optional<String> ns = args.get("K8S_POD_NAMESPACE").filter(s -> !s.isEmpty());
        Optional<String> name = args.get("K8S_POD_NAME").filter(s -> !s.isEmpty());
        return ns.isPresent() && name.isPresent() ? Optional.of(ns.get() + "/" + name.get()) : Optional.empty();
    }

    private static void io(Runnable r) {
        try {
            r.run();
        } catch (UncheckedIOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "weft-ipam: " + e.getMessage(), e);
        }
    }

    /** IPAM and datastore failures as CNI errors with their codes (the cause kept). */
    private static <T> T cni(Supplier<T> op) {
        try {
            return op.get();
        } catch (IpamException e) {
            throw new CniException(e.cniCode(), "weft-ipam: " + e.getMessage(), e.field(), e);
        } catch (StoreException e) {
            throw new CniException(CniErrorCode.TRY_AGAIN_LATER, "weft-ipam: datastore unavailable: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "weft-ipam: " + e.getMessage(), e);
        }
    }
}
