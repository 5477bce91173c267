package dev.weft.bgp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bird -p -c FILE}: BIRD parses the configuration, filters included, and exits without
 * running anything, so a golden text is also known to be one BIRD accepts. BIRD (Debian bird2) is
 * part of the build's requirements, like nft: a missing binary fails the test.
 */
public final class BirdCheck {
    private static final Path BIRD = Path.of("/usr/sbin/bird");

    private BirdCheck() {
    }

    public static void assertValid(String config) throws IOException, InterruptedException {
        assertThat(BIRD).as("apt-get install bird2").exists();
        assertThat(check(config)).as("bird -p").isEmpty();
    }

    /** BIRD's complaint about {@code config}, or "" when it parses. */
    public static String check(String config) throws IOException, InterruptedException {
        Path file = Files.createTempFile("weft-bird", ".conf");
        try {
            Files.writeString(file, config);
            Process p = new ProcessBuilder(BIRD.toString(), "-p", "-c", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return p.exitValue() == 0 ? "" : out.strip();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
