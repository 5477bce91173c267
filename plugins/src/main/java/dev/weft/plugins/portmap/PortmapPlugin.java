package dev.weft.plugins.portmap;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.config.PortMapping;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.net.InterfaceAddress;
import dev.weft.netlink.conntrack.Conntrack;
import dev.weft.nft.AttachmentRules;
import dev.weft.nft.Family;
import dev.weft.nft.Nft;
import dev.weft.nft.NftException;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code weft-portmap}: host ports forwarded to a container, in nftables. */
public final class PortmapPlugin implements Plugin {
    /** The host lock that orders every change to the two tables. */
    public static final Path DEFAULT_LOCK = Path.of("/run/weft/portmap.lock");
    private static final System.Logger LOG = System.getLogger(PortmapPlugin.class.getName());
    private static final int IPPROTO_UDP = 17;

    private final String hostPath;
    private final TaggedTable v4;
    private final TaggedTable v6;

    public static void main(String[] args) {
        Skel.main(exec -> standard());
    }

    /** Wired for a real host: this process's namespace, {@code nft} on the PATH. */
    public static PortmapPlugin standard() {
        return new PortmapPlugin("", NsHandle.nftFor(""), DEFAULT_LOCK);
    }

    /** On the host namespace at {@code hostPath} ("" for this one), applying rules with {@code nft}. */
    public PortmapPlugin(String hostPath, Nft nft, Path lockFile) {
        this.hostPath = hostPath;
        this.v4 = new TaggedTable(nft, lockFile, Family.IP, PortmapRules.TABLE, PortmapRules.skeleton());
        this.v6 = new TaggedTable(nft, lockFile, Family.IP6, PortmapRules.TABLE, PortmapRules.skeleton());
    }

    private TaggedTable table(InterfaceAddress a) {
        return a.isV4() ? v4 : v6;
    }

    private static String key(Request r) {
        return AttachmentRules.key(r.network(), r.containerId().value(), r.ifName().value());
    }

    @Override
    public Result add(Request r) {
        PortmapConfig c = PortmapConfig.parse(r.config(), r.runtimeConfig());
        Result prev = r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-portmap must be called as a chained plugin (no prevResult)"));
        if (c.mappings().isEmpty()) {
            return prev;
        }
        List<InterfaceAddress> addresses = containerAddresses(prev, r);
        String key = key(r);
        try (Rollback undo = new Rollback()) {
            for (InterfaceAddress a : addresses) {
                apply(table(a), key, PortmapRules.rules(a, c), c);
                undo.add(() -> table(a).remove(key));
            }
            if (c.snat()) {
                addresses.stream().filter(InterfaceAddress::isV4).findFirst().ifPresent(this::routeLocalnet);
            }
            undo.commit();
        }
        flushStaleUdp(c.mappings());
        return prev;
    }

    /** The first IPv4 and the first IPv6 address of {@code CNI_IFNAME} in the previous result, as the reference picks. */
    static List<InterfaceAddress> containerAddresses(Result prev, Request r) {
        List<IpConfig> ips = Attach.addressesOf(prev, r.ifName().value());
        Optional<InterfaceAddress> v4 = ips.stream().map(IpConfig::address).filter(InterfaceAddress::isV4).findFirst();
        Optional<InterfaceAddress> v6 = ips.stream().map(IpConfig::address).filter(a -> !a.isV4()).findFirst();
        return java.util.stream.Stream.of(v4, v6).flatMap(Optional::stream).toList();
    }

    private static void apply(TaggedTable t, String key, List<TaggedTable.Placed> rules, PortmapConfig c) {
        if (rules.isEmpty()) {
            return;
        }
        try {
            t.ensure(key, rules);
        } catch (NftException e) {
            boolean conditions = !c.conditionsV4().isEmpty() || !c.conditionsV6().isEmpty();
            throw new CniException(conditions ? CniErrorCode.INVALID_NETWORK_CONFIG : CniErrorCode.INTERNAL,
                    "nftables refused the port-mapping rules" + (conditions ? " (check conditionsV4/conditionsV6)" : "")
                            + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * A connection from the host's 127.0.0.1 to a mapped port is DNATed in output and leaves
     * through the device in front of the container with a loopback source, which the kernel drops
     * as a martian unless that device has {@code route_localnet}. Set once, never reset: the
     * device (a bridge) serves other containers, as the reference plugin also leaves it.
     */
    private void routeLocalnet(InterfaceAddress container) {
        try (NsHandle host = NsHandle.host(hostPath)) {
            host.linkTowards(container.address()).ifPresent(dev -> {
                String key = "net/ipv4/conf/" + dev.name() + "/route_localnet";
                if (!"1".equals(host.ns().readSysctl(key))) {
                    host.ns().sysctl(key, "1");
                }
            });
        }
    }

    /**
     * UDP flows that hit a host port before this mapping existed keep their old NAT decision as
     * long as datagrams keep coming; their conntrack entries are deleted so the next datagram is
     * DNATed anew. Best effort, after the rules are in place, as the reference does.
     */
    private void flushStaleUdp(List<PortMapping> mappings) {
        List<Integer> ports = mappings.stream().filter(m -> m.protocol().equals("udp")).map(PortMapping::hostPort)
                .distinct().toList();
        if (ports.isEmpty()) {
            return;
        }
        try (NsHandle host = NsHandle.host(hostPath); Conntrack ct = Conntrack.open(host.ns())) {
            for (int port : ports) {
                ct.deleteToPort(IPPROTO_UDP, port);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "weft-portmap: stale UDP conntrack entries not flushed: " + e.getMessage());
        }
    }

    /**
     * Removes the attachment's rules from the tables of the families its previous result has
     * addresses in (each table costs an {@code nft} run); from both when there is no result.
     */
    @Override
    public void del(Request r) {
        PortmapConfig.parse(r.config(), r.runtimeConfig());
        String key = key(r);
        List<InterfaceAddress> known = r.prevResult().map(prev -> containerAddresses(prev, r)).orElse(List.of());
        boolean all = known.isEmpty();
        if (all || known.stream().anyMatch(InterfaceAddress::isV4)) {
            v4.remove(key);
        }
        if (all || known.stream().anyMatch(a -> !a.isV4())) {
            v6.remove(key);
        }
    }

    @Override
    public void check(Request r) {
        PortmapConfig c = PortmapConfig.parse(r.config(), r.runtimeConfig());
        Result prev = r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-portmap CHECK needs prevResult"));
        if (c.mappings().isEmpty()) {
            return;
        }
        String key = key(r);
        for (InterfaceAddress a : containerAddresses(prev, r)) {
            Map<String, Integer> want = new TreeMap<>(PortmapRules.rules(a, c).stream()
                    .collect(Collectors.groupingBy(TaggedTable.Placed::chain, Collectors.summingInt(p -> 1))));
            TaggedTable t = table(a);
            Map<String, Integer> have = t.count(key);
            if (!have.equals(want) || (!want.isEmpty() && !t.skeletonWhole())) {
                throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-portmap CHECK: the " + t.family().text()
                        + " " + t.table() + " rules of this container are " + have + ", expected " + want);
            }
        }
    }

    @Override
    public void gc(GcRequest r) {
        Set<String> keep = r.validAttachments().stream()
                .map(a -> AttachmentRules.key(r.network(), a.containerId(), a.ifName())).collect(Collectors.toSet());
        String prefix = AttachmentRules.networkPrefix(r.network());
        v4.retainOnly(prefix, keep);
        v6.retainOnly(prefix, keep);
    }
}
