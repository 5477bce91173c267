/** weft module sdk: see docs/ARCHITECTURE.md. */
module dev.weft.sdk {
    requires transitive dev.weft.cni;
    requires transitive dev.weft.invoke;
    requires tools.jackson.databind;
    exports dev.weft.sdk;
    exports dev.weft.sdk.testing;
}
