package dev.weft.nodestate;

import dev.weft.io.AtomicFile;
import dev.weft.io.StateFiles;
import dev.weft.kube.KubeNames;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the {@code weft} CNI plugin leaves on the node for each pod it attached: the pod's identity
 * from the kubelet's CNI args ({@code K8S_POD_NAMESPACE}, {@code K8S_POD_NAME}), its addresses and
 * the host side of its interface and, when known, the path of its network namespace (the agent
 * enforces an underlay pod's policy inside it). The agent publishes these to the datastore, where policy
 * enforcement on every node finds them. One JSON file per attachment under {@code DATADIR/pods}
 * ({@code rwx------}, files {@code rw-------}).
 *
 * <p>Names are Kubernetes names ({@link KubeNames}): the datastore key {@code NS/NAME} is then
 * unambiguous. A record that breaks the rules is refused when written and skipped (and logged)
 * when read.
 */
public record PodRecord(String namespace, String name, String containerId, String ifName, List<IpAddress> ips,
                        Optional<InterfaceName> hostIface, Optional<Path> netns) {
    private static final System.Logger LOG = System.getLogger(PodRecord.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The spec's rule for container IDs: it also keeps the file name one path segment. */
    private static final Pattern CONTAINER_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
    public static final String DIR = "pods";
    /**
     * Prefix of the container ID of the records weft's Docker driver writes, one per endpoint
     * ({@code docker-ENDPOINTID}): no CNI runtime knows these attachments, so the {@code weft}
     * plugin's GC leaves them to the driver, and lab views show them as Docker containers.
     */
    public static final String DOCKER_PREFIX = "docker-";

    public PodRecord {
        KubeNames.requireNamespace(namespace, "namespace");
        KubeNames.requireObjectName(name, "name");
        if (containerId == null || !CONTAINER_ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("containerId \"" + containerId + "\" is not a CNI container ID");
        }
        try {
            InterfaceName.of(ifName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ifName: " + e.getMessage(), e);
        }
        ips = List.copyOf(ips);
        hostIface = hostIface == null ? Optional.empty() : hostIface;
        netns = netns == null ? Optional.empty() : netns;
        netns.filter(p -> !p.isAbsolute()).ifPresent(p -> {
            throw new IllegalArgumentException("netns \"" + p + "\" is not an absolute path");
        });
    }

    /** A record without the pod's namespace path (records written before it was kept). */
    public PodRecord(String namespace, String name, String containerId, String ifName, List<IpAddress> ips,
                     Optional<InterfaceName> hostIface) {
        this(namespace, name, containerId, ifName, ips, hostIface, Optional.empty());
    }

    /** The file's shape: strings, as the records have always been written. */
    private record Wire(String namespace, String name, String containerId, String ifName, List<String> ips,
                        String hostIface, String netns) {
        Wire(PodRecord r) {
            this(r.namespace, r.name, r.containerId, r.ifName, r.ips.stream().map(IpAddress::toString).toList(),
                    r.hostIface.map(InterfaceName::value).orElse(null), r.netns.map(Path::toString).orElse(null));
        }

        PodRecord record() {
            return new PodRecord(namespace, name, containerId, ifName,
                    (ips == null ? List.<String>of() : ips).stream().map(IpAddress::parse).toList(),
                    Optional.ofNullable(hostIface).map(InterfaceName::of), Optional.ofNullable(netns).map(Path::of));
        }
    }

    /** Whether weft's Docker driver wrote this record (see {@link #DOCKER_PREFIX}). */
    public boolean isDocker() {
        return containerId.startsWith(DOCKER_PREFIX);
    }

    public static Path file(Path dataDir, String containerId, String ifName) {
        return dataDir.resolve(DIR).resolve(containerId + "-" + ifName + ".json");
    }

    /** Writes atomically (temp + rename) into a private directory; never through a symbolic link. */
    public void write(Path dataDir) {
        Path f = file(dataDir, containerId, ifName);
        try {
            StateFiles.privateDirectory(f.getParent());
            AtomicFile.write(f, JSON.writeValueAsBytes(new Wire(this)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every record under {@code dataDir}. A file that does not parse is skipped quietly (a
     * concurrent write or delete); one that parses but breaks the rules is skipped with a warning.
     */
    public static List<PodRecord> readAll(Path dataDir) {
        Path dir = dataDir.resolve(DIR);
        List<PodRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                Wire w;
                try {
                    w = JSON.readValue(Files.readAllBytes(f), Wire.class);
                } catch (IOException | RuntimeException e) {
                    continue; // gone or half-written: the next scan sees it settled
                }
                try {
                    out.add(w.record());
                } catch (IllegalArgumentException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping pod record " + f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }
}
