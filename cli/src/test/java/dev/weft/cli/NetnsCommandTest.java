package dev.weft.cli;

import dev.weft.testkit.RequiresRoot;
import dev.weft.testkit.Proc;
import dev.weft.testkit.Netns;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft cni netns add|del} makes namespaces that iproute2 sees, with lo up, and removes them. */
class NetnsCommandTest {
    private final String name = "wt-cli-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void cleanUp() {
        Proc.run(List.of("ip", "netns", "del", name));
    }

    @Test
    @RequiresRoot
    void addAndDel() {
        Proc.Result add = WeftCli.run(null, Map.of(), "cni", "netns", "add", name);
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(Proc.run(List.of("ip", "netns", "list")).out()).contains(name);
        assertThat(Proc.run(List.of("ip", "-n", name, "link", "show", "lo")).out()).contains("UP");

        Proc.Result again = WeftCli.run(null, Map.of(), "cni", "netns", "add", name);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("exists");

        assertThat(WeftCli.run(null, Map.of(), "cni", "netns", "del", name).exit()).isZero();
        assertThat(Proc.run(List.of("ip", "netns", "list")).out()).doesNotContain(name);
        assertThat(WeftCli.run(null, Map.of(), "cni", "netns", "del", name).exit()).as("idempotent").isZero();
    }
}
