package dev.weft.ipam.cluster;

import dev.weft.io.AtomicFile;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The node's journal of addresses handed out by {@link ReservedLane}: one JSON file per attachment
 * and pool, {@code DIR/CONTAINERID:IFNAME@POOL.json}, created through a temp file and a rename
 * ({@link AtomicFile}: a reader sees the whole entry or none) when an ADD hands an address out, and
 * removed when its DEL has released it. No fsync (the package notes say why). An entry that does
 * not decode is skipped and logged: its reservation then comes back as free at the next start,
 * which is only right because such damage comes from a power cut, which also killed its pod.
 */
final class Journal {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SUFFIX = ".json";

    private final Path dir;

    Journal(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    private Path file(AttachmentId a, String pool) {
        return dir.resolve(a.handleId() + "@" + pool + SUFFIX);
    }

    void write(JournalEntry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("handle", e.attachment().handleId());
        e.pod().ifPresent(p -> o.put("pod", p));
        o.put("pool", e.pool()).put("ip", e.ip().toString()).put("block", e.block().toString())
                .put("seq", e.seq()).put("at", e.at());
        try {
            AtomicFile.write(file(e.attachment(), e.pool()), JSON.writeValueAsBytes(o));
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write the IPAM journal entry " + file(e.attachment(), e.pool()), x);
        }
    }

    void delete(AttachmentId a, String pool) {
        try {
            Files.deleteIfExists(file(a, pool));
        } catch (IOException x) {
            throw new UncheckedIOException("cannot remove the IPAM journal entry " + file(a, pool), x);
        }
    }

    /** Every entry that decodes. */
    List<JournalEntry> all() {
        return matching("");
    }

    /** The attachment's entries (one per pool) that decode. */
    List<JournalEntry> of(AttachmentId a) {
        return matching(a.handleId() + "@").stream().filter(e -> e.attachment().equals(a)).toList();
    }

    private List<JournalEntry> matching(String prefix) {
        List<JournalEntry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)
                    && p.getFileName().toString().startsWith(prefix)
                    && !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                try {
                    out.add(decode(Files.readAllBytes(f)));
                } catch (IOException | RuntimeException x) {
                    System.getLogger(Journal.class.getName()).log(System.Logger.Level.WARNING,
                            "skipping IPAM journal entry " + f + " that does not decode: " + x.getMessage());
                }
            }
        } catch (IOException x) {
            throw new UncheckedIOException("cannot list the IPAM journal " + dir, x);
        }
        return out;
    }

    static JournalEntry decode(byte[] bytes) {
        JsonNode n = JSON.readTree(bytes);
        JsonNode pod = n.get("pod");
        return new JournalEntry(AttachmentId.parseHandleId(n.path("handle").asString()),
                pod == null || !pod.isString() ? Optional.empty() : Optional.of(pod.stringValue()),
                n.path("pool").asString(), IpAddress.parse(n.path("ip").asString()), Cidr.parse(n.path("block").asString()),
                n.path("seq").asLong(), n.path("at").asLong());
    }
}
