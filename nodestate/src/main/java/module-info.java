/** weft module nodestate: see docs/ARCHITECTURE.md. */
module dev.weft.nodestate {
    requires transitive dev.weft.values;
    requires tools.jackson.databind;
    exports dev.weft.nodestate;
}
