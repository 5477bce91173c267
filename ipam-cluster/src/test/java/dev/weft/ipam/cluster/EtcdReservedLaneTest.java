package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;
import dev.weft.store.etcd.EtcdDatastore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reservation suite against a real etcd on loopback. */
class EtcdReservedLaneTest extends ReservedLaneContract {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Override
    protected Datastore open() {
        return new EtcdDatastore(ETCD.endpoints());
    }
}
