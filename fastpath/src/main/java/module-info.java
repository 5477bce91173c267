/** weft module fastpath: see docs/ARCHITECTURE.md. */
module dev.weft.fastpath {
    requires transitive dev.weft.cni;
    requires tools.jackson.core;
    requires tools.jackson.databind;
    exports dev.weft.fastpath;
}
