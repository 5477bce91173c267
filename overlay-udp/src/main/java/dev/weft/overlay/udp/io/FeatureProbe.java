package dev.weft.overlay.udp.io;

import dev.weft.netlink.sys.Datagram;
import dev.weft.netlink.sys.Errno;
import dev.weft.netlink.sys.SyscallException;
import dev.weft.netlink.sys.Tun;

import java.util.ArrayList;
import java.util.List;

/**
 * What this kernel and libc offer the datapaths, each feature with the reason when it is missing
 * (netty's availability probe): the TUN driver, multi-queue, the virtio-net header, TUN
 * offloads (tried on a throwaway device), UDP GSO and GRO (tried as socket options), and
 * sendmmsg/recvmmsg in libc. Runs in the calling thread's network namespace; the throwaway TUN
 * lives only while the probe holds its fd.
 */
public final class FeatureProbe {
    /** One feature: whether it is there, and why not. */
    public record Feature(String name, boolean available, String reason) {
        public Feature {
            java.util.Objects.requireNonNull(name, "name");
            reason = available ? "" : java.util.Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return name + ": " + (available ? "yes" : "no (" + reason + ")");
        }
    }

    /** The probe's findings. */
    public record Report(Feature tun, Feature multiQueue, Feature vnetHdr, Feature tunOffload, Feature udpGso,
                         Feature udpGro, Feature mmsg) {
        public List<Feature> all() {
            return List.of(tun, multiQueue, vnetHdr, tunOffload, udpGso, udpGro, mmsg);
        }

        /** Why the batched datapath cannot run, empty when it can (without multi-queue it runs one queue). */
        public List<String> batchedMissing() {
            return missing(List.of(tun, mmsg));
        }

        /** Why the offload datapath cannot run, empty when it can. */
        public List<String> offloadMissing() {
            return missing(List.of(tun, vnetHdr, tunOffload, udpGso, udpGro, mmsg));
        }

        private static List<String> missing(List<Feature> needed) {
            List<String> out = new ArrayList<>();
            needed.stream().filter(f -> !f.available()).forEach(f -> out.add(f.toString()));
            return out;
        }
    }

    private FeatureProbe() {
    }

    /** Probes everything. */
    public static Report run() {
        int features;
        try {
            int fd = Tun.open(false);
            try {
                features = Tun.features(fd);
            } finally {
                dev.weft.netlink.sys.Libc.close(fd);
            }
        } catch (SyscallException e) {
            Feature no = new Feature("tun", false, tunReason(e));
            Feature dep = new Feature("-", false, "no TUN driver");
            return new Report(no, named(dep, "multi-queue"), named(dep, "vnet-hdr"), named(dep, "tun-offload"),
                    udpOption("udp-gso", Datagram.UDP_SEGMENT, "4.18"), udpOption("udp-gro", Datagram.UDP_GRO, "5.0"), mmsg());
        }
        Feature tun = new Feature("tun", true, null);
        Feature mq = flag("multi-queue", features, Tun.IFF_MULTI_QUEUE, "IFF_MULTI_QUEUE (3.8)");
        Feature vnet = flag("vnet-hdr", features, Tun.IFF_VNET_HDR, "IFF_VNET_HDR");
        Feature offload = vnet.available() ? tunOffload() : new Feature("tun-offload", false, "needs vnet-hdr");
        return new Report(tun, mq, vnet, offload, udpOption("udp-gso", Datagram.UDP_SEGMENT, "4.18"),
                udpOption("udp-gro", Datagram.UDP_GRO, "5.0"), mmsg());
    }

    private static Feature named(Feature f, String name) {
        return new Feature(name, f.available(), f.reason());
    }

    private static Feature flag(String name, int features, int flag, String what) {
        return (features & flag) != 0 ? new Feature(name, true, null)
                : new Feature(name, false, "the TUN driver does not offer " + what);
    }

    private static String tunReason(SyscallException e) {
        return switch (e.errno()) {
            case Errno.ENOENT -> "no " + Tun.DEVICE + " (is the tun module loaded?)";
            case Errno.ENODEV -> Tun.DEVICE + " has no driver behind it (modprobe tun)";
            case Errno.EPERM, Errno.EACCES -> "opening " + Tun.DEVICE + " needs CAP_NET_ADMIN: " + e.getMessage();
            default -> e.getMessage();
        };
    }

    private static Feature tunOffload() {
        int fd = Tun.open(false);
        try {
            Tun.setIff(fd, "wudpprobe%d", Tun.IFF_TUN | Tun.IFF_NO_PI | Tun.IFF_VNET_HDR);
            Tun.setVnetHdrSize(fd, 10);
            Tun.setOffload(fd, TunDevice.OFFLOADS);
            return new Feature("tun-offload", true, null);
        } catch (SyscallException e) {
            return new Feature("tun-offload", false, "TUNSETOFFLOAD(CSUM|TSO4) refused: " + e.getMessage());
        } finally {
            dev.weft.netlink.sys.Libc.close(fd);
        }
    }

    private static Feature udpOption(String name, int option, String since) {
        int fd = Datagram.socket(Datagram.AF_INET, Datagram.SOCK_DGRAM | Datagram.SOCK_CLOEXEC, Datagram.IPPROTO_UDP);
        try {
            Datagram.setInt(fd, Datagram.SOL_UDP, option, option == Datagram.UDP_SEGMENT ? 1400 : 1);
            return new Feature(name, true, null);
        } catch (SyscallException e) {
            String why = e.errno() == ENOPROTOOPT ? "the kernel lacks it (Linux " + since + "+)" : e.getMessage();
            return new Feature(name, false, "setsockopt " + name + ": " + why);
        } finally {
            dev.weft.netlink.sys.Libc.close(fd);
        }
    }

    private static Feature mmsg() {
        return Datagram.hasMmsg() ? new Feature("mmsg", true, null)
                : new Feature("mmsg", false, "libc has no sendmmsg/recvmmsg");
    }

    /** ENOPROTOOPT: what setsockopt says for an option the kernel does not know. */
    static final int ENOPROTOOPT = 92;
}
