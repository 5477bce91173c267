package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several JVMs (two per node, sharing the node's host lock) allocating on one embedded store
 * file, one of them SIGKILLed mid-run: every ADD that completed is still held, none twice, and
 * after GC nothing else is held.
 */
class MultiProcessEmbeddedTest {
    private static final Pool POOL = new Pool("p", Cidr.parse("10.9.0.0/24"), 28, List.of(), Optional.empty(), false);

    @TempDir
    Path tmp;

    private record Child(Process process, String node, Thread reader, CountDownLatch started) {
    }

    @Test
    void processesSharingTheStoreFileNeverShareAnAddressEvenWhenOneIsKilled() throws Exception {
        Path file = tmp.resolve("store.json");
        Datastore store = new EmbeddedDatastore(file);
        new PoolAdmin(store).add(POOL);
        Map<AttachmentId, List<Allocation>> live = new ConcurrentHashMap<>();
        Map<AttachmentId, String> nodeOf = new ConcurrentHashMap<>();
        List<Child> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String node = "n" + (i / 2);
            children.add(start(file, node, "p" + i + "-", 24, live, nodeOf));
        }
        Child victim = children.get(1);
        assertThat(victim.started().await(60, TimeUnit.SECONDS)).as("the victim got going").isTrue();
        victim.process().destroyForcibly(); // SIGKILL, wherever it is
        for (Child c : children) {
            assertThat(c.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
            c.reader().join();
            if (c != victim) {
                assertThat(c.process().exitValue()).as("exit of a child on %s", c.node()).isZero();
            }
        }
        Invariants.hold(IpamSnapshot.read(store), live);
        TestClock clock = new TestClock();
        clock.advance(Duration.ofDays(1));
        IpamGc gc = new IpamGc(store, n -> Optional.of(Set.copyOf(live.keySet().stream()
                .filter(a -> n.equals(nodeOf.get(a))).toList())), clock, IpamGc.DEFAULT_GRACE);
        gc.run(Set.of("n0", "n1"), false);
        clock.advance(Duration.ofMinutes(11));
        gc.run(Set.of("n0", "n1"), false);
        Invariants.noLeaks(IpamSnapshot.read(store), live);
        assertThat(live.size()).isGreaterThan(40);
    }

    private Child start(Path file, String node, String prefix, int count, Map<AttachmentId, List<Allocation>> live,
                        Map<AttachmentId, String> nodeOf) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AllocatorMain.class.getName(), file.toString(), tmp.resolve(node + ".lock").toString(), node, prefix,
                String.valueOf(count)).redirectError(tmp.resolve(prefix + "err").toFile()).start();
        CountDownLatch started = new CountDownLatch(3);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String[] f = line.split(" ");
                    AttachmentId a = AttachmentId.of(f[1], "eth0");
                    if (f[0].equals("ADD")) {
                        live.put(a, List.of(new Allocation(a, IpAddress.parse(f[2]), "p", POOL.cidr(), Optional.empty(),
                                Cidr.parse(f[4]), Long.parseLong(f[3]), false)));
                    } else {
                        live.remove(a);
                    }
                    started.countDown();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < count; i++) {
            nodeOf.put(AttachmentId.of(prefix + i, "eth0"), node);
        }
        return new Child(p, node, reader, started);
    }
}
