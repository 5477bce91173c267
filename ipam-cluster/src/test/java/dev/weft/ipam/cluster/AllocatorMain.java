package dev.weft.ipam.cluster;

import dev.weft.lock.FileMutex;
import dev.weft.store.embedded.EmbeddedDatastore;

import java.nio.file.Path;

/**
 * A plugin-like process for {@link MultiProcessEmbeddedTest}: ADDs {@code count} attachments on a
 * node and DELs every third one, printing each completed call on stdout ({@code ADD id ip seq
 * block} or {@code DEL id}) so the test knows what succeeded even when it kills this process.
 */
public final class AllocatorMain {
    private AllocatorMain() {
    }

    public static void main(String[] args) {
        Path store = Path.of(args[0]);
        HostLock lock = new FileMutex(Path.of(args[1]))::locked;
        String node = args[2];
        String prefix = args[3];
        int count = Integer.parseInt(args[4]);
        ClusterIpam ipam = new ClusterIpam(new EmbeddedDatastore(store), IpamOptions.defaults().withHostLock(lock));
        for (int i = 0; i < count; i++) {
            AttachmentId a = AttachmentId.of(prefix + i, "eth0");
            Allocation got = ipam.allocate(AllocationRequest.of(node, a, "p"));
            System.out.println("ADD " + a.containerId() + " " + got.ip() + " " + got.seq() + " " + got.block());
            if (i % 3 == 2) {
                AttachmentId gone = AttachmentId.of(prefix + (i - 1), "eth0");
                ipam.release(gone);
                System.out.println("DEL " + gone.containerId());
            }
            System.out.flush();
        }
    }
}
