/** weft module store: see docs/ARCHITECTURE.md. */
module dev.weft.store {
    requires transitive dev.weft.values;
    requires jetcd.core;
    requires tools.jackson.databind;
    exports dev.weft.store;
    exports dev.weft.store.embedded;
    exports dev.weft.store.etcd;
}
