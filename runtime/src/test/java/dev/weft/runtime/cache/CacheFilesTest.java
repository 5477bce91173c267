package dev.weft.runtime.cache;

import dev.weft.cni.CniArgs;
import dev.weft.cni.CniException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cache's files against the umask and planted links (issue #13, item 5). */
class CacheFilesTest {
    @TempDir
    Path tmp;

    private static CachedAttachment record() {
        return new CachedAttachment("net", "c1", "eth0", "/run/netns/c1", CniArgs.EMPTY, Map.of(), "{}".getBytes(),
                Optional.empty());
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void recordsArePrivate() throws IOException {
        ResultCache cache = new ResultCache(tmp.resolve("cache"));
        cache.put(record());
        assertThat(mode(tmp.resolve("cache"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("cache/results"))).isEqualTo("rwx------");
        assertThat(mode(cache.fileFor("net", "c1", "eth0"))).isEqualTo("rw-------");
    }

    /** A results directory left world-writable (umask 000 and an older weft) used to stay so. */
    @Test
    void aWorldWritableResultsDirectoryIsClosed() throws IOException {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwxrwxrwx"));
        new ResultCache(tmp).put(record());
        assertThat(mode(results)).isEqualTo("rwxr-xr-x");
    }

    /** A results directory that is a link used to be written through (records landing wherever it pointed). */
    @Test
    void aLinkedResultsDirectoryIsRefused() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(tmp.resolve("results"), elsewhere);
        assertThatThrownBy(() -> new ResultCache(tmp).put(record())).isInstanceOfSatisfying(CniException.class,
                e -> assertThat(e.code()).isEqualTo(5)).hasMessageContaining("symbolic link");
        assertThat(elsewhere.toFile().list()).isEmpty();
    }

    @Test
    void aLinkAtARecordsNameIsReplacedNotFollowed() throws IOException {
        ResultCache cache = new ResultCache(tmp);
        Files.createDirectories(tmp.resolve("results"));
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Files.createSymbolicLink(cache.fileFor("net", "c1", "eth0"), victim);
        cache.put(record());
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(cache.get("net", "c1", "eth0")).isPresent();
    }
}
