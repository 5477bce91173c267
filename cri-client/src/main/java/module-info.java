/** weft module cri-client: see docs/ARCHITECTURE.md. */
module dev.weft.cri {
    requires transitive com.google.protobuf;
    requires io.grpc;
    requires io.grpc.protobuf;
    requires io.grpc.stub;
    exports dev.weft.cri;
    exports dev.weft.cri.v1;
}
