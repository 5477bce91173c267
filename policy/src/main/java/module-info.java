/** weft module policy: see docs/ARCHITECTURE.md. */
module dev.weft.policy {
    requires transitive dev.weft.values;
    requires dev.weft.nft;
    requires tools.jackson.core;
    requires tools.jackson.databind;
    requires tools.jackson.dataformat.yaml;
    requires org.snakeyaml.engine;
    exports dev.weft.policy;
    exports dev.weft.policy.compile;
    exports dev.weft.policy.eval;
    exports dev.weft.policy.manifest;
}
