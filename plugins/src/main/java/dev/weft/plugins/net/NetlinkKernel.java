package dev.weft.plugins.net;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;

/**
 * The plugins' kernel on weft's netlink. The host side is this process's namespace, or — for
 * tests and the agent, which must not touch the namespace they run in — the one at a given path.
 */
public final class NetlinkKernel implements Kernel {
    private final java.util.Optional<String> hostPath;

    public NetlinkKernel() {
        this.hostPath = java.util.Optional.empty();
    }

    public NetlinkKernel(String hostNamespacePath) {
        this.hostPath = java.util.Optional.of(hostNamespacePath);
    }

    @Override
    public Namespace current() {
        if (hostPath.isPresent()) {
            return open(hostPath.get());
        }
        // The calling thread's namespace, as the netlink socket below is: one namespace for both.
        NetNs ns = NetNs.open("/proc/thread-self/ns/net");
        return new NetlinkNamespace(ns, "", Netlink.open());
    }

    @Override
    public Namespace open(String path) {
        NetNs ns;
        try {
            ns = NetNs.open(path);
        } catch (NetlinkException.NotFoundException e) {
            throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "network namespace " + path + " does not exist", e);
        }
        try {
            return new NetlinkNamespace(ns, path, Netlink.open(ns));
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }
}
