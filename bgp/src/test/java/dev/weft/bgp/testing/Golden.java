package dev.weft.bgp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files under {@code src/test/resources/golden}. Run with {@code -Dweft.golden.update=true} to
 * rewrite them after an intended change, then review the diff like code. (The policy module has the
 * same helper; it belongs in the testkit.)
 */
public final class Golden {
    private static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {
    }

    public static void check(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("weft.golden.update") || !Files.exists(file)) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual);
        }
        assertThat(actual).as("golden " + file).isEqualTo(Files.readString(file));
    }
}
