package dev.weft.bench.cni;

import dev.weft.io.FileTrees;
import dev.weft.lab.Lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * What a {@link CniBench} run leaves when it is cut short by a signal: the JVM runs its shutdown
 * hooks, not the run's {@code finally}. Removes the run's namespaces (named with its prefix) and
 * the processes inside them (agents, etcd, DHCP servers: found by their network namespace, as
 * {@code weft lab down} does, so nothing else is touched), then its work directory.
 */
public final class RunLeftovers {
    private RunLeftovers() {
    }

    /** Kills what runs inside the namespaces named {@code prefix*}, then removes them and {@code dir}. */
    public static void remove(String prefix, Path dir) {
        Lab.namespaces(prefix).forEach(Lab::removeNamespace);
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
