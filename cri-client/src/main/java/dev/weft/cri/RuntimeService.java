package dev.weft.cri;

import com.google.protobuf.Message;
import dev.weft.cri.v1.ListPodSandboxRequest;
import dev.weft.cri.v1.ListPodSandboxResponse;
import dev.weft.cri.v1.PodSandboxStatusRequest;
import dev.weft.cri.v1.PodSandboxStatusResponse;
import dev.weft.cri.v1.RemovePodSandboxRequest;
import dev.weft.cri.v1.RemovePodSandboxResponse;
import dev.weft.cri.v1.RunPodSandboxRequest;
import dev.weft.cri.v1.RunPodSandboxResponse;
import dev.weft.cri.v1.StopPodSandboxRequest;
import dev.weft.cri.v1.StopPodSandboxResponse;
import dev.weft.cri.v1.VersionRequest;
import dev.weft.cri.v1.VersionResponse;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * The calls of CRI's {@code runtime.v1.RuntimeService} this client makes, as gRPC method
 * descriptors over the protoc-generated messages: what protoc-gen-grpc-java would generate for
 * them (its native binary could not be fetched on this machine; grpc-java's own
 * {@link ProtoUtils} marshallers do the work).
 */
final class RuntimeService {
    static final String SERVICE = "runtime.v1.RuntimeService";

    static final MethodDescriptor<VersionRequest, VersionResponse> VERSION =
            unary("Version", VersionRequest.getDefaultInstance(), VersionResponse.getDefaultInstance());
    static final MethodDescriptor<RunPodSandboxRequest, RunPodSandboxResponse> RUN_POD_SANDBOX =
            unary("RunPodSandbox", RunPodSandboxRequest.getDefaultInstance(), RunPodSandboxResponse.getDefaultInstance());
    static final MethodDescriptor<StopPodSandboxRequest, StopPodSandboxResponse> STOP_POD_SANDBOX =
            unary("StopPodSandbox", StopPodSandboxRequest.getDefaultInstance(), StopPodSandboxResponse.getDefaultInstance());
    static final MethodDescriptor<RemovePodSandboxRequest, RemovePodSandboxResponse> REMOVE_POD_SANDBOX =
            unary("RemovePodSandbox", RemovePodSandboxRequest.getDefaultInstance(), RemovePodSandboxResponse.getDefaultInstance());
    static final MethodDescriptor<PodSandboxStatusRequest, PodSandboxStatusResponse> POD_SANDBOX_STATUS =
            unary("PodSandboxStatus", PodSandboxStatusRequest.getDefaultInstance(), PodSandboxStatusResponse.getDefaultInstance());
    static final MethodDescriptor<ListPodSandboxRequest, ListPodSandboxResponse> LIST_POD_SANDBOX =
            unary("ListPodSandbox", ListPodSandboxRequest.getDefaultInstance(), ListPodSandboxResponse.getDefaultInstance());

    private RuntimeService() {
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(String method, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }
}
