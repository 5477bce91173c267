package dev.weft.doctor;

import dev.weft.doctor.check.FastPathCheck;
import dev.weft.nft.Nft;
import dev.weft.node.policy.BpfFastPathState;

import java.util.Optional;

/** Reads what {@link FastPathCheck} judges, in the calling thread's namespace. */
final class FastPathSeen {
    private FastPathSeen() {
    }

    static FastPathCheck.Seen read(Nft nft) {
        BpfFastPathState ebpf = BpfFastPathState.read();
        Optional<Boolean> table;
        try {
            table = Optional.of(nft.listJson("table " + FastPathCheck.TABLE).isPresent());
        } catch (RuntimeException e) {
            table = Optional.empty();
        }
        return new FastPathCheck.Seen(ebpf.podDevices(), ebpf.uplinkDevices(), ebpf.fastPods(), table);
    }
}
