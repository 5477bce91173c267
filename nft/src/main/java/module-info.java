/** weft module nft: see docs/ARCHITECTURE.md. */
module dev.weft.nft {
    requires transitive dev.weft.values;
    requires tools.jackson.databind;
    exports dev.weft.nft;
}
