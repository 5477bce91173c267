package dev.weft.bgp.bird;

import dev.weft.bgp.BgpException;
import dev.weft.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The supervisor's file handling in one BIRD's directory: configurations written atomically (a
 * reader, BIRD included, sees the old file or the new one), the candidate checked and kept as
 * {@code bird.conf.rejected} when it fails, the log rotated once past 1 MiB and its tail for errors.
 */
final class BirdFiles {
    private static final long LOG_ROTATE_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger(BirdFiles.class.getName());
    private final BirdLayout layout;

    BirdFiles(BirdLayout layout) {
        this.layout = layout;
    }

    /** Writes {@code text} as the candidate and asks {@code launcher} about it; BIRD's complaint, if any. */
    Optional<String> check(String text, BirdLauncher launcher) {
        write(layout.candidate(), text);
        Optional<String> bad = launcher.check(layout.candidate());
        try {
            if (bad.isPresent()) {
                Files.move(layout.candidate(), layout.rejected(), StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(layout.candidate());
                Files.deleteIfExists(layout.rejected());
            }
        } catch (IOException e) {
            throw new BgpException("cannot tidy " + layout.candidate() + ": " + e.getMessage(), e);
        }
        return bad;
    }

    /** Makes {@code text} the configuration BIRD reads. */
    void writeConfig(String text) {
        write(layout.config(), text);
    }

    /** The configuration file as it is, or null. */
    String readConfig() {
        return read(layout.config());
    }

    void rotateLog() {
        try {
            if (Files.exists(layout.log()) && Files.size(layout.log()) > LOG_ROTATE_BYTES) {
                Files.move(layout.log(), layout.log().resolveSibling("bird.log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot rotate " + layout.log() + ": " + e.getMessage());
        }
    }

    /** The end of BIRD's log, for an error message. */
    String logTail() {
        String all = read(layout.log());
        if (all == null || all.isBlank()) {
            return "(nothing in " + layout.log() + ")";
        }
        String s = all.strip();
        return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
    }

    private static void write(Path file, String text) {
        try {
            AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BgpException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
