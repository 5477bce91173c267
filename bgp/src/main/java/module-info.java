/** weft module bgp: see docs/ARCHITECTURE.md. */
module dev.weft.bgp {
    requires transitive dev.weft.values;
    requires dev.weft.cluster;
    requires dev.weft.store;
    requires tools.jackson.databind;
    exports dev.weft.bgp;
    exports dev.weft.bgp.bird;
    exports dev.weft.bgp.frr;
    exports dev.weft.bgp.speaker;
}
