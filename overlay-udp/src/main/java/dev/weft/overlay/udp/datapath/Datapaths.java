package dev.weft.overlay.udp.datapath;

/** Starts the datapath of a kind on a {@link DatapathSetup}. */
public final class Datapaths {
    private Datapaths() {
    }

    /**
     * Starts {@code kind} on {@code setup}: {@code simple} needs a one-queue TUN without a
     * virtio-net header, {@code batched} any number of queues without it, {@code offload} with it.
     */
    public static Datapath start(DatapathKind kind, DatapathSetup setup) {
        boolean vnet = setup.tun().vnetHdr();
        if (vnet != (kind == DatapathKind.OFFLOAD)) {
            throw new IllegalArgumentException("datapath " + kind + " needs a TUN " + (vnet ? "without" : "with")
                    + " a virtio-net header");
        }
        if (kind == DatapathKind.SIMPLE && setup.tun().queues() != 1) {
            throw new IllegalArgumentException("datapath simple serves one queue, not " + setup.tun().queues());
        }
        return new WorkerSet(kind, setup, (q, owner) -> switch (kind) {
            case SIMPLE -> new SimpleWorker(setup, q, owner);
            case BATCHED -> new BatchedWorker(setup, q, owner);
            case OFFLOAD -> new OffloadWorker(setup, q, owner);
        }).start();
    }
}
