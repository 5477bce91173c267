package dev.weft.io;

import dev.weft.testkit.Jvm;
import dev.weft.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFileTest {
    @TempDir
    Path tmp;

    /** The entry point of the child JVM: writes {@code args[1]} to {@code args[0]} with AtomicFile. */
    public static void main(String[] args) throws Exception {
        AtomicFile.write(Path.of(args[0]), args[1].getBytes());
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * Under umask 000 the directories AtomicFile made were 0777 (anyone could plant a file or a
     * link beside the state); they are 0755 whatever the umask (issue #13, item 5).
     */
    @Test
    void directoriesItCreatesIgnoreTheCallersUmask() throws Exception {
        Path file = tmp.resolve("a/b/state.json");
        Proc.run(List.of("sh", "-c", "umask 000 && exec \"$@\"", "sh", Jvm.java(), "-cp", Jvm.classpath(),
                AtomicFileTest.class.getName(), file.toString(), "{}"), Map.of(), null, Duration.ofMinutes(1)).check();
        assertThat(Files.readString(file)).isEqualTo("{}");
        assertThat(mode(tmp.resolve("a"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(tmp.resolve("a/b"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @Test
    void aSymlinkAtTheTargetIsReplacedNotFollowed() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Path file = tmp.resolve("state.json");
        Files.createSymbolicLink(file, victim);
        AtomicFile.write(file, "{}".getBytes());
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(file)).isFalse();
        assertThat(Files.readString(file)).isEqualTo("{}");
    }

    @Test
    void permissionsAreExactWhateverTheUmask() throws Exception {
        Path file = tmp.resolve("tool");
        AtomicFile.write(file, "#!/bin/sh\n".getBytes(), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(mode(file)).isEqualTo("rwxr-xr-x");
        assertThat(tmp.toFile().list()).containsExactly("tool");
    }
}
