package dev.weft.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileMutexTest {
    @TempDir
    Path tmp;

    /**
     * A lock file replaced by a symbolic link used to be opened through it (O_CREAT): a link to
     * a path that did not exist made root create that file (issue #13, item 5). Now the lock
     * refuses it and creates nothing.
     */
    @Test
    void aSymlinkedLockFileIsRefusedAndItsTargetNeverCreated() throws Exception {
        Path target = tmp.resolve("etc-nologin");
        Path lock = tmp.resolve("lock");
        Files.createSymbolicLink(lock, target);
        assertThatThrownBy(() -> new FileMutex(lock).locked(() -> "ran"))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining(lock.toString());
        assertThat(target).doesNotExist();
    }

    @Test
    void theLockFileIsPrivate() throws Exception {
        Path lock = tmp.resolve("d/lock");
        assertThat(new FileMutex(lock).locked(() -> "ran")).isEqualTo("ran");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lock, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");
    }
}
