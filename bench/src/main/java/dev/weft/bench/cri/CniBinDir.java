package dev.weft.bench.cri;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One CNI bin dir for a runtime that takes a single one (containerd 1.6's CRI {@code bin_dir}):
 * symlinks to weft's plugins (every file of {@code weftBin}, their {@code .jvm} fallbacks too) and
 * to the reference {@code portmap} and {@code loopback} (containerd's CRI runs it for every sandbox's
 * {@code lo}) and any of {@code also}, from containernetworking-plugins.
 */
public final class CniBinDir {
    private CniBinDir() {
    }

    /** {@code also}: more reference plugins from /usr/lib/cni to link (bridge, host-local, ...). */
    public static Path of(Path weftBin, Path dir, String... also) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> s = Files.list(weftBin)) {
                for (Path p : s.toList()) {
                    Files.createSymbolicLink(dir.resolve(p.getFileName()), p.toAbsolutePath());
                }
            }
            // containerd 1.6's CRI brings every sandbox's lo up with the loopback plugin from the same bin_dir
            for (String p : Stream.concat(Stream.of("portmap", "loopback"), Stream.of(also)).toList()) {
                Files.createSymbolicLink(dir.resolve(p), Path.of("/usr/lib/cni").resolve(p));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the CNI bin dir " + dir, e);
        }
    }
}
