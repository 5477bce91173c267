package dev.weft.doctor.probe;

import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.ProbeNames;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.netlink.conntrack.Conntrack;
import dev.weft.netlink.conntrack.IpFamily;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.link.MacvlanMode;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.netlink.sys.Libc;
import dev.weft.netlink.sys.Tun;
import dev.weft.nft.Family;
import dev.weft.nft.NftCli;
import dev.weft.nft.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kernel support, found by trying rather than by reading {@code /proc/config.gz} or module lists:
 * each feature is a device (or an nftables table, a conntrack dump, a TUN) made in a throwaway
 * namespace and removed with it. A module the kernel loads on demand counts as supported.
 */
public final class KernelProbe {
    /** One feature: its finding name, what it is for, and the attempt. */
    record Feature(String name, String usedBy, Attempt attempt) {
    }

    @FunctionalInterface
    interface Attempt {
        void run(Scratch s) throws Exception;
    }

    private KernelProbe() {
    }

    public static List<Finding> run() {
        List<Finding> out = new ArrayList<>();
        for (Feature f : features()) {
            out.add(probe(f));
        }
        return out;
    }

    static List<Feature> features() {
        return List.of(
                new Feature(ProbeNames.KERNEL_VXLAN, "the vxlan backend", s -> s.netlink().links().add(new LinkSpec.Vxlan(
                        InterfaceName.of("wd-vxlan"), 0, 4242, IpAddress.parse("127.0.0.1"), 0, false, 0))),
                new Feature(ProbeNames.KERNEL_MACVLAN, "the macvlan (underlay) backend", s -> {
                    // a veth as the parent: every kernel that runs pods has veth, not every one has dummy
                    LinkInfo parent = s.netlink().links().addAndGet(new LinkSpec.Veth(InterfaceName.of("wd-parent"), 0,
                            InterfaceName.of("wd-peer"), -1));
                    s.netlink().links().add(new LinkSpec.Macvlan(InterfaceName.of("wd-mv"), 0, parent.index(), MacvlanMode.BRIDGE, -1));
                }),
                new Feature(ProbeNames.KERNEL_TUN, "the udp backend", s -> s.ns().run(() -> {
                    int fd = Tun.open(false);
                    try {
                        Tun.setIff(fd, "wd-tun", Tun.IFF_TUN | Tun.IFF_NO_PI);
                    } finally {
                        Libc.close(fd);
                    }
                    return null;
                })),
                new Feature(ProbeNames.KERNEL_IPIP, "IP-in-IP tunnels", s -> s.netlink().links().add(
                        new LinkSpec.Generic(InterfaceName.of("wd-ipip"), 0, "ipip"))),
                new Feature(ProbeNames.KERNEL_BRIDGE_VLAN, "VLAN-aware bridges", s -> s.netlink().links().add(
                        new LinkSpec.Bridge(InterfaceName.of("wd-br"), 0, true))),
                new Feature(ProbeNames.KERNEL_NFTABLES, "NetworkPolicy, portmap, masquerade", s ->
                        new NftCli(Optional.of(java.nio.file.Path.of(s.ns().path()))).apply(new Transaction()
                                .addTable(Family.INET, "weft_doctor")
                                .addChain(Family.INET, "weft_doctor", "probe", "type filter hook forward priority 0; policy accept;")
                                .addRule(Family.INET, "weft_doctor", "probe", "ct state established,related accept", "weft:doctor"))),
                new Feature(ProbeNames.KERNEL_CONNTRACK, "stale UDP flow cleanup (portmap)", s -> {
                    try (Conntrack ct = Conntrack.open(s.ns())) {
                        ct.list(IpFamily.IPV4);
                    }
                }));
    }

    static Finding probe(Feature f) {
        try (Scratch s = Scratch.create()) {
            f.attempt().run(s);
            return interpret(f.name(), f.usedBy(), Optional.empty());
        } catch (Exception e) {
            return interpret(f.name(), f.usedBy(), Optional.of(e));
        }
    }

    /** The finding for a feature's attempt: it worked, the kernel lacks it, or the probe itself failed. */
    public static Finding interpret(String name, String usedBy, Optional<? extends Throwable> failure) {
        if (failure.isEmpty()) {
            return Finding.ok(name, "supported");
        }
        Throwable t = failure.get();
        String msg = String.valueOf(t.getMessage()).lines().findFirst().orElse("");
        if (t instanceof NetlinkException.NotSupportedException) {
            return Finding.warn(name, "not supported by this kernel: " + msg,
                    usedBy + " cannot work here; load the module (modprobe) or use a kernel that has it");
        }
        if (t instanceof NetlinkException.PermissionException) {
            return Finding.warn(name, "unknown: not permitted (" + msg + ")", "run weft doctor as root");
        }
        return Finding.warn(name, "probe failed: " + msg, usedBy + " may not work here; see the message");
    }
}
