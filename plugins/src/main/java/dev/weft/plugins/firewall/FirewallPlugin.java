package dev.weft.plugins.firewall;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.nft.AttachmentRules;
import dev.weft.nft.Family;
import dev.weft.nft.Nft;
import dev.weft.nft.TaggedTable;
import dev.weft.plugins.common.Attach;
import dev.weft.plugins.common.Rollback;
import dev.weft.plugins.net.NsHandle;
import dev.weft.sdk.GcRequest;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.Skel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code weft-firewall}: forwarding rules and ingress isolation per attachment, in nftables. */
public final class FirewallPlugin implements Plugin {
    public static final Path DEFAULT_LOCK = Path.of("/run/weft/firewall.lock");

    private final String hostPath;
    private final TaggedTable table;
    private final HostForward host;

    public static void main(String[] args) {
        Skel.main(exec -> standard());
    }

    public static FirewallPlugin standard() {
        return new FirewallPlugin("", NsHandle.nftFor(""), DEFAULT_LOCK);
    }

    /** On the host namespace at {@code hostPath} ("" for this one), applying rules with {@code nft}. */
    public FirewallPlugin(String hostPath, Nft nft, Path lockFile) {
        this.hostPath = hostPath;
        this.table = new TaggedTable(nft, lockFile, Family.INET, FirewallRules.TABLE, FirewallRules.skeleton());
        this.host = new HostForward(nft, lockFile.resolveSibling(lockFile.getFileName() + ".host"));
    }

    private static String key(Request r) {
        return AttachmentRules.key(r.network(), r.containerId().value(), r.ifName().value());
    }

    @Override
    public Result add(Request r) {
        FirewallConfig c = FirewallConfig.parse(r.config());
        Result prev = r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-firewall must be called as a chained plugin (no prevResult)"));
        String key = key(r);
        try (Rollback undo = new Rollback()) {
            table.ensure(key, rules(c, prev, r));
            undo.add(() -> table.remove(key));
            host.ensure(c.hostForwardChains(), key, addresses(prev, r));
            undo.commit();
        }
        return prev;
    }

    private static List<IpAddress> addresses(Result prev, Request r) {
        return Attach.addressesOf(prev, r.ifName().value()).stream().map(IpConfig::address)
                .map(InterfaceAddress::address).distinct().toList();
    }

    private List<TaggedTable.Placed> rules(FirewallConfig c, Result prev, Request r) {
        List<IpAddress> addresses = addresses(prev, r);
        if (addresses.isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "weft-firewall: the previous result has no "
                    + "address for " + r.ifName());
        }
        String device = c.ingressPolicy() == FirewallConfig.IngressPolicy.OPEN ? "" : hostDevice(addresses.getFirst());
        return FirewallRules.rules(addresses, c.ingressPolicy(), device);
    }

    /** The host's device towards the pod (its bridge), found by route: isolation is decided there. */
    private String hostDevice(IpAddress pod) {
        try (NsHandle host = NsHandle.host(hostPath)) {
            return host.linkTowards(pod).map(l -> l.name()).orElseThrow(() -> new CniException(
                    CniErrorCode.INVALID_NETWORK_CONFIG, "weft-firewall: the host has no route to " + pod
                    + ", so there is no device to isolate it behind (chain weft-firewall after a bridge plugin)"));
        }
    }

    @Override
    public void del(Request r) {
        FirewallConfig c = FirewallConfig.parse(r.config());
        String key = key(r);
        table.remove(key);
        host.remove(c.hostForwardChains(), key::equals);
    }

    @Override
    public void check(Request r) {
        FirewallConfig c = FirewallConfig.parse(r.config());
        Result prev = r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-firewall CHECK needs prevResult"));
        Map<String, Integer> want = new TreeMap<>(rules(c, prev, r).stream()
                .collect(Collectors.groupingBy(TaggedTable.Placed::chain, Collectors.summingInt(p -> 1))));
        Map<String, Integer> have = table.count(key(r));
        if (!have.equals(want) || !table.skeletonWhole()) {
            throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-firewall CHECK: the rules of this container are "
                    + have + ", expected " + want);
        }
        List<String> missing = host.missing(c.hostForwardChains(), key(r), addresses(prev, r));
        if (!missing.isEmpty()) {
            throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-firewall CHECK: in the host's chains, "
                    + String.join("; ", missing));
        }
    }

    @Override
    public void gc(GcRequest r) {
        Set<String> keep = r.validAttachments().stream()
                .map(a -> AttachmentRules.key(r.network(), a.containerId(), a.ifName())).collect(Collectors.toSet());
        String prefix = AttachmentRules.networkPrefix(r.network());
        table.retainOnly(prefix, keep);
        FirewallConfig c = FirewallConfig.parse(r.config());
        host.remove(c.hostForwardChains(), k -> k.startsWith(prefix) && !keep.contains(k));
    }
}
