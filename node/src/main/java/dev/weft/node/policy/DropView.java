package dev.weft.node.policy;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code weft policy drops} shows: the records of one or more agents' drop files (one node,
 * or every node of a lab), merged by time, optionally only those involving one pod, as a table
 * (time, node, source, destination, protocol/port, verdict) or as JSON lines; and, to follow, the
 * records appended since the last look.
 */
public final class DropView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private final List<Path> files;
    private final Optional<String> pod;
    private final boolean json;
    private final Map<Path, Long> offsets = new HashMap<>();

    /** @param pod {@code NS/NAME}: only records with this pod at either end */
    public DropView(List<Path> files, Optional<String> pod, boolean json) {
        this.files = List.copyOf(files);
        this.pod = pod;
        this.json = json;
    }

    /** Every record now, oldest first (rotated files included); remembers where each file ends for {@link #printNew}. */
    public List<DropRecord> all() {
        List<DropRecord> out = new ArrayList<>();
        for (Path f : files) {
            out.addAll(DropFile.readAll(f));
            offsets.put(f, size(f));
        }
        return sorted(out);
    }

    /** Prints {@link #all}: a header first in table form. */
    public void printAll(PrintStream out) {
        List<DropRecord> records = all();
        if (!json) {
            out.println(header());
        }
        records.forEach(r -> out.println(render(r)));
    }

    /**
     * Prints the records appended since the last look. A file that shrank was rotated: it is read
     * from its start (records appended to the old file between the last look and the rotation are
     * not shown).
     */
    public void printNew(PrintStream out) throws IOException {
        List<DropRecord> fresh = new ArrayList<>();
        for (Path f : files) {
            long from = offsets.getOrDefault(f, 0L);
            long size = size(f);
            if (size < from) {
                from = 0;
            }
            if (size > from) {
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
                    raf.seek(from);
                    byte[] b = new byte[(int) (size - from)];
                    raf.readFully(b);
                    String text = new String(b, StandardCharsets.UTF_8);
                    int end = text.lastIndexOf('\n') + 1; // a line still being written waits for the next look
                    for (String line : text.substring(0, end).split("\n")) {
                        DropFile.parse(line).ifPresent(fresh::add);
                    }
                    size = from + text.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
                }
            }
            offsets.put(f, size);
        }
        sorted(fresh).forEach(r -> out.println(render(r)));
    }

    private List<DropRecord> sorted(List<DropRecord> records) {
        return records.stream().filter(r -> pod.isEmpty() || r.involves(pod.get()))
                .sorted(Comparator.comparingLong(DropRecord::timeMillis)).toList();
    }

    private static long size(Path f) {
        try {
            return Files.exists(f) ? Files.size(f) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The table's header line. */
    public static String header() {
        return String.format("%-23s  %-6s  %-20s  %-20s  %-9s  %s", "TIME (UTC)", "NODE", "SOURCE", "DESTINATION",
                "PROTO", "VERDICT");
    }

    /** One record as a table line, or as its JSON line. */
    public String render(DropRecord r) {
        return json ? DropFile.line(r) : line(r);
    }

    /** One record as a table line. */
    public static String line(DropRecord r) {
        return String.format("%-23s  %-6s  %-20s  %-20s  %-9s  %s", TIME.format(Instant.ofEpochMilli(r.timeMillis())),
                r.node(), r.source(), r.destination(), r.protocolPort(), r.verdict());
    }
}
