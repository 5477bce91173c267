package dev.weft.e2e;

import dev.weft.bench.cri.Containerd;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** README's containerd snippet is the one the CRI harness writes into its config (paths aside). */
class CriReadmeTest {
    @Test
    void readmeShowsTheSnippetTheHarnessRuns() throws Exception {
        Path readme = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "..")).resolve("README.md");
        String text = Files.readString(Files.exists(readme) ? readme : Path.of("../README.md"));
        assertThat(text).contains(Containerd.criSnippet(Path.of("/opt/cni/bin"), Path.of("/etc/cni/net.d"),
                "registry.k8s.io/pause:3.9"));
    }
}
