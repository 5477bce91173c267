package dev.weft.ipam.cluster;

import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;

/** The reservation suite on the embedded store. */
class EmbeddedReservedLaneTest extends ReservedLaneContract {
    @Override
    protected Datastore open() {
        return new EmbeddedDatastore(tmp.resolve("store.json"));
    }
}
