package dev.weft.netlink.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnnamedFileTest {
    @TempDir
    Path dir;

    private static final byte[] RECORD = "ctr\r\neth0".getBytes(StandardCharsets.UTF_8);

    @Test
    void eachNameIsTheWholeFileWithExactlyTheModeAndNothingElseAppears() throws IOException {
        try (UnnamedFile f = UnnamedFile.create(dir, RECORD, 0600)) {
            assertThat(dir.toFile().list()).as("no name before the first link").isEmpty();
            assertThat(f.linkAs(dir.resolve("10.0.0.2"))).isTrue();
            assertThat(f.linkAs(dir.resolve(".owner"))).isTrue();
        }
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("10.0.0.2", ".owner");
        assertThat(Files.readAllBytes(dir.resolve("10.0.0.2"))).isEqualTo(RECORD);
        assertThat(Files.isSameFile(dir.resolve("10.0.0.2"), dir.resolve(".owner"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("10.0.0.2"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aTakenNameIsRefusedAndKeepsItsContent() throws IOException {
        Files.writeString(dir.resolve("10.0.0.2"), "someone else");
        try (UnnamedFile f = UnnamedFile.create(dir, RECORD, 0600)) {
            assertThat(f.linkAs(dir.resolve("10.0.0.2"))).isFalse();
        }
        assertThat(Files.readString(dir.resolve("10.0.0.2"))).isEqualTo("someone else");
        assertThat(dir.toFile().list()).containsExactly("10.0.0.2");
    }

    @Test
    void aFileNeverLinkedLeavesNothing() {
        try (UnnamedFile f = UnnamedFile.create(dir, new byte[70_000], 0600)) {
            assertThat(f).isNotNull();
        }
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aMissingDirectoryIsAnErrnoNotUnsupported() {
        assertThatThrownBy(() -> UnnamedFile.create(dir.resolve("missing"), RECORD, 0600))
                .isInstanceOfSatisfying(SyscallException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(UnnamedFile.unsupported(e)).isFalse();
                });
    }
}
