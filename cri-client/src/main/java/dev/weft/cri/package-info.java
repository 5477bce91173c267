/**
 * A small client of the Kubernetes Container Runtime Interface for tests and benchmarks: it does
 * to a runtime's pod sandboxes what the kubelet does (RunPodSandbox with metadata and port
 * mappings, PodSandboxStatus, StopPodSandbox, RemovePodSandbox), over the runtime's unix socket.
 *
 * <p>Design notes:
 * <ul>
 *   <li>The API is {@code runtime.v1}, compiled at build time from the vendored
 *       {@code src/main/protobuf/runtime/v1/api.proto} (k8s.io/cri-api, Apache 2.0) into
 *       {@code dev.weft.cri.v1}; nothing generated is checked in.</li>
 *   <li>Transport is gRPC's own {@code unix:} target (netty-shaded, epoll domain sockets), so no
 *       TCP port is opened anywhere.</li>
 *   <li>Limits: only the sandbox calls weft's tests need, no containers inside sandboxes (the
 *       network is the sandbox's; a pod's containers share it), no streaming calls.</li>
 *   <li>Hazard: a runtime that serves only {@code runtime.v1alpha2} answers UNIMPLEMENTED;
 *       {@link dev.weft.cri.CriClient#version()} is the call to probe that first.</li>
 * </ul>
 */
package dev.weft.cri;
