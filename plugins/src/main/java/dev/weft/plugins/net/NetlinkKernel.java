package dev.weft.plugins.net;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.Links;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.sys.Libc;
import dev.weft.netlink.sys.NsIoctl;
import dev.weft.netlink.sys.SyscallException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The plugins' kernel on weft's netlink. The host side is this process's namespace, or — for
 * tests and the agent, which must not touch the namespace they run in — the one at a given path.
 *
 * <p>A path that is not a network namespace is code 3, as one that does not exist: there is no
 * container network there (so DEL succeeds, as for a namespace that is gone). It is found out
 * before {@code setns}, which would fail with a bare EINVAL, and before opening anything but a
 * regular file (a FIFO would block the open).
 */
public final class NetlinkKernel implements Kernel {
    private final Optional<String> hostPath;
    /** Bridges ensured through this kernel: one per agent, so a warm ADD does not look its bridge up. */
    private final BridgeCache bridges = new BridgeCache();
    /** Sysctls ensured through this kernel ({@code ip_forward}): read at most once a second per namespace. */
    private final SysctlCache sysctls = new SysctlCache();
    /** Handles on the calling threads' own namespace, kept between calls. */
    private final HostHandles hosts = new HostHandles();
    /** When a bridge port is set up: in its creation, except to measure the other way. */
    private final Links.PortUp portUp;
    /**
     * Whether bridge ports get an IPv6 link-local address: they do (as the reference's and weft's
     * before), except to measure the other way — without, it measured no faster (one more round
     * trip against addrconf work the ADD does not wait for; docs/BENCHMARKS.md, issue #14).
     */
    private final boolean portIpv6LinkLocal;

    public NetlinkKernel() {
        this(Links.PortUp.IN_CREATE);
    }

    /**
     * With bridge ports set up {@code portUp} (the default is {@link Links.PortUp#IN_CREATE}; the
     * other way is kept so that {@code weft bench cni --breakdown} can time both in one run).
     */
    public NetlinkKernel(Links.PortUp portUp) {
        this(portUp, true);
    }

    /**
     * As {@link #NetlinkKernel(Links.PortUp)}, bridge ports with an IPv6 link-local address when
     * {@code portIpv6LinkLocal} (the default; without, see {@link Links#addPort(
     * dev.weft.netlink.link.LinkSpec, int, Links.PortUp, boolean)}, only to measure).
     */
    public NetlinkKernel(Links.PortUp portUp, boolean portIpv6LinkLocal) {
        this.hostPath = Optional.empty();
        this.portUp = portUp;
        this.portIpv6LinkLocal = portIpv6LinkLocal;
    }

    public NetlinkKernel(String hostNamespacePath) {
        this.hostPath = Optional.of(hostNamespacePath);
        this.portUp = Links.PortUp.IN_CREATE;
        this.portIpv6LinkLocal = true;
    }

    @Override
    public Namespace current() {
        if (hostPath.isPresent()) {
            return open(hostPath.get());
        }
        // The calling thread's namespace, as the netlink socket below is: one namespace for both;
        // kept for the next call on a thread of that namespace when this one closes it
        Optional<List<Long>> id = HostHandles.threadNamespace();
        NetlinkNamespace kept = id.map(hosts::take).orElse(null);
        if (kept != null) {
            return kept;
        }
        NetNs ns = NetNs.open("/proc/thread-self/ns/net");
        Predicate<NetlinkNamespace> keeper = id.<Predicate<NetlinkNamespace>>map(k -> h -> hosts.give(k, h)).orElse(null);
        return new NetlinkNamespace(ns, "", CompletableFuture.completedFuture(Netlink.open()), bridges, sysctls, portUp,
                portIpv6LinkLocal, keeper);
    }

    /** Closes the host handles kept between calls (tests: a kept handle keeps its namespace alive). */
    void closeKeptHandles() {
        hosts.closeAll();
    }

    @Override
    public Namespace open(String path) {
        requireRegularFile(path);
        NetNs ns;
        try {
            ns = NetNs.open(path);
        } catch (NetlinkException.NotFoundException e) {
            throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "network namespace " + path + " does not exist", e);
        }
        try {
            requireNetworkNamespace(ns, path);
            // the socket is opened inside the namespace on a worker while the plugin goes on
            // (creating the veth needs only the namespace's descriptor): the hop is off the path
            return new NetlinkNamespace(ns, path, Netlink.start(ns), bridges, sysctls, portUp, portIpv6LinkLocal);
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** nsfs files are regular files; anything else (a directory, a FIFO, a device) is not a namespace. */
    private static void requireRegularFile(String path) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            return; // missing or unreadable: open says which, with its errno
        }
        if (!a.isRegularFile()) {
            throw notANetworkNamespace(path, a.isDirectory() ? "a directory" : "a special file (FIFO, socket or device)",
                    null);
        }
    }

    private static void requireNetworkNamespace(NetNs ns, String path) {
        int type;
        try {
            type = NsIoctl.nsType(ns.fd());
        } catch (SyscallException e) {
            if (e.errno() != NsIoctl.ENOTTY) {
                throw e;
            }
            if (isNetNsLink(ns)) {
                return; // a kernel before 4.11, without NS_GET_NSTYPE
            }
            throw notANetworkNamespace(path, "a regular file", e);
        }
        if (type != Libc.CLONE_NEWNET) {
            throw notANetworkNamespace(path, "a " + NsIoctl.typeName(type) + " namespace", null);
        }
    }

    /** Kernels before 4.11 have no NS_GET_NSTYPE; their nsfs descriptors read as {@code net:[INODE]}. */
    private static boolean isNetNsLink(NetNs ns) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + ns.fd())).toString().startsWith("net:[");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static CniException notANetworkNamespace(String path, String what, Throwable cause) {
        return new CniException(CniErrorCode.UNKNOWN_CONTAINER.code(), "CNI_NETNS: " + path
                + " is not a network namespace (it is " + what + ")", cause == null ? null : cause.getMessage(), cause);
    }
}
