package dev.weft.node.policy;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The drop log on disk: {@code drops.jsonl} under the agent's run directory, one {@link DropRecord}
 * per line, appended; when it passes {@code maxBytes} it becomes {@code drops.jsonl.1} (the
 * previous one is replaced) and a new file starts, so the log never takes more than twice
 * {@code maxBytes}. Readers ({@code weft policy drops}, the lab) read {@code .1} then the current
 * file and skip a line that does not parse (one being written, or cut by a crash).
 */
public final class DropFile implements DropLog.Sink {
    /** The file's name in the run directory. */
    public static final String NAME = "drops.jsonl";
    /** Default size before rotation: about 3000 records. */
    public static final long DEFAULT_MAX_BYTES = 1 << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final long maxBytes;

    public DropFile(Path file, long maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " is below 1024");
        }
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** The file a node's agent with run directory {@code runDir} writes. */
    public static Path in(Path runDir) {
        return runDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    @Override
    public String toString() {
        return file.toString();
    }

    /** Appends {@code records}, rotating first when the file is full. */
    @Override
    public synchronized void append(List<DropRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        for (DropRecord r : records) {
            b.append(line(r)).append('\n');
        }
        if (Files.exists(file) && Files.size(file) >= maxBytes) {
            Files.move(file, rotated(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    static String line(DropRecord r) {
        return JSON.writeValueAsString(r);
    }

    /** Parses one line; empty when it is not a whole record. */
    public static java.util.Optional<DropRecord> parse(String line) {
        if (line.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(JSON.readValue(line, DropRecord.class));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Every record of {@code file} and its rotated predecessor, oldest first; none when neither exists. */
    public static List<DropRecord> readAll(Path file) {
        List<DropRecord> out = new ArrayList<>();
        for (Path p : List.of(rotated(file), file)) {
            try {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    parse(line).ifPresent(out::add);
                }
            } catch (NoSuchFileException absent) {
                // nothing logged yet, or never rotated
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        return out;
    }

    static Path rotated(Path file) {
        return file.resolveSibling(file.getFileName() + ".1");
    }
}
