package dev.weft.bench.cni;

import dev.weft.io.FileTrees;
import dev.weft.netlink.ns.NetNs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a {@link CniBench} run leaves when it is cut short by a signal: the JVM runs its shutdown
 * hooks, not the run's {@code finally}. Removes the run's namespaces (named with its prefix), the
 * processes this JVM started inside them (agents, etcd, DHCP servers: found by their network
 * namespace, not by name, so nothing else of this JVM is touched) and its work directory.
 */
public final class RunLeftovers {
    private RunLeftovers() {
    }

    /** Kills our children inside the namespaces named {@code prefix*}, then removes the namespaces and {@code dir}. */
    public static void remove(String prefix, Path dir) {
        List<String> names = namespaces(prefix);
        Set<String> inodes = names.stream().map(n -> inode(NetNs.RUN_NETNS.resolve(n))).flatMap(Optional::stream)
                .collect(Collectors.toSet());
        ProcessHandle.current().descendants()
                .filter(p -> netInode(p.pid()).filter(inodes::contains).isPresent())
                .forEach(ProcessHandle::destroyForcibly);
        names.forEach(NetNs::delete);
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    static List<String> namespaces(String prefix) {
        if (!Files.isDirectory(NetNs.RUN_NETNS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(NetNs.RUN_NETNS)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + NetNs.RUN_NETNS, e);
        }
    }

    private static Optional<String> inode(Path nsFile) {
        try {
            return Optional.of(Files.getAttribute(nsFile, "unix:ino").toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** The inode in {@code /proc/PID/ns/net}'s link, {@code net:[INODE]}; empty once the process is gone. */
    private static Optional<String> netInode(long pid) {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString();
            return link.startsWith("net:[") && link.endsWith("]")
                    ? Optional.of(link.substring(5, link.length() - 1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
