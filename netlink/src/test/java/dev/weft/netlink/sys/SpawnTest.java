package dev.weft.netlink.sys;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpawnTest {
    private static final String SH = "/bin/sh";

    @Test
    void passesInputEnvironmentAndExitStatus() {
        Spawn.Result r = Spawn.run(List.of(SH, "-c", "cat; printf '%s' \"$WEFT_X\" >&2; exit 3"),
                Map.of("WEFT_X", "from env"), "to stdin".getBytes(StandardCharsets.UTF_8));
        assertThat(r.exit()).isEqualTo(3);
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("to stdin");
        assertThat(new String(r.stderr(), StandardCharsets.UTF_8)).isEqualTo("from env");
    }

    @Test
    void theEnvironmentIsExactlyTheOneGiven() {
        Spawn.Result r = Spawn.run(List.of("/usr/bin/env"), Map.of("ONLY", "this"), new byte[0]);
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("ONLY=this\n");
    }

    @Test
    void largeOutputOnBothStreamsDoesNotBlock() {
        Spawn.Result r = Spawn.run(List.of(SH, "-c", "head -c 300000 /dev/zero; head -c 200000 /dev/zero >&2"),
                Map.of("PATH", "/usr/bin:/bin"), new byte[0]);
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).hasSize(300_000);
        assertThat(r.stderr()).hasSize(200_000);
    }

    @Test
    void aProgramThatIgnoresItsInputStillFinishes() {
        byte[] big = new byte[1 << 20];
        Spawn.Result r = Spawn.run(List.of("/bin/true"), Map.of(), big);
        assertThat(r.exit()).isZero();
    }

    @Test
    void aKilledProgramReportsItsSignal() {
        Spawn.Result r = Spawn.run(List.of(SH, "-c", "kill -9 $$"), Map.of(), new byte[0]);
        assertThat(r.exit()).isEqualTo(128 + 9);
    }

    @Test
    void aMissingProgramIsAnErrorNamingIt() {
        assertThatThrownBy(() -> Spawn.run(List.of("/no/such/program"), Map.of(), new byte[0]))
                .isInstanceOf(SyscallException.class).hasMessageContaining("/no/such/program");
    }
}
