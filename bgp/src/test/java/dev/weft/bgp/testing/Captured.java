package dev.weft.bgp.testing;

import dev.weft.bgp.bird.BirdReply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies captured from BIRD 2.0.12's control socket (src/test/resources/bird), byte for byte as
 * BIRD sent them after its welcome line: the input of the parser tests.
 */
public final class Captured {
    private Captured() {
    }

    public static String text(String name) {
        try (InputStream in = Captured.class.getResourceAsStream("/bird/" + name)) {
            assertThat(in).as("resource bird/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one reply in a captured file. */
    public static BirdReply reply(String name) {
        List<BirdReply> all = BirdReply.parseAll(text(name));
        assertThat(all).as(name).hasSize(1);
        return all.getFirst();
    }
}
