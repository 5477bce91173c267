package dev.weft.ipam.cluster.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static dev.weft.ipam.cluster.plugin.NetnsProbe.Presence.ABSENT;
import static dev.weft.ipam.cluster.plugin.NetnsProbe.Presence.PRESENT;
import static dev.weft.ipam.cluster.plugin.NetnsProbe.Presence.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

class NetnsProbeTest {
    @TempDir
    Path tmp;

    @Test
    void onlyADefiniteGoneIsAbsent() throws IOException {
        NetnsProbe p = NetnsProbe.system();
        Path ns = Files.createFile(tmp.resolve("ns"));
        OptionalLong ino = NetnsProbe.inodeOf(ns.toString());
        assertThat(ino).isPresent();
        assertThat(p.probe(ns.toString(), ino)).isEqualTo(PRESENT);
        assertThat(p.probe(ns.toString(), OptionalLong.empty())).isEqualTo(PRESENT);
        assertThat(p.probe(ns.toString(), OptionalLong.of(ino.getAsLong() + 1))).as("another namespace there").isEqualTo(ABSENT);
        Files.delete(ns);
        assertThat(p.probe(ns.toString(), ino)).isEqualTo(ABSENT);
        assertThat(p.probe(tmp.resolve("no/such/dir/ns").toString(), ino)).as("its directory is not visible").isEqualTo(UNKNOWN);
        assertThat(p.probe("", ino)).isEqualTo(UNKNOWN);
        assertThat(p.probe("relative/ns", ino)).isEqualTo(UNKNOWN);
    }

    @Test
    void aProcessNamespaceIsGoneWithItsProcess() {
        NetnsProbe p = NetnsProbe.system();
        String mine = "/proc/" + ProcessHandle.current().pid() + "/ns/net";
        assertThat(p.probe(mine, NetnsProbe.inodeOf(mine))).isEqualTo(PRESENT);
        assertThat(p.probe("/proc/999999999/ns/net", OptionalLong.empty())).isEqualTo(ABSENT);
    }
}
