package dev.weft.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateFilesTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void privateDirectoriesAreMadeWithExactModes() throws IOException {
        Path d = StateFiles.privateDirectory(tmp.resolve("a/b"));
        assertThat(mode(tmp.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(d)).isEqualTo("rwx------");
        assertThat(StateFiles.privateDirectory(d)).isEqualTo(d);
    }

    @Test
    void anExistingDirectoryLosesGroupAndOtherWriteOnly() throws IOException {
        Path d = Files.createDirectory(tmp.resolve("d"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        StateFiles.privateDirectory(d);
        assertThat(mode(d)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void aSymlinkedStateDirectoryIsRefused() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThatThrownBy(() -> StateFiles.privateDirectory(link)).hasMessageContaining("symbolic link");
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
        assertThatThrownBy(() -> StateFiles.privateDirectory(dangling)).hasMessageContaining("symbolic link");
        assertThat(tmp.resolve("nowhere")).doesNotExist();
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws IOException {
        Path d = Files.createDirectory(tmp.resolve("theirs"));
        Files.setAttribute(d, "unix:uid", ProcessUser.uid() + 4242);
        assertThatThrownBy(() -> StateFiles.privateDirectory(d)).hasMessageContaining("belongs to uid");
    }

    @Test
    void createNewNeverFollowsOrReplaces() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), victim);
        assertThatThrownBy(() -> StateFiles.createNew(link, new byte[] {1}, StateFiles.PRIVATE_FILE))
                .isInstanceOf(FileAlreadyExistsException.class);
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("created"));
        assertThatThrownBy(() -> StateFiles.createNew(dangling, new byte[] {1}, StateFiles.PRIVATE_FILE))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(tmp.resolve("created")).doesNotExist();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        Path f = tmp.resolve("f");
        StateFiles.createNew(f, "x".getBytes(), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(mode(f)).isEqualTo("rwxr-xr-x");
        assertThat(Files.readString(f)).isEqualTo("x");
    }

    @Test
    void openRefusesALinkAndSaysSo() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("lock"), tmp.resolve("target"));
        assertThatThrownBy(() -> StateFiles.open(link, StateFiles.PRIVATE_FILE, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)).hasMessageContaining("symbolic link");
        assertThat(tmp.resolve("target")).doesNotExist();
    }
}
