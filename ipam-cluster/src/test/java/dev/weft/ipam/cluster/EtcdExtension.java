package dev.weft.ipam.cluster;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One {@link EtcdServer} for a test class: {@code @RegisterExtension static final EtcdExtension etcd
 * = new EtcdExtension();} starts it before the class's tests, with its data in a directory of its
 * own, and ends it and removes that directory after them, also when a test failed.
 */
final class EtcdExtension implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private EtcdServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("weft-etcd-");
        server = new EtcdServer(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> all = Files.walk(dir)) {
                    all.sorted(Comparator.reverseOrder()).forEach(EtcdExtension::delete);
                }
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> endpoints() {
        return server.endpoints();
    }

    /** Stops etcd, runs {@code whileDown}, and starts it again on the same ports and data. */
    void restart(Runnable whileDown) {
        server.restart(whileDown);
    }
}
