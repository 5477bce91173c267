package dev.weft.overlay.udp.peer;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsAndSkipsCommentsAndBlankLines() {
        Map<Cidr, IpAddress> m = PeerFile.parse("# peers\n\n10.244.2.0/24   192.0.2.12\n10.244.3.0/24 192.0.2.13\n");
        assertThat(m).containsExactly(Map.entry(Cidr.parse("10.244.2.0/24"), IpAddress.parse("192.0.2.12")),
                Map.entry(Cidr.parse("10.244.3.0/24"), IpAddress.parse("192.0.2.13")));
        assertThat(PeerFile.parse(PeerFile.format(m))).isEqualTo(m);
    }

    @Test
    void namesTheLineOfABadEntry() {
        assertThatThrownBy(() -> PeerFile.parse("10.244.2.0/24 192.0.2.12\n10.244.3.1/24 192.0.2.13\n"))
                .hasMessageStartingWith("peers line 2:").hasMessageContaining("host bits");
        assertThatThrownBy(() -> PeerFile.parse("10.244.2.0/24\n")).hasMessageContaining("peers line 1: expected SUBNET ADDRESS");
        assertThatThrownBy(() -> PeerFile.parse("10.244.2.0/24 a.b.c.d\n")).hasMessageStartingWith("peers line 1:");
        assertThatThrownBy(() -> PeerFile.parse("10.244.2.0/24 192.0.2.1\n10.244.2.0/24 192.0.2.2\n"))
                .hasMessageContaining("appears twice");
    }

    @Test
    void writeIsAtomicAndLeavesAnUnchangedFileAlone() throws Exception {
        Path f = dir.resolve("peers");
        Map<Cidr, IpAddress> m = Map.of(Cidr.parse("10.244.2.0/24"), IpAddress.parse("192.0.2.12"));
        assertThat(PeerFile.write(f, m)).isTrue();
        long mtime = Files.getLastModifiedTime(f).toMillis();
        assertThat(PeerFile.write(f, m)).isFalse();
        assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(mtime);
        assertThat(PeerFile.read(f)).isEqualTo(m);
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(f);
        }
    }

    @Test
    void theWatcherFollowsTheFileAndKeepsTheTableWhenTheFileIsBad() throws Exception {
        Path f = dir.resolve("sub/peers");
        LivePeers live = new LivePeers();
        try (PeerWatcher w = PeerWatcher.start(f, live)) {
            assertThat(live.current().size()).as("no file yet: no peers").isZero();
            PeerFile.write(f, Map.of(Cidr.parse("10.244.2.0/24"), IpAddress.parse("192.0.2.12")));
            dev.weft.testkit.Await.until(Duration.ofSeconds(5), () -> live.current().size() == 1, "peers loaded");
            Path tmp = dir.resolve("sub/peers.tmp");
            Files.writeString(tmp, "garbage\n"); // written as the agent writes: whole, by rename
            Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            dev.weft.testkit.Await.until(Duration.ofSeconds(5), () -> !w.lastError().isEmpty(), "bad file noticed");
            assertThat(w.lastError()).contains("peers line 1");
            assertThat(live.current().size()).isEqualTo(1);
            PeerFile.write(f, Map.of(Cidr.parse("10.244.2.0/24"), IpAddress.parse("192.0.2.12"),
                    Cidr.parse("10.244.3.0/24"), IpAddress.parse("192.0.2.13")));
            dev.weft.testkit.Await.until(Duration.ofSeconds(5), () -> live.current().size() == 2, "peers updated");
            assertThat(w.lastError()).isEmpty();
        }
    }
}
