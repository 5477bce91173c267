/** weft module overlay-udp: see docs/ARCHITECTURE.md and overlay-udp/README.md. */
module dev.weft.overlay.udp {
    requires transitive dev.weft.values;
    requires dev.weft.netlink;
    requires info.picocli;
    opens dev.weft.overlay.udp to info.picocli;
    exports dev.weft.overlay.udp;
    exports dev.weft.overlay.udp.datapath;
    exports dev.weft.overlay.udp.io;
    exports dev.weft.overlay.udp.packet;
    exports dev.weft.overlay.udp.peer;
}
