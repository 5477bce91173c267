package dev.weft.plugins.bandwidth;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.Interface;
import dev.weft.cni.result.Result;
import dev.weft.net.InterfaceName;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.tc.Filter;
import dev.weft.netlink.tc.Psched;
import dev.weft.netlink.tc.Qdisc;
import dev.weft.netlink.tc.Rate;
import dev.weft.netlink.tc.Tbf;
import dev.weft.netlink.tc.TcHandle;
import dev.weft.netlink.tc.TrafficControl;
import dev.weft.plugins.bandwidth.BandwidthConfig.Direction;
import dev.weft.plugins.common.Rollback;
import dev.weft.plugins.net.Kernel;
import dev.weft.plugins.net.Namespace;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.net.NsHandle;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.Skel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** {@code weft-bandwidth}: per-container rate limits with TBF on the host side of its veth. */
public final class BandwidthPlugin implements Plugin {
    /** How long a full queue takes to drain at the rate, beyond the burst (the reference's figure). */
    static final Duration LATENCY = Duration.ofMillis(25);
    /** The priority of the redirect filter on the host veth's ingress qdisc. */
    static final int REDIRECT_PRIORITY = 1;

    private final String hostPath;
    private final Kernel kernel;

    public static void main(String[] args) {
        Skel.main(exec -> standard(new NetlinkKernel()));
    }

    /**
     * Wired for a real host: the host side is this process's namespace; {@code kernel} retires the
     * IFB at DEL (the agent's deletes it in the background, as it does containers' devices).
     */
    public static BandwidthPlugin standard(Kernel kernel) {
        return new BandwidthPlugin("", kernel);
    }

    /** With the host side in the namespace at {@code hostPath} ("" for this one); devices deleted at once. */
    public BandwidthPlugin(String hostPath) {
        this(hostPath, new NetlinkKernel());
    }

    public BandwidthPlugin(String hostPath, Kernel kernel) {
        this.hostPath = hostPath;
        this.kernel = kernel;
    }

    /**
     * The IFB of an attachment: {@code wbw} and 12 hex digits of a hash of network, container and
     * interface, so DEL finds it without state; never {@code ifb0}/{@code ifb1}, which the ifb
     * module creates in the root namespace at load.
     */
    static String ifbName(String network, String containerId, String ifName) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((network + "\n" + containerId + "\n" + ifName).getBytes(StandardCharsets.UTF_8));
            return "wbw" + HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private static String ifbName(Request r) {
        return ifbName(r.network(), r.containerId().value(), r.ifName().value());
    }

    /** The TBF of one direction (the queue holds {@link #LATENCY} at the rate beyond the burst). */
    static Tbf tbf(Direction d) {
        try {
            Rate rate = Rate.bitsPerSecond(d.rateBits());
            return Tbf.withLatency(rate, holdableBurst(rate.bytesPerSecond(), d.burstBytes(), Psched.system()), LATENCY);
        } catch (IllegalArgumentException e) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"" + d.rateField() + "\" is invalid: "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code burstBytes}, or the largest bucket TBF can hold at {@code bytesPerSecond} when it is
     * larger. The bucket is given to the kernel as its transmit time in 32 bits of scheduler ticks
     * (about 275 s): containerd sends a burst of 2^32-1 bits when a pod's bandwidth annotation gives
     * only a rate, which at rates below about 15 Mbit/s lasts longer than that. The reference plugin
     * lets the tick count wrap (a small, arbitrary bucket); weft keeps the longest one that fits.
     */
    static long holdableBurst(long bytesPerSecond, long burstBytes, Psched p) {
        return Math.min(burstBytes, p.maxSize(Math.min(bytesPerSecond, U32_MAX)));
    }

    private static final long U32_MAX = 0xFFFF_FFFFL;

    @Override
    public Result add(Request r) {
        BandwidthConfig c = BandwidthConfig.parse(r.config(), r.runtimeConfig());
        if (c.isZero()) {
            return r.prevResult().orElse(Result.empty(CniVersion.CURRENT));
        }
        Result prev = r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-bandwidth must be called as a chained plugin (no prevResult)"));
        Tbf in = c.ingress().shaped() ? tbf(c.ingress()) : null;
        Tbf out = c.egress().shaped() ? tbf(c.egress()) : null;
        try (NsHandle ctr = NsHandle.open(r.netns()); NsHandle host = NsHandle.host(hostPath); Rollback undo = new Rollback()) {
            LinkInfo veth = HostVeth.find(ctr, host, r.ifName().value());
            requireBurstAboveMtu(c.ingress(), veth);
            requireBurstAboveMtu(c.egress(), veth);
            TrafficControl tc = host.nl().tc();
            List<Interface> interfaces = new ArrayList<>(prev.interfaces());
            if (in != null) {
                tc.ensureQdisc(Qdisc.rootTbf(veth.index(), in));
                undo.add(() -> tc.deleteQdiscIfExists(veth.index(), TcHandle.ROOT));
            }
            if (out != null) {
                LinkInfo ifb = ensureIfb(host, ifbName(r), veth.mtu());
                undo.add(() -> host.nl().links().deleteIfExists(ifb.name()));
                host.nl().links().setUp(ifb.index());
                tc.ensureQdisc(Qdisc.rootTbf(ifb.index(), out));
                tc.ensureQdisc(Qdisc.ingress(veth.index()));
                undo.add(() -> tc.deleteQdiscIfExists(veth.index(), TcHandle.INGRESS));
                tc.ensureFilter(Filter.redirectAllIngress(veth.index(), REDIRECT_PRIORITY, ifb.index()));
                interfaces.add(Interface.of(ifb.name(), String.valueOf(ifb.mac()), null));
            }
            undo.commit();
            return prev.withInterfaces(interfaces);
        }
    }

    /** A bucket smaller than the device's MTU passes no full-size packet (the kernel only warns). */
    private static void requireBurstAboveMtu(Direction d, LinkInfo veth) {
        if (d.shaped() && d.burstBytes() < veth.mtu()) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"" + d.burstField() + "\" is "
                    + d.burstBits() + " bits (" + d.burstBytes() + " bytes), less than the MTU of " + veth.name() + " ("
                    + veth.mtu() + " bytes): no full-size packet would pass");
        }
    }

    private static LinkInfo ensureIfb(NsHandle host, String name, int mtu) {
        try {
            return host.nl().links().addAndGet(new LinkSpec.Ifb(InterfaceName.of(name), mtu));
        } catch (NetlinkException.ExistsException again) {
            LinkInfo l = host.nl().links().require(name);
            if (!l.kind().equals("ifb")) {
                throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "device \"" + name
                        + "\" exists and is not an IFB", again);
            }
            return l;
        }
    }

    @Override
    public void del(Request r) {
        BandwidthConfig.parse(r.config(), r.runtimeConfig());
        String name = ifbName(r);
        try (NsHandle host = NsHandle.host(hostPath)) {
            Optional<LinkInfo> ifb = host.nl().links().get(name);
            hostVethIfStillThere(host, r).ifPresent(veth -> unshape(host.nl().tc(), veth, ifb));
        }
        retireIfb(name);
    }

    /**
     * Deletes the attachment's IFB through the kernel port: at once, or — in the agent — taken out
     * of service and renamed at once and deleted in the background, since deleting a device waits
     * for an RCU grace period; a new ADD of the same attachment then finds its name free.
     */
    private void retireIfb(String name) {
        String path = hostPath.isEmpty() ? "/proc/self/ns/net" : hostPath;
        try (Namespace host = kernel.open(path)) {
            host.link(name).ifPresent(ifb -> kernel.retire(path, host, ifb));
        }
    }

    /** The host veth of a DEL, when the container and its interface still exist. */
    private static Optional<LinkInfo> hostVethIfStillThere(NsHandle host, Request r) {
        if (!r.hasNetns()) {
            return Optional.empty();
        }
        try (NsHandle ctr = NsHandle.open(r.netns())) {
            return Optional.of(HostVeth.find(ctr, host, r.ifName().value()));
        } catch (CniException gone) {
            return Optional.empty(); // no namespace, no interface, or not a veth: nothing of ours on it
        }
    }

    /** Takes weft's qdiscs off a veth that outlives this DEL: the root TBF, and the redirect to the IFB. */
    private static void unshape(TrafficControl tc, LinkInfo veth, Optional<LinkInfo> ifb) {
        if (tc.qdisc(veth.index(), TcHandle.ROOT).filter(q -> q.kind() instanceof Tbf
                && q.handle().equals(Qdisc.TBF_HANDLE)).isPresent()) {
            tc.deleteQdiscIfExists(veth.index(), TcHandle.ROOT);
        }
        if (ifb.isPresent() && tc.qdisc(veth.index(), TcHandle.INGRESS).isPresent()) {
            Filter mine = Filter.redirectAllIngress(veth.index(), REDIRECT_PRIORITY, ifb.get().index());
            List<Filter> filters = tc.filters(veth.index(), TcHandle.INGRESS_QDISC);
            if (filters.stream().allMatch(mine::sameRule)) {
                tc.deleteQdiscIfExists(veth.index(), TcHandle.INGRESS);
            } else {
                filters.stream().filter(mine::sameRule).forEach(tc::deleteFilter);
            }
        }
    }

    @Override
    public void check(Request r) {
        BandwidthConfig c = BandwidthConfig.parse(r.config(), r.runtimeConfig());
        r.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "weft-bandwidth CHECK needs prevResult"));
        try (NsHandle ctr = NsHandle.open(r.netns()); NsHandle host = NsHandle.host(hostPath)) {
            LinkInfo veth = HostVeth.find(ctr, host, r.ifName().value());
            TrafficControl tc = host.nl().tc();
            if (c.ingress().shaped()) {
                requireTbf(tc, veth, tbf(c.ingress()), "ingress");
            }
            if (c.egress().shaped()) {
                LinkInfo ifb = host.nl().links().get(ifbName(r)).orElseThrow(() -> missing("the IFB " + ifbName(r)
                        + " is missing"));
                requireTbf(tc, ifb, tbf(c.egress()), "egress");
                Filter want = Filter.redirectAllIngress(veth.index(), REDIRECT_PRIORITY, ifb.index());
                if (tc.filters(veth.index(), TcHandle.INGRESS_QDISC).stream().noneMatch(want::sameRule)) {
                    throw missing("the redirect from " + veth.name() + " to " + ifb.name() + " is missing");
                }
            }
        }
    }

    private static void requireTbf(TrafficControl tc, LinkInfo dev, Tbf want, String dir) {
        Optional<Qdisc> q = tc.qdisc(dev.index(), TcHandle.ROOT);
        if (q.isEmpty() || !(q.get().kind() instanceof Tbf have) || !want.sameAs(have)) {
            throw missing("the " + dir + " TBF on " + dev.name() + " is " + q.map(Qdisc::toString).orElse("missing")
                    + ", expected " + want);
        }
    }

    private static CniException missing(String what) {
        return new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-bandwidth CHECK: " + what);
    }
}
