package dev.weft.cri;

import dev.weft.cri.v1.DNSConfig;
import dev.weft.cri.v1.LinuxPodSandboxConfig;
import dev.weft.cri.v1.NamespaceMode;
import dev.weft.cri.v1.NamespaceOption;
import dev.weft.cri.v1.LinuxSandboxSecurityContext;
import dev.weft.cri.v1.ListPodSandboxRequest;
import dev.weft.cri.v1.PodSandbox;
import dev.weft.cri.v1.PodSandboxConfig;
import dev.weft.cri.v1.PodSandboxMetadata;
import dev.weft.cri.v1.PodSandboxStatus;
import dev.weft.cri.v1.PodSandboxStatusRequest;
import dev.weft.cri.v1.PortMapping;
import dev.weft.cri.v1.Protocol;
import dev.weft.cri.v1.RemovePodSandboxRequest;
import dev.weft.cri.v1.RunPodSandboxRequest;
import dev.weft.cri.v1.StopPodSandboxRequest;
import dev.weft.cri.v1.VersionRequest;
import dev.weft.cri.v1.VersionResponse;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's side of the CRI for pod sandboxes, over a runtime's unix socket. Every call has a
 * deadline; errors surface as gRPC's {@code StatusRuntimeException} naming the runtime's reason.
 */
public final class CriClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final Duration timeout;

    /** A client of the runtime listening on {@code socket}; {@code timeout} bounds each call. */
    public CriClient(Path socket, Duration timeout) {
        if (!socket.isAbsolute()) {
            throw new IllegalArgumentException("socket " + socket + ": must be an absolute path");
        }
        this.channel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
        this.timeout = timeout;
    }

    private <Q, R> R call(MethodDescriptor<Q, R> method, Q request) {
        return ClientCalls.blockingUnaryCall(channel, method,
                CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS), request);
    }

    /** The runtime's name and version, and the CRI version it serves ({@code v1}). */
    public VersionResponse version() {
        return call(RuntimeService.VERSION, VersionRequest.newBuilder().setVersion("v1").build());
    }

    /** Creates and starts the pod's sandbox, its network set up by the runtime's CNI; returns its id. */
    public String runPodSandbox(PodSpec pod, Path logDir) {
        return call(RuntimeService.RUN_POD_SANDBOX, RunPodSandboxRequest.newBuilder().setConfig(config(pod, logDir)).build()).getPodSandboxId();
    }

    /** The sandbox's status as the runtime reports it (state, network address). */
    public PodSandboxStatus status(String sandboxId) {
        return call(RuntimeService.POD_SANDBOX_STATUS, PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).build()).getStatus();
    }

    /** The runtime's verbose details of the sandbox (containerd: {@code info} JSON with the pause pid, the netns path). */
    public java.util.Map<String, String> statusVerbose(String sandboxId) {
        return call(RuntimeService.POD_SANDBOX_STATUS, PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).setVerbose(true).build())
                .getInfoMap();
    }

    /** The sandbox's pod IP as the runtime reports it (the CNI result's first address). */
    public String podIp(String sandboxId) {
        return status(sandboxId).getNetwork().getIp();
    }

    /** Stops the sandbox and has the runtime tear its network down (idempotent). */
    public void stopPodSandbox(String sandboxId) {
        call(RuntimeService.STOP_POD_SANDBOX, StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build());
    }

    /** Removes a stopped sandbox (idempotent). */
    public void removePodSandbox(String sandboxId) {
        call(RuntimeService.REMOVE_POD_SANDBOX, RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build());
    }

    /** Every sandbox the runtime knows. */
    public List<PodSandbox> list() {
        return call(RuntimeService.LIST_POD_SANDBOX, ListPodSandboxRequest.getDefaultInstance()).getItemsList();
    }

    /** The sandbox config the kubelet would send for {@code pod} (pod network namespace, no host namespaces). */
    static PodSandboxConfig config(PodSpec pod, Path logDir) {
        PodSandboxConfig.Builder b = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(pod.name()).setNamespace(pod.namespace())
                        .setUid(pod.uid()).setAttempt(0))
                .setHostname(pod.name())
                .setLogDirectory(logDir.toString())
                .setDnsConfig(DNSConfig.getDefaultInstance())
                .putAllLabels(pod.labels())
                .putAllAnnotations(pod.annotations())
                .putLabels("io.kubernetes.pod.name", pod.name())
                .putLabels("io.kubernetes.pod.namespace", pod.namespace())
                .putLabels("io.kubernetes.pod.uid", pod.uid())
                .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                        .setNamespaceOptions(NamespaceOption.newBuilder().setNetwork(NamespaceMode.POD)
                                .setPid(NamespaceMode.CONTAINER).setIpc(NamespaceMode.POD))));
        for (PodSpec.PortMapping p : pod.ports()) {
            b.addPortMappings(PortMapping.newBuilder().setProtocol(Protocol.TCP)
                    .setContainerPort(p.containerPort()).setHostPort(p.hostPort()));
        }
        return b.build();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
