/** weft module cni: see docs/ARCHITECTURE.md. */
module dev.weft.cni {
    requires transitive dev.weft.values;
    requires transitive tools.jackson.databind;
    requires tools.jackson.core;
    exports dev.weft.cni;
    exports dev.weft.cni.config;
    exports dev.weft.cni.json;
    exports dev.weft.cni.result;
}
