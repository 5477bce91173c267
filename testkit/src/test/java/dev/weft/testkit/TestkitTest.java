package dev.weft.testkit;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestkitTest {
    @Test
    void procKeepsOutputAndExit() {
        Proc.Result r = Proc.run("sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
        assertThatThrownBy(r::check).hasMessageContaining("exited 3").hasMessageContaining("err");
    }

    @Property(tries = 20)
    void procPassesStdinThrough(@ForAll String text) {
        byte[] in = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Proc.Result r = Proc.run(java.util.List.of("cat"), java.util.Map.of(), in, Proc.DEFAULT_TIMEOUT);
        assertThat(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(in);
    }

    @Test
    @RequiresRoot
    void namespaceAndWhatRunsInsideItGoAwayOnClose() throws Exception {
        String name;
        Daemon sleeper;
        try (Netns ns = new Netns()) {
            name = ns.create("wt-kit");
            assertThat(Files.exists(Path.of(Netns.path(name)))).isTrue();
            Path dir = Files.createTempDirectory("wt-kit");
            sleeper = Daemon.start("sleep", name, dir.resolve("log"), "sleep", "600");
            Await.until(java.time.Duration.ofSeconds(5),
                    () -> Proc.run("ip", "netns", "pids", name).out().contains(Long.toString(sleeper.pid())),
                    "sleep inside " + name);
        }
        assertThat(Files.exists(Path.of(Netns.path(name)))).isFalse();
        Await.until(java.time.Duration.ofSeconds(5), () -> !sleeper.alive(), "sleep ended with its namespace");
    }
}
