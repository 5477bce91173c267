/** weft module overlay-udp: see docs/ARCHITECTURE.md and overlay-udp/README.md. */
module dev.weft.overlay.udp {
    requires transitive dev.weft.values;
    requires dev.weft.netlink;
    // compile time only: AllocationRootTest (patched into this module by the compiler) reads per-thread allocation
    requires static jdk.management;
    exports dev.weft.overlay.udp;
    exports dev.weft.overlay.udp.datapath;
    exports dev.weft.overlay.udp.io;
    exports dev.weft.overlay.udp.packet;
    exports dev.weft.overlay.udp.peer;
}
