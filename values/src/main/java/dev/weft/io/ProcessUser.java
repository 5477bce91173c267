package dev.weft.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user this process runs as, for ownership checks. */
final class ProcessUser {
    private static volatile Integer uid;

    private ProcessUser() {
    }

    /**
     * The effective uid: the owner of {@code /proc/self}, which the kernel gives the process's
     * effective user (no JDK API returns it).
     */
    static int uid() {
        Integer u = uid;
        if (u == null) {
            try {
                u = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot tell which user this process runs as", e);
            }
            uid = u;
        }
        return u;
    }
}
