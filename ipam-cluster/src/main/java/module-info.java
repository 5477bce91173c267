/** weft module ipam-cluster: see docs/ARCHITECTURE.md and the package notes of dev.weft.ipam.cluster. */
module dev.weft.ipam.cluster {
    requires transitive dev.weft.values;
    requires transitive dev.weft.store;
    requires tools.jackson.core;
    requires tools.jackson.databind;
    exports dev.weft.ipam.cluster;
}
