package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class EmbeddedClusterIpamTest extends ClusterIpamContract {
    @TempDir
    Path tmp;

    @Override
    protected Datastore open() {
        return new EmbeddedDatastore(tmp.resolve("store.json"));
    }
}
