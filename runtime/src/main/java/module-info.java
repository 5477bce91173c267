/** weft module runtime: see docs/ARCHITECTURE.md. */
module dev.weft.runtime {
    requires transitive dev.weft.cni;
    requires dev.weft.invoke;
    requires tools.jackson.databind;
    exports dev.weft.runtime;
    exports dev.weft.runtime.cache;
    exports dev.weft.runtime.conf;
}
