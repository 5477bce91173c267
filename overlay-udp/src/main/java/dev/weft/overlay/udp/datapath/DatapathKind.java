package dev.weft.overlay.udp.datapath;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The three implementations behind {@code --udp-datapath}. */
public enum DatapathKind {
    /** One thread, poll(2), one read(2) and one sendto(2) per packet: Flannel's historical proxy. */
    SIMPLE("simple"),
    /** recvmmsg/sendmmsg batches, a multi-queue TUN with a thread per queue. */
    BATCHED("batched"),
    /** As batched, plus TUN TSO (virtio-net header), user-space GSO/GRO and UDP GSO/GRO. */
    OFFLOAD("offload");

    private final String option;

    DatapathKind(String option) {
        this.option = option;
    }

    /** The option's spelling. */
    public String option() {
        return option;
    }

    /** The kind named {@code option}; the message lists the valid names. */
    public static DatapathKind parse(String option) {
        for (DatapathKind k : values()) {
            if (k.option.equals(option)) {
                return k;
            }
        }
        throw new IllegalArgumentException("udp datapath \"" + option + "\" is not one of "
                + Arrays.stream(values()).map(DatapathKind::option).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return option;
    }
}
