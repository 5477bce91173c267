package dev.weft.bgp.speaker;

import dev.weft.bgp.bird.SessionState;
import dev.weft.bgp.testing.Golden;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BgpStatusTest {
    static final Instant AT = Instant.parse("2026-12-02T03:00:00Z");

    static List<BgpStatus> sample() {
        return List.of(new BgpStatus("n1", true, List.of(
                        new SessionStatus("n2", "node", "ibgp", "192.0.2.12", 64512, SessionState.ESTABLISHED,
                                Optional.of(AT.minusSeconds(3725)), 1, ""),
                        new SessionStatus("tor", "peer", "ebgp", "192.0.2.1", 65000, SessionState.ACTIVE,
                                Optional.of(AT.minusSeconds(5)), 0, "Socket: Connection refused")), Optional.empty(), AT),
                new BgpStatus("n2", false, List.of(), Optional.of("BIRD (pid 42) is gone; restarting in 500 ms"), AT));
    }

    @Test
    void table() throws Exception {
        Golden.check("status-table.txt", BgpStatus.table(sample()));
    }

    @Test
    void jsonRoundTrips() throws Exception {
        String json = BgpStatus.json(sample());
        Golden.check("status.json", json);
        List<BgpStatus> back = JsonMapper.builder().build().readTree(json).valueStream().map(BgpStatus::fromJson).toList();
        assertThat(back).isEqualTo(sample());
    }

    @Test
    void durations() {
        assertThat(BgpStatus.duration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(BgpStatus.duration(Duration.ofSeconds(725))).isEqualTo("12m05s");
        assertThat(BgpStatus.duration(Duration.ofSeconds(3 * 3600 + 125))).isEqualTo("3h02m");
        assertThat(BgpStatus.duration(Duration.ofHours(103))).isEqualTo("4d07h");
        assertThat(sample().getFirst().sessions().get(1).uptime(AT)).as("not established: no uptime").isEmpty();
    }
}
