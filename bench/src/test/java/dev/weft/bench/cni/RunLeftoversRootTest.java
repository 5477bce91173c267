package dev.weft.bench.cni;

import dev.weft.lab.Lab;
import dev.weft.netlink.ns.NetNs;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A run cut short: its namespaces, the processes it started in them and its directory go; the rest stays. */
@RequiresRoot
class RunLeftoversRootTest {
    @Test
    void removesTheRunsNamespacesAndOnlyTheChildrenInsideThem() throws Exception {
        String prefix = "wcblt" + ProcessHandle.current().pid() + "-";
        Path dir = Files.createTempDirectory("weft-leftovers");
        Files.writeString(dir.resolve("agent.log"), "x");
        NetNs.create(prefix + "host").close();
        Process inside = null;
        Process outside = null;
        try {
            inside = new ProcessBuilder("ip", "netns", "exec", prefix + "host", "sleep", "60").start();
            outside = new ProcessBuilder("sleep", "60").start();
            awaitNetnsEntered(inside.pid());
            RunLeftovers.remove(prefix, dir);
            assertThat(inside.waitFor(10, TimeUnit.SECONDS)).as("the child in the run's namespace is killed").isTrue();
            assertThat(outside.isAlive()).as("a child elsewhere is left alone").isTrue();
            assertThat(Lab.namespaces(prefix)).isEmpty();
            assertThat(dir).doesNotExist();
        } finally {
            if (inside != null) {
                inside.destroyForcibly();
            }
            if (outside != null) {
                outside.destroyForcibly();
            }
            NetNs.delete(prefix + "host");
        }
    }

    /** `ip netns exec` enters the namespace, then execs sleep: wait until the pid's namespace is not ours. */
    private static void awaitNetnsEntered(long pid) throws Exception {
        Path own = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        for (int i = 0; i < 100; i++) {
            Path link = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net"));
            if (!link.equals(own)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("ip netns exec did not enter the namespace");
    }
}
