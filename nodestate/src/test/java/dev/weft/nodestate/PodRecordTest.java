package dev.weft.nodestate;

import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodRecordTest {
    @TempDir
    Path data;

    private static PodRecord pod(String namespace, String name) {
        return new PodRecord(namespace, name, "cid", "eth0", List.of(IpAddress.parse("10.244.1.2")), Optional.empty());
    }

    @Test
    void roundTrips() {
        pod("default", "web-1").write(data);
        assertThat(PodRecord.readAll(data)).containsExactly(pod("default", "web-1"));
    }

    /**
     * Records were written with whatever the kubelet's CNI args said: {@code ../..} as a
     * namespace, or {@code a/b}, whose datastore key collides with another pod's (issue #13,
     * item 6). Namespaces are RFC 1123 labels and pod names RFC 1123 subdomains; the message
     * names the field.
     */
    @Test
    void namesThatAreNotKubernetesNamesAreRefused() {
        assertThatThrownBy(() -> pod("../..", "web")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> pod("a/b", "c")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> pod("a", "b/c")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> pod("default", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PodRecord("default", "web", "../x", "eth0", List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("containerId");
        assertThatThrownBy(() -> new PodRecord("default", "web", "cid", "a/b", List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ifName");
    }

    /** A record on disk with such a name used to be read and published; it is skipped now (item 6). */
    @Test
    void recordsWithInvalidNamesAreSkippedOnRead() throws Exception {
        pod("default", "good").write(data);
        Files.writeString(data.resolve("pods/evil-eth0.json"), """
                {"namespace": "a/b", "name": "c", "containerId": "evil", "ifName": "eth0", "ips": ["10.244.1.9"]}
                """);
        assertThat(PodRecord.readAll(data)).extracting(PodRecord::name).containsExactly("good");
    }
}
