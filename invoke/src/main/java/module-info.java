/** weft module invoke: see docs/ARCHITECTURE.md. */
module dev.weft.invoke {
    requires transitive dev.weft.cni;
    requires tools.jackson.databind;
    exports dev.weft.invoke;
}
