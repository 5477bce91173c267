package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;
import dev.weft.store.etcd.EtcdDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The reservation suite against a real etcd on loopback. */
class EtcdReservedLaneTest extends ReservedLaneContract {
    @TempDir
    static Path etcdDir;
    private static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = new EtcdServer(etcdDir);
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Datastore open() {
        return new EtcdDatastore(etcd.endpoints());
    }
}
