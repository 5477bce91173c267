package dev.weft.ipam.hostlocal;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.Dns;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.net.IpAddress;
import dev.weft.cni.Attachment;
import dev.weft.io.StateFiles;
import dev.weft.sdk.GcRequest;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.Skel;
import dev.weft.sdk.StatusRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code weft-host-local}: the reference host-local's behaviour on weft's SDK. */
public final class HostLocalPlugin implements Plugin {
    private final Allocations.Source allocations;

    /** Reads and writes the allocation files on every call, as a plugin process does. */
    public HostLocalPlugin() {
        this(Allocations.Source.FILES);
    }

    /** On {@code allocations}: the agent passes its in-memory index ({@link IndexedAllocations.Registry}). */
    public HostLocalPlugin(Allocations.Source allocations) {
        this.allocations = allocations;
    }

    public static void main(String[] args) {
        Skel.main(new HostLocalPlugin());
    }

    @Override
    public Result add(Request request) {
        HostLocalConfig conf = HostLocalConfig.parse(request.config(), request.runtimeConfig(), request.args());
        Attachment owner = request.attachment();
        Allocations store = allocations.of(conf.dataDir(), conf.network());
        Dns dns = conf.resolvConf().map(ResolvConf::read).orElse(Dns.EMPTY); // before allocating: may fail
        List<IpConfig> ips = store.locked(() -> allocateAll(conf, owner, store));
        return new Result(CniVersion.CURRENT, List.of(), ips, conf.routes(), dns);
    }

    private static List<IpConfig> allocateAll(HostLocalConfig conf, Attachment owner, Allocations store) {
        List<IpAddress> unmatched = new ArrayList<>(conf.requested());
        List<IpConfig> got = new ArrayList<>();
        try {
            for (int i = 0; i < conf.rangeSets().size(); i++) {
                RangeSet set = conf.rangeSets().get(i);
                List<IpAddress> mine = unmatched.stream().filter(ip -> set.rangeFor(ip).isPresent()).toList();
                if (mine.size() > 1) {
                    throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                            "requested IP addresses " + mine + " fall in the same range set " + set);
                }
                unmatched.removeAll(mine);
                got.add(new Allocator(set, i, store).allocate(owner, mine.stream().findFirst()));
            }
            if (!unmatched.isEmpty()) {
                throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                        "requested IP addresses " + unmatched + " are not in any configured range");
            }
            return got;
        } catch (RuntimeException e) {
            got.forEach(ip -> store.release(ip.address().address(), owner));
            throw e;
        }
    }

    @Override
    public void del(Request request) {
        HostLocalConfig conf = HostLocalConfig.parse(request.config(), request.runtimeConfig(), request.args());
        Allocations store = allocations.of(conf.dataDir(), conf.network());
        if (!Files.isDirectory(store.dir())) {
            return;
        }
        Attachment owner = request.attachment();
        store.locked(() -> {
            store.heldBy(owner, who -> owns(owner, who)).forEach(ip -> store.release(ip, owner));
            return null;
        });
    }

    /** The owner matches by ID and interface; records of old host-local versions hold only the ID. */
    private static boolean owns(Attachment owner, Attachment record) {
        return record.containerId().equals(owner.containerId())
                && (record.ifName().isEmpty() || record.ifName().equals(owner.ifName()));
    }

    @Override
    public void check(Request request) {
        HostLocalConfig conf = HostLocalConfig.parse(request.config(), request.runtimeConfig(), request.args());
        Allocations store = allocations.of(conf.dataDir(), conf.network());
        Attachment owner = request.attachment();
        Map<IpAddress, Attachment> all = store.locked(store::allocations);
        boolean any = all.values().stream().anyMatch(who -> owns(owner, who));
        if (!any) {
            throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "host-local: no address is allocated to container "
                    + owner.containerId() + " interface " + owner.ifName() + " in " + store.dir());
        }
        Optional<Result> prev = request.prevResult();
        prev.ifPresent(p -> p.ips().forEach(ip -> {
            Attachment who = all.get(ip.address().address());
            boolean inRange = conf.rangeSets().stream().anyMatch(s -> s.rangeFor(ip.address().address()).isPresent());
            if (inRange && (who == null || !owns(owner, who))) {
                throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "host-local: address " + ip.address()
                        + " from prevResult is not allocated to container " + owner.containerId());
            }
        }));
    }

    /**
     * Owners of this prefix are Docker's (weft's CNM IPAM driver shares the node network's store):
     * CNI's GC never lists them as valid attachments, so it leaves them to that driver.
     */
    public static final String DOCKER_OWNER_PREFIX = "cnm-";

    @Override
    public void gc(GcRequest request) {
        HostLocalConfig conf = HostLocalConfig.parse(request.config(), dev.weft.cni.config.RuntimeConfig.EMPTY,
                dev.weft.cni.CniArgs.EMPTY);
        Allocations store = allocations.of(conf.dataDir(), conf.network());
        if (!Files.isDirectory(store.dir())) {
            return;
        }
        store.locked(() -> {
            store.removeOrphanClaims();
            store.allocations().forEach((ip, who) -> {
                boolean valid = request.validAttachments().stream().anyMatch(v -> owns(v, who));
                if (!valid && !who.containerId().startsWith(DOCKER_OWNER_PREFIX)) {
                    store.release(ip, who);
                }
            });
            return null;
        });
    }

    @Override
    public void status(StatusRequest request) {
        HostLocalConfig conf = HostLocalConfig.parse(request.config(), dev.weft.cni.config.RuntimeConfig.EMPTY,
                dev.weft.cni.CniArgs.EMPTY);
        try {
            StateFiles.createDirectories(conf.dataDir(), StateFiles.PRIVATE_DIRECTORY);
        } catch (IOException e) {
            throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE, "host-local: data dir " + conf.dataDir()
                    + " is not usable: " + e.getMessage(), e);
        }
        if (!Files.isWritable(conf.dataDir())) {
            throw new CniException(CniErrorCode.PLUGIN_NOT_AVAILABLE, "host-local: data dir " + conf.dataDir()
                    + " is not writable");
        }
    }
}
