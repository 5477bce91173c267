package dev.weft.plugins.portmap;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.config.PortMapping;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.lock.FileMutex;
import dev.weft.net.InterfaceAddress;
import dev.weft.netlink.conntrack.Conntrack;
import dev.weft.nft.AttachmentRules;
import dev.weft.nft.Family;
import dev.weft.nft.Nft;
import dev.weft.nft.NftException;
import dev.weft.nft.Transaction;
import dev.weft.plugins.common.Attach;
import dev.weft.plugins.net.NsHandle;
import dev.weft.sdk.GcRequest;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.Skel;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code weft-portmap}: host ports forwarded to a container, in nftables. */
public final class PortmapPlugin implements Plugin {
    /** The host lock that orders every change to the two tables. */
    public static final Path DEFAULT_LOCK = Path.of("/run/weft/portmap.lock");
    private static final System.Logger LOG = System.getLogger(PortmapPlugin.class.getName());
    private static final int IPPROTO_UDP = 17;

    private final String hostPath;
    private final Nft nft;
    private final FileMutex lock;

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
        this.nft = nft;
        this.lock = new FileMutex(lockFile);
    }

    private static String key(Request r) {
        return AttachmentRules.key(r.network(), r.containerId().value(), r.ifName().value());
    }

    /** The attachment as this request describes it: its addresses with a mapping of their family. */
    private static PortmapRules.Attachment attachment(Request r, Result prev, PortmapConfig c) {
        List<InterfaceAddress> addresses = containerAddresses(prev, r).stream()
                .filter(a -> !PortmapRules.dnatRules(a, c).isEmpty()).toList();
        return new PortmapRules.Attachment(key(r), addresses, c);
    }

    @Override
    public Result add(Request r) {
        PortmapConfig c = PortmapConfig.parse(r.config(), r.runtimeConfig());
        Result prev = r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-portmap must be called as a chained plugin (no prevResult)"));
        PortmapRules.Attachment a = attachment(r, prev, c);
        if (a.addresses().isEmpty()) {
            return prev;
        }
        apply(PortmapRules.add(a), c);
        if (c.snat()) {
            a.addresses().stream().filter(InterfaceAddress::isV4).findFirst().ifPresent(this::routeLocalnet);
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

    /** Applies an ADD transaction (all or nothing), saying which input nft refused. */
    private void apply(Transaction tx, PortmapConfig c) {
        try {
            lock.locked(() -> {
                nft.apply(tx);
                return null;
            });
        } catch (NftException e) {
            String first = e.getMessage().lines().findFirst().orElse("");
            if (first.contains("File exists")) {
                throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "weft-portmap: a host port of "
                        + "runtimeConfig.portMappings is already mapped to another container: " + first, e);
            }
            boolean conditions = !c.conditionsV4().isEmpty() || !c.conditionsV6().isEmpty();
            throw new CniException(conditions ? CniErrorCode.INVALID_NETWORK_CONFIG : CniErrorCode.INTERNAL,
                    "nftables refused the port-mapping rules" + (conditions ? " (check conditionsV4/conditionsV6)" : "")
                            + ": " + first, e);
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
     * Removes the attachment's elements and chains in one transaction built from its previous
     * result and mappings, without listing anything. Only when nft refuses that (no table, a
     * table changed behind weft's back, or a DEL without its mappings or result) are the tables
     * listed and whatever this attachment has there removed.
     */
    @Override
    public void del(Request r) {
        PortmapConfig c = PortmapConfig.parse(r.config(), r.runtimeConfig());
        Optional<PortmapRules.Attachment> a = r.prevResult().map(prev -> attachment(r, prev, c));
        lock.locked(() -> {
            if (a.isPresent() && !a.get().addresses().isEmpty()) {
                try {
                    nft.apply(PortmapRules.remove(a.get()));
                    return null;
                } catch (NftException e) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "weft-portmap DEL: listing the tables, as nft refused the"
                            + " removal: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
            String key = key(r);
            for (Family f : List.of(Family.IP, Family.IP6)) {
                Transaction tx = PortmapListing.read(nft, f).sweepKey(key);
                if (tx != null) {
                    nft.apply(tx);
                }
            }
            return null;
        });
    }

    @Override
    public void check(Request r) {
        PortmapConfig c = PortmapConfig.parse(r.config(), r.runtimeConfig());
        Result prev = r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-portmap CHECK needs prevResult"));
        PortmapRules.Attachment a = attachment(r, prev, c);
        for (InterfaceAddress addr : a.addresses()) {
            List<String> problems = PortmapListing.read(nft, PortmapRules.family(addr)).problems(a, addr);
            if (!problems.isEmpty()) {
                throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-portmap CHECK: in "
                        + PortmapRules.family(addr).text() + " " + PortmapRules.TABLE + ", " + String.join("; ", problems));
            }
        }
    }

    @Override
    public void gc(GcRequest r) {
        Set<String> keep = r.validAttachments().stream()
                .map(a -> AttachmentRules.key(r.network(), a.containerId(), a.ifName())).collect(Collectors.toSet());
        String prefix = AttachmentRules.networkPrefix(r.network());
        lock.locked(() -> {
            for (Family f : List.of(Family.IP, Family.IP6)) {
                Transaction tx = PortmapListing.read(nft, f).sweep(k -> k.startsWith(prefix) && !keep.contains(k));
                if (tx != null) {
                    nft.apply(tx);
                }
            }
            return null;
        });
    }
}
