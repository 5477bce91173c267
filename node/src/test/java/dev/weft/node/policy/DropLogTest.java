package dev.weft.node.policy;

import dev.weft.net.IpAddress;
import dev.weft.netlink.nflog.NflogRecord;
import dev.weft.netlink.nflog.PacketSummary;
import dev.weft.policy.compile.LogDrops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The drop log on a fake NFLOG source: what it keeps, writes, rotates, ignores and counts. */
class DropLogTest {
    @TempDir
    Path dir;

    /** A source fed by the test; {@code gate} holds the writer back by holding the records back. */
    static final class FakeSource implements DropLog.Source {
        final BlockingQueue<List<NflogRecord>> batches = new LinkedBlockingQueue<>();

        @Override
        public List<NflogRecord> receive() {
            try {
                List<NflogRecord> b = batches.poll(50, TimeUnit.MILLISECONDS);
                return b == null ? List.of() : b;
            } catch (InterruptedException e) {
                return List.of();
            }
        }

        @Override
        public void close() {
        }
    }

    private static NflogRecord record(String prefix, int port) {
        return new NflogRecord(LogDrops.DEFAULT_GROUP, prefix, Optional.empty(), 3, 4, new PacketSummary(
                IpAddress.parse("10.0.2.2"), IpAddress.parse("10.0.1.2"), PacketSummary.TCP, 40000, port, 60));
    }

    @Test
    void recordsOfWeftsChainsAreKeptAndWrittenOthersIgnored() throws Exception {
        FakeSource src = new FakeSource();
        DropFile file = new DropFile(dir.resolve(DropFile.NAME), DropFile.DEFAULT_MAX_BYTES);
        try (DropLog log = DropLog.start(src, file, "n1", LogDrops.DEFAULT)) {
            src.batches.add(List.of(record("weft ingress_0a", 80), record("someone else", 81), record("weft egress_0b", 82)));
            for (int i = 0; i < 200 && log.written() < 2; i++) {
                Thread.sleep(20);
            }
            assertThat(log.received()).isEqualTo(2);
            assertThat(log.recent()).extracting(DropRecord::port).containsExactly(80, 82);
        }
        assertThat(DropFile.readAll(file.path())).extracting(DropRecord::chain).containsExactly("ingress_0a", "egress_0b");
    }

    @Test
    void aFullQueueCountsWhatItCouldNotHoldAndTheRestIsWritten() throws Exception {
        FakeSource src = new FakeSource();
        CountDownLatch writing = new CountDownLatch(1);
        DropFile file = new DropFile(dir.resolve(DropFile.NAME), DropFile.DEFAULT_MAX_BYTES);
        DropLog.Sink slow = records -> {
            try {
                writing.await(); // the disk is stuck until the flood is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            file.append(records);
        };
        int flood = DropLog.QUEUE * 4;
        try (DropLog log = DropLog.start(src, slow, "n1", LogDrops.DEFAULT)) {
            List<NflogRecord> many = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                many.add(record("weft ingress_0a", 1 + i));
            }
            src.batches.add(many);
            for (int i = 0; i < 200 && log.received() < flood; i++) {
                Thread.sleep(20);
            }
            assertThat(log.received()).isEqualTo(flood);
            assertThat(log.overflowed()).as("over the queue's capacity, counted").isGreaterThanOrEqualTo(flood - DropLog.QUEUE - 64);
            writing.countDown();
            long kept = flood - log.overflowed();
            for (int i = 0; i < 200 && log.written() < kept; i++) {
                Thread.sleep(20);
            }
            assertThat(log.written()).isEqualTo(kept);
            assertThat(log.recent()).hasSize(DropLog.KEEP);
        }
    }

    @Test
    void theFileRotatesAndReadersSeeBothHalvesSkippingATornLine() throws Exception {
        Path p = dir.resolve(DropFile.NAME);
        DropFile file = new DropFile(p, 1024);
        List<DropRecord> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            DropRecord r = new DropRecord(i, "n1", "ingress", "ingress_0a", "10.0.2.2", "x/b", "10.0.1.2", "x/a", "TCP", 80,
                    "denied: pod x/a ingress is selected by x/deny; no rule allows TCP/80 from pod x/b");
            all.add(r);
            file.append(List.of(r));
        }
        assertThat(Files.size(p)).isLessThan(1024 + 300);
        assertThat(DropFile.rotated(p)).exists();
        Files.writeString(p, "{\"timeMillis\": 99, \"node\"", java.nio.file.StandardOpenOption.APPEND);
        List<DropRecord> read = DropFile.readAll(p);
        assertThat(read).isNotEmpty().isSubsetOf(all);
        assertThat(read.getLast()).isEqualTo(all.getLast());
        assertThat(read).extracting(DropRecord::timeMillis).isSorted();
    }
}
