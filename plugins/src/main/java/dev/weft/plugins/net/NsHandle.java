package dev.weft.plugins.net;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.route.RouteCodec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.nft.Nft;
import dev.weft.nft.NftCli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A namespace with a raw netlink handle inside it, for the meta plugins, which need what the
 * narrow {@link Namespace} port does not offer (traffic control, link flags, conntrack). The host
 * side is this thread's namespace ({@code ""}) or, for tests and labs, a namespace by path; a
 * container is always by path, and a missing one is CNI error 3.
 */
public record NsHandle(NetNs ns, Netlink nl, String path) implements AutoCloseable {

    /** The host side: this thread's namespace when {@code hostPath} is empty, else the one there. */
    public static NsHandle host(String hostPath) {
        if (hostPath.isEmpty()) {
            NetNs ns = NetNs.open("/proc/thread-self/ns/net");
            try {
                return new NsHandle(ns, Netlink.open(), "");
            } catch (RuntimeException e) {
                ns.close();
                throw e;
            }
        }
        return open(hostPath);
    }

    /** A container's namespace by path ({@code CNI_NETNS}); a missing one is CNI error 3 naming it. */
    public static NsHandle open(String path) {
        NetNs ns;
        try {
            ns = NetNs.open(path);
        } catch (NetlinkException.NotFoundException e) {
            throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "network namespace " + path + " does not exist", e);
        }
        try {
            return new NsHandle(ns, Netlink.open(ns), path);
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /**
     * The device {@code address} is directly connected through (the main table's longest on-link
     * route containing it, never a default route or one via a gateway), if any: the bridge or host
     * veth in front of a pod. Plugins change settings of this device, so an uplink must never be
     * mistaken for it.
     */
    public Optional<LinkInfo> linkTowards(IpAddress address) {
        return nl.routes().list(RouteCodec.MAIN).stream()
                .filter(r -> r.oif() > 0 && r.gateway() == null && r.dst().prefixLength() > 0)
                .filter(r -> r.dst().isV4() == address.isV4() && r.dst().contains(address))
                .max(java.util.Comparator.comparingInt(r -> r.dst().prefixLength()))
                .flatMap(r -> nl.links().get(r.oif()));
    }

    /** The {@code nft} runner for the host side at {@code hostPath} ({@code ""}: this process's namespace). */
    public static Nft nftFor(String hostPath) {
        return new NftCli(hostPath.isEmpty() ? Optional.empty() : Optional.of(Path.of(hostPath)), SpawnedNft.INSTANCE);
    }

    @Override
    public void close() {
        nl.close();
        ns.close();
    }
}
