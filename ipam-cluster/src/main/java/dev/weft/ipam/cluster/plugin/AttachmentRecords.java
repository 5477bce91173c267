package dev.weft.ipam.cluster.plugin;

import dev.weft.io.AtomicFile;
import dev.weft.ipam.cluster.AttachmentId;
import dev.weft.ipam.cluster.Names;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One node's {@link AttachmentRecord}s: a JSON file per attachment under {@code DATADIR/NODE/},
 * named {@code CONTAINERID:IFNAME.json} (neither part may hold a colon or a slash), written
 * through a temp file and a rename. Keyed by node because the lab's nodes share one file system.
 */
public final class AttachmentRecords {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SUFFIX = ".json";

    private final Path dir;

    public AttachmentRecords(Path dataDir, String node) {
        this.dir = dataDir.resolve(Names.node("node", node));
    }

    /** The node's directory of records (the host lock, NODE.lock, lies beside it). */
    public Path dir() {
        return dir;
    }

    Path file(AttachmentId a) {
        return dir.resolve(a.handleId() + SUFFIX);
    }

    public void write(AttachmentRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("containerId", r.attachment().containerId()).put("ifName", r.attachment().ifName().value())
                .put("network", r.network()).put("netns", r.netns());
        r.netnsInode().ifPresent(i -> o.put("netnsInode", i));
        r.pod().ifPresent(p -> o.put("pod", p));
        o.put("at", r.at());
        try {
            AtomicFile.write(file(r.attachment()), JSON.writeValueAsBytes(o));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(r.attachment()), e);
        }
    }

    /** Removes the record; fine when there is none. */
    public void delete(AttachmentId a) {
        try {
            Files.deleteIfExists(file(a));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(a), e);
        }
    }

    public Optional<AttachmentRecord> read(AttachmentId a) {
        try {
            return Optional.of(decode(Files.readAllBytes(file(a))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(a), e);
        }
    }

    /** Every record; a file that does not decode is skipped (a damaged record only costs GC a guess). */
    public List<AttachmentRecord> all() {
        List<AttachmentRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)
                    && !p.getFileName().toString().startsWith(".")).toList()) {
                try {
                    out.add(decode(Files.readAllBytes(f)));
                } catch (IOException | RuntimeException e) {
                    System.getLogger(AttachmentRecords.class.getName()).log(System.Logger.Level.DEBUG,
                            "skipping attachment record " + f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }

    static AttachmentRecord decode(byte[] bytes) {
        JsonNode n = JSON.readTree(bytes);
        JsonNode ino = n.get("netnsInode");
        JsonNode pod = n.get("pod");
        return new AttachmentRecord(AttachmentId.of(n.path("containerId").asString(), n.path("ifName").asString()),
                n.path("network").asString(), n.path("netns").asString(),
                ino == null || !ino.isIntegralNumber() ? OptionalLong.empty() : OptionalLong.of(ino.longValue()),
                pod == null || !pod.isString() ? Optional.empty() : Optional.of(pod.stringValue()), n.path("at").asLong());
    }
}
