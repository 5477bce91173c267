/** weft module cluster: see docs/ARCHITECTURE.md. */
module dev.weft.cluster {
    requires transitive dev.weft.values;
    requires dev.weft.store;
    requires tools.jackson.core;
    requires tools.jackson.databind;
    exports dev.weft.cluster;
}
