package dev.weft.bgp.bird;

import dev.weft.bgp.BgpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BirdLauncherTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingBirdIsAnErrorNamingTheDebianPackage() {
        assertThatThrownBy(() -> BirdLauncher.find(tmp.toString(), List.of(tmp.resolve("sbin").toString())))
                .isInstanceOf(BgpException.class)
                .hasMessageContaining("bird: not found").hasMessageContaining("install the Debian package bird2");
    }

    @Test
    void birdOnThePathIsFound() throws Exception {
        Path bird = Files.createFile(tmp.resolve("bird"));
        bird.toFile().setExecutable(true);
        assertThat(BirdLauncher.find("/nonexistent:" + tmp, List.of())).isEqualTo(bird);
    }

    @Test
    void theCommandLine() {
        BirdLayout layout = new BirdLayout(Path.of("/run/weft/bird"));
        assertThat(new BirdLauncher(Path.of("/usr/sbin/bird"), Optional.of(Path.of("/run/netns/n1"))).command(layout, true))
                .containsExactly("nsenter", "--net=/run/netns/n1", "setsid", "/usr/sbin/bird", "-f", "-c",
                        "/run/weft/bird/bird.conf", "-s", "/run/weft/bird/bird.ctl", "-P", "/run/weft/bird/bird.pid", "-R");
        assertThat(new BirdLauncher(Path.of("/usr/sbin/bird"), Optional.empty()).command(layout, false))
                .startsWith("setsid").doesNotContain("-R", "nsenter");
    }

    @Test
    void theCheckReportsBirdsComplaintWithTheLine() throws Exception {
        BirdLauncher bird = BirdLauncher.locate(Optional.empty());
        Path good = Files.writeString(tmp.resolve("good.conf"), "router id 192.0.2.1;\nprotocol device {}\n");
        Path bad = Files.writeString(tmp.resolve("bad.conf"), "router id 192.0.2.1;\nprotocol bgp x { neighbor 1.2.3.4 as 0; }\n");
        assertThat(bird.check(good)).isEmpty();
        assertThat(bird.check(bad)).get().asString().contains("bad.conf:2:");
    }

    @Test
    void aSocketPathMustFit() {
        assertThatThrownBy(() -> new BirdLayout(Path.of("/" + "x".repeat(120))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("dir:");
    }
}
