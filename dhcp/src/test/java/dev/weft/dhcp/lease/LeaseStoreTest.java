package dev.weft.dhcp.lease;

import dev.weft.cni.result.Route;
import dev.weft.dhcp.packet.Octets;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseStoreTest {
    @TempDir
    Path tmp;

    private static PersistedLease sample(String container) {
        Lease lease = new Lease(InterfaceAddress.parse("192.0.2.57/24"), IpAddress.parse("192.0.2.1"),
                List.of(Route.of(Cidr.parse("0.0.0.0/0"), IpAddress.parse("192.0.2.1")),
                        Route.of(Cidr.parse("10.0.0.0/8"), null)),
                List.of(IpAddress.parse("192.0.2.53")), "weft.test", IpAddress.parse("192.0.2.1"),
                Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(105));
        return new PersistedLease(Attachment.of(container, "lan", "eth0"), "/run/netns/c1",
                new ClientOptions(List.of(1, 3, 12), Map.of(12, Octets.ofText("pod"))), lease);
    }

    @Test
    void savesAndLoadsBackEqual() {
        LeaseStore store = new LeaseStore(tmp.resolve("leases"));
        PersistedLease p = sample("c1");
        store.save(p);
        assertThat(store.load(p.attachment())).contains(p);
        assertThat(store.all()).containsExactly(p);
    }

    @Test
    void directoryIs0700AndFiles0600() throws Exception {
        LeaseStore store = new LeaseStore(tmp.resolve("a/b"));
        store.save(sample("c1"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory()))).isEqualTo("rwx------");
        Path file = store.directory().resolve("lan:c1:eth0.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(store.directory())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("lan:c1:eth0.json"); // no temp left
        }
        String json = Files.readString(file);
        assertThat(json).contains("\"address\" : \"192.0.2.57/24\"").contains("\"expiresAt\" : \"2026-01-01T00:02:00Z\"");
    }

    @Test
    void anExistingDirectoryKeepsItsMode() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        new LeaseStore(shared).save(sample("c1"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.resolve("lan:c1:eth0.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void replacesAndDeletes() {
        LeaseStore store = new LeaseStore(tmp);
        store.save(sample("c1"));
        store.save(sample("c2"));
        store.save(sample("c1"));
        assertThat(store.all()).hasSize(2);
        assertThat(store.delete(sample("c1").attachment())).isTrue();
        assertThat(store.delete(sample("c1").attachment())).isFalse();
        assertThat(store.load(sample("c1").attachment())).isEmpty();
        assertThat(store.all()).containsExactly(sample("c2"));
    }

    @Test
    void anUnreadableFileIsSkippedByAllAndReportedByLoad() throws Exception {
        LeaseStore store = new LeaseStore(tmp);
        store.save(sample("c2"));
        Files.writeString(tmp.resolve("lan:c1:eth0.json"), "{\"version\": 1, \"address\": \"nonsense\"}");
        assertThat(store.all()).containsExactly(sample("c2"));
        assertThatThrownBy(() -> store.load(sample("c1").attachment()))
                .hasMessageContaining("lan:c1:eth0.json");
    }
}
