package dev.weft.nodestate;

import dev.weft.io.AtomicFile;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the {@code weft} CNI plugin leaves on the node for each pod it attached: the pod's identity
 * from the kubelet's CNI args ({@code K8S_POD_NAMESPACE}, {@code K8S_POD_NAME}), its addresses and
 * the host side of its interface. The agent publishes these to the datastore, where policy
 * enforcement on every node finds them. One JSON file per attachment under {@code DATADIR/pods}.
 */
public record PodRecord(String namespace, String name, String containerId, String ifName, List<IpAddress> ips,
                        Optional<InterfaceName> hostIface) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String DIR = "pods";

    public PodRecord {
        ips = List.copyOf(ips);
    }

    /** The file's shape: strings, as the records have always been written. */
    private record Wire(String namespace, String name, String containerId, String ifName, List<String> ips,
                        String hostIface) {
        Wire(PodRecord r) {
            this(r.namespace, r.name, r.containerId, r.ifName, r.ips.stream().map(IpAddress::toString).toList(),
                    r.hostIface.map(InterfaceName::value).orElse(null));
        }

        PodRecord record() {
            return new PodRecord(namespace, name, containerId, ifName, ips.stream().map(IpAddress::parse).toList(),
                    Optional.ofNullable(hostIface).map(InterfaceName::of));
        }
    }

    public static Path file(Path dataDir, String containerId, String ifName) {
        return dataDir.resolve(DIR).resolve(containerId + "-" + ifName + ".json");
    }

    /** Writes atomically (temp + rename). */
    public void write(Path dataDir) {
        Path f = file(dataDir, containerId, ifName);
        try {
            AtomicFile.write(f, JSON.writeValueAsBytes(new Wire(this)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }

    /** Every record under {@code dataDir}; unreadable files are skipped (a concurrent write or delete). */
    public static List<PodRecord> readAll(Path dataDir) {
        Path dir = dataDir.resolve(DIR);
        List<PodRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    out.add(JSON.readValue(Files.readAllBytes(f), Wire.class).record());
                } catch (IOException | RuntimeException e) {
                    // gone or half-written: the next scan sees it settled
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }
}
