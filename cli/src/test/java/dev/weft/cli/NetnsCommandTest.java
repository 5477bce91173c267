package dev.weft.cli;

import dev.weft.cli.testing.Netns;
import dev.weft.cli.testing.WeftProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code weft cni netns add|del} makes namespaces that iproute2 sees, with lo up, and removes them. */
class NetnsCommandTest {
    private final String name = "wt-cli-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void cleanUp() {
        Netns.run(List.of("ip", "netns", "del", name));
    }

    @Test
    void addAndDel() {
        assumeTrue(Netns.isRoot(), "needs root for network namespaces");
        Netns.Proc add = WeftProcess.run(null, Map.of(), "cni", "netns", "add", name);
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(Netns.run(List.of("ip", "netns", "list")).out()).contains(name);
        assertThat(Netns.run(List.of("ip", "-n", name, "link", "show", "lo")).out()).contains("UP");

        Netns.Proc again = WeftProcess.run(null, Map.of(), "cni", "netns", "add", name);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("exists");

        assertThat(WeftProcess.run(null, Map.of(), "cni", "netns", "del", name).exit()).isZero();
        assertThat(Netns.run(List.of("ip", "netns", "list")).out()).doesNotContain(name);
        assertThat(WeftProcess.run(null, Map.of(), "cni", "netns", "del", name).exit()).as("idempotent").isZero();
    }
}
