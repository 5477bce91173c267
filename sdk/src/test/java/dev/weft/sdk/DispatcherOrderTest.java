package dev.weft.sdk;

import dev.weft.cni.result.Result;
import dev.weft.cni.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The environment is checked before stdin is decoded, as Go's skel does: code 4 wins over code 6. */
class DispatcherOrderTest {
    private static final Plugin NEVER = new Plugin() {
        @Override
        public Result add(Request r) {
            throw new AssertionError("not reached");
        }

        @Override
        public void del(Request r) {
            throw new AssertionError("not reached");
        }

        @Override
        public void check(Request r) {
            throw new AssertionError("not reached");
        }
    };

    @Test
    void missingVariableBeatsMalformedStdin() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Dispatcher(NEVER).run(Map.of("CNI_COMMAND", "ADD"), "{not json".getBytes(StandardCharsets.UTF_8),
                out, new ByteArrayOutputStream());
        assertThat(exit).isEqualTo(1);
        var err = Json.mapper().readTree(out.toByteArray());
        assertThat(err.path("code").asInt()).isEqualTo(4);
        assertThat(err.path("msg").asString()).contains("CNI_CONTAINERID");
        assertThat(err.has("cniVersion")).isFalse();
    }
}
