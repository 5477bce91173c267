/** weft module values: see docs/ARCHITECTURE.md. */
module dev.weft.values {
    exports dev.weft.io;
    exports dev.weft.kube;
    exports dev.weft.lock;
    exports dev.weft.net;
}
