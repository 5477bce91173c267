package dev.weft.bgp.bird;

import dev.weft.bgp.BgpException;
import dev.weft.bgp.testing.Captured;
import dev.weft.bgp.testing.FakeBirdSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a socket that replays captured BIRD replies: the wire handling, without root or BIRD. */
class BirdControlTest {
    @TempDir
    Path dir;

    FakeBirdSocket fake(Map<String, String> replies) throws Exception {
        return new FakeBirdSocket(dir.resolve("bird.ctl"), replies);
    }

    @Test
    void typedRequests() throws Exception {
        Map<String, String> replies = Map.of(
                "show protocols all", Captured.text("show-protocols-all-rr-client.txt"),
                "show route", Captured.text("show-route-ebgp-client.txt"),
                "show route where source = RTS_BGP", Captured.text("show-route-bgp-only.txt"),
                "configure", Captured.text("configure-ok.txt"),
                "configure check \"/x/y.conf\"", Captured.text("configure-check-bad.txt"),
                "show status", Captured.text("show-status.txt"));
        try (FakeBirdSocket f = fake(replies)) {
            BirdControl c = new BirdControl(dir.resolve("bird.ctl"));
            assertThat(c.showProtocols()).hasSize(7);
            assertThat(c.showRoutes()).hasSize(10);
            assertThat(c.learnedRoutes()).isNotEmpty();
            assertThat(c.configure().ok()).isTrue();
            ConfigureResult bad = c.configureCheck(Path.of("/x/y.conf"));
            assertThat(bad.ok()).isFalse();
            assertThat(bad.message()).contains("Local AS number must be set");
            assertThat(c.ping()).isTrue();
            assertThat(f.received()).contains("show protocols all", "configure", "configure check \"/x/y.conf\"");
        }
    }

    @Test
    void anErrorReplyToAQueryIsAnException() throws Exception {
        try (FakeBirdSocket f = fake(Map.of())) {
            assertThatThrownBy(() -> new BirdControl(dir.resolve("bird.ctl")).showProtocols())
                    .isInstanceOf(BgpException.class).hasMessageContaining("9001");
        }
    }

    @Test
    void noBirdMeansNoPingAndAClearError() {
        BirdControl c = new BirdControl(dir.resolve("absent.ctl"));
        assertThat(c.ping()).isFalse();
        assertThatThrownBy(c::showProtocols).isInstanceOf(BgpException.class).hasMessageContaining("absent.ctl");
    }

    @Test
    void aStuckBirdTimesOut() throws Exception {
        Map<String, String> replies = new HashMap<>();
        replies.put("show protocols all", null);
        try (FakeBirdSocket f = fake(replies)) {
            BirdControl c = new BirdControl(dir.resolve("bird.ctl"), Duration.ofMillis(300));
            assertThatThrownBy(c::showProtocols).isInstanceOf(BgpException.class);
        }
    }

    @Test
    void aReplyCutShortIsAnError() throws Exception {
        try (FakeBirdSocket f = fake(Map.of("show route", "1007-Table master4:\n 10.0.0.0/24 blackhole\n"))) {
            assertThatThrownBy(() -> new BirdControl(dir.resolve("bird.ctl")).showRoutes())
                    .isInstanceOf(BgpException.class).hasMessageContaining("closed the connection");
        }
    }

    @Test
    void aCommandIsOneLine() {
        assertThatThrownBy(() -> new BirdControl(dir.resolve("bird.ctl")).request("show status\ndown"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
