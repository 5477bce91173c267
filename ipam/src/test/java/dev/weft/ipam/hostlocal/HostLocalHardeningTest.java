package dev.weft.ipam.hostlocal;

import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import dev.weft.testkit.Jvm;
import dev.weft.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input and a hostile file system (issue #13): refused with the field named, nothing written. */
class HostLocalHardeningTest {
    @TempDir
    Path tmp;
    private final PluginHarness plugin = new PluginHarness(new HostLocalPlugin());

    private String conf(String name, String dataDir, String extra) {
        return """
                {"cniVersion": "1.1.0", "name": "%s", "type": "bridge",
                 "ipam": {"type": "weft-host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.1.2.0/24"}]] %s}}
                """.formatted(name, dataDir, extra);
    }

    private String conf() {
        return conf("net1", tmp.resolve("data").toString(), "");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** {@code 10.1.2.0/024} used to be allocated from as a /24 (item 2). */
    @Test
    void aPrefixLengthWithALeadingZeroIsRefused() {
        Outcome o = plugin.run("ADD", "a", conf().replace("10.1.2.0/24", "10.1.2.0/024"));
        assertThat(o.errorCode()).isEqualTo(7);
        assertThat(o.msg()).contains("ipam.ranges[0][0].subnet").contains("10.1.2.0/024");
        Outcome arg = plugin.run("ADD", "a", "eth0", conf(), Map.of("CNI_ARGS", "IP=10.1.2.9/024"));
        assertThat(arg.errorCode()).isEqualTo(4);
        assertThat(arg.msg()).contains("CNI_ARGS IP");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    /**
     * A relative {@code dataDir} used to be resolved against the caller's working directory and
     * created there (item 3).
     */
    @Test
    void aRelativeDataDirIsRefused() throws IOException {
        String rel = "weft-rel-" + UUID.randomUUID();
        try {
            Outcome o = plugin.run("ADD", "a", conf("net1", rel, ""));
            assertThat(o.errorCode()).isEqualTo(7);
            assertThat(o.msg()).contains("ipam.dataDir").contains("absolute");
            assertThat(Path.of(rel)).doesNotExist();
        } finally {
            dev.weft.io.FileTrees.delete(Path.of(rel));
        }
    }

    /** {@code /x/../y} used to be taken as it is (item 3). */
    @Test
    void aDataDirWithDotDotIsRefused() {
        Outcome o = plugin.run("ADD", "a", conf("net1", tmp.resolve("data") + "/../elsewhere", ""));
        assertThat(o.errorCode()).isEqualTo(7);
        assertThat(o.msg()).contains("ipam.dataDir");
        assertThat(tmp.resolve("elsewhere")).doesNotExist();
    }

    /** A network named {@code ../escaped} used to make host-local write beside its data directory (item 3). */
    @Test
    void aNetworkNameThatIsAPathIsRefused() {
        Outcome o = plugin.run("ADD", "a", conf("../escaped", tmp.resolve("data").toString(), ""));
        assertThat(o.errorCode()).isEqualTo(7);
        assertThat(o.msg()).contains("\"name\"");
        assertThat(tmp.resolve("escaped")).doesNotExist();
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    /** A relative {@code resolvConf} used to be read from the caller's working directory (item 3). */
    @Test
    void aRelativeResolvConfIsRefused() {
        Outcome o = plugin.run("ADD", "a", conf("net1", tmp.resolve("data").toString(), ", \"resolvConf\": \"resolv.conf\""));
        assertThat(o.errorCode()).isEqualTo(7);
        assertThat(o.msg()).contains("ipam.resolvConf");
    }

    /**
     * {@code resolvConf} used to be read whatever it was: a device like {@code /dev/zero} or a FIFO
     * never ends (found while fixing item 3). It must be a regular file of sane size.
     */
    @Test
    void aResolvConfThatIsNotARegularFileIsRefused() {
        Outcome o = plugin.run("ADD", "a", conf("net1", tmp.resolve("data").toString(), ", \"resolvConf\": \"/dev/null\""));
        assertThat(o.errorCode()).isEqualTo(7);
        assertThat(o.msg()).contains("ipam.resolvConf").contains("regular file");
        assertThat(tmp.resolve("data/net1/10.1.2.2")).doesNotExist();
    }

    /**
     * Under umask 000 the network's directory was 0777 and {@code lock} and
     * {@code last_reserved_ip.0} 0666, so any local user could plant files or links there (item 5).
     * State is now 0700 directories and 0600 files whatever the umask. The plugin runs as a
     * runtime runs it: a child process, here with umask 000.
     */
    @Test
    void stateFilesIgnoreTheCallersUmask() throws IOException {
        Path data = tmp.resolve("data");
        Proc.Result r = Proc.run(List.of("sh", "-c", "umask 000 && exec \"$@\"", "sh", Jvm.java(), "-cp", Jvm.classpath(),
                        HostLocalPlugin.class.getName()),
                Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "c1", "CNI_NETNS", "/run/netns/x", "CNI_IFNAME", "eth0",
                        "CNI_PATH", "/nonexistent"),
                conf().getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(1));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        Path dir = data.resolve("net1");
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("lock"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("last_reserved_ip.0"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("10.1.2.2"))).isEqualTo("rw-------");
    }

    /**
     * A local user replaced {@code last_reserved_ip.0} with a link to a root-owned file and the
     * next ADD overwrote that file (item 5). Now the link is replaced, its target untouched.
     */
    @Test
    void aSymlinkedLastReservedFileIsReplacedNotFollowed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data/net1"));
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Files.createSymbolicLink(dir.resolve("last_reserved_ip.0"), victim);
        Outcome o = plugin.run("ADD", "a", conf());
        assertThat(o.exit()).as(String.valueOf(o.out())).isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(dir.resolve("last_reserved_ip.0"))).isFalse();
        assertThat(Files.readString(dir.resolve("last_reserved_ip.0"))).isEqualTo("10.1.2.2");
    }

    /** A {@code lock} linked to a path that did not exist used to make root create that file (item 5). */
    @Test
    void aSymlinkedLockIsRefusedAndItsTargetNeverCreated() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data/net1"));
        Path target = tmp.resolve("created-through-the-lock");
        Files.createSymbolicLink(dir.resolve("lock"), target);
        Outcome o = plugin.run("ADD", "a", conf());
        assertThat(o.errorCode()).isEqualTo(5);
        assertThat(o.msg()).contains("lock");
        assertThat(target).doesNotExist();
        assertThat(dir.resolve("10.1.2.2")).doesNotExist();
    }

    /** A network directory left world-writable (by an older version under umask 000) is closed (item 5). */
    @Test
    void aWorldWritableNetworkDirectoryIsClosed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data/net1"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(plugin.run("ADD", "a", conf()).exit()).isZero();
        assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
    }

    /** A network directory that is a symbolic link is refused: weft never writes through one (item 5). */
    @Test
    void aNetworkDirectoryThatIsASymlinkIsRefused() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(tmp.resolve("data"));
        Files.createSymbolicLink(tmp.resolve("data/net1"), elsewhere);
        Outcome o = plugin.run("ADD", "a", conf());
        assertThat(o.errorCode()).isEqualTo(5);
        assertThat(o.msg()).contains("symbolic link");
        assertThat(elsewhere.toFile().list()).isEmpty();
    }
}
