package dev.weft.node.policy;

import dev.weft.netlink.bpf.BpfMap;
import dev.weft.netlink.bpf.BpfProgram;
import dev.weft.netlink.sys.SyscallException;

import java.util.HashSet;
import java.util.Set;

/**
 * What the kernel holds of the eBPF fast path in the calling thread's namespace, whichever agent
 * loaded it (for {@code weft doctor}): how many devices carry the pod program and the uplink
 * program, and how many pods the pods maps they read hold.
 */
public record BpfFastPathState(int podDevices, int uplinkDevices, int fastPods) {
    public static BpfFastPathState read() {
        int podDevices = 0;
        int uplinkDevices = 0;
        Set<Integer> maps = new HashSet<>();
        for (int ifindex : BpfFastPath.devices()) {
            for (BpfProgram.Info p : BpfFastPath.weftPrograms(ifindex)) {
                if (p.name().equals(FastPathPrograms.FROM_POD)) {
                    podDevices++;
                } else if (p.name().equals(FastPathPrograms.TO_POD)) {
                    uplinkDevices++;
                } else {
                    continue;
                }
                maps.addAll(p.mapIds());
            }
        }
        int pods = 0;
        for (int id : maps) {
            try (BpfMap m = BpfMap.open(id)) {
                if (m.name().equals(BpfFastPath.PODS_MAP)) {
                    pods += m.keys().size();
                }
            } catch (SyscallException e) {
                // freed since the programs were listed
            }
        }
        return new BpfFastPathState(podDevices, uplinkDevices, pods);
    }
}
