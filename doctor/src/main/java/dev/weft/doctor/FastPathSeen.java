package dev.weft.doctor;

import dev.weft.doctor.check.FastPathCheck;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.bpf.BpfMap;
import dev.weft.netlink.bpf.BpfProgram;
import dev.weft.netlink.bpf.Tcx;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.sys.SyscallException;
import dev.weft.nft.Nft;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Reads what {@link FastPathCheck} judges, in the calling thread's namespace. */
final class FastPathSeen {
    private static final String FROM_POD = "weft_from_pod", TO_POD = "weft_to_pod", PODS_MAP = "weft_pods";

    private FastPathSeen() {
    }

    static FastPathCheck.Seen read(Netlink nl, Nft nft) {
        int podDevices = 0;
        int uplinkDevices = 0;
        Set<Integer> maps = new HashSet<>();
        for (LinkInfo l : nl.links().list()) {
            for (BpfProgram.Info p : programs(l.index())) {
                if (p.name().equals(FROM_POD)) {
                    podDevices++;
                    maps.addAll(p.mapIds());
                } else if (p.name().equals(TO_POD)) {
                    uplinkDevices++;
                    maps.addAll(p.mapIds());
                }
            }
        }
        int pods = 0;
        for (int id : maps) {
            try (BpfMap m = BpfMap.open(id)) {
                if (m.name().equals(PODS_MAP)) {
                    pods += m.keys().size();
                }
            } catch (SyscallException e) {
                // freed since the programs were listed
            }
        }
        Optional<Boolean> table;
        try {
            table = Optional.of(nft.listJson("table " + FastPathCheck.TABLE).isPresent());
        } catch (RuntimeException e) {
            table = Optional.empty();
        }
        return new FastPathCheck.Seen(podDevices, uplinkDevices, pods, table);
    }

    private static java.util.List<BpfProgram.Info> programs(int ifindex) {
        try {
            return Tcx.programs(ifindex, Tcx.Direction.INGRESS);
        } catch (SyscallException e) {
            return java.util.List.of(); // the device went, or the kernel has no tcx
        }
    }
}
