package dev.weft.plugins.meta;

import dev.weft.cni.CniArgs;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.result.Result;
import dev.weft.kube.KubeNames;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.nodestate.PodRecord;
import dev.weft.sdk.Request;

import java.util.List;
import java.util.Optional;

/**
 * The pod an attachment belongs to, from the kubelet's CNI args {@code K8S_POD_NAMESPACE} and
 * {@code K8S_POD_NAME}. They are outside input that becomes a datastore key ({@code NS/NAME}) and
 * a file's content, so they must be Kubernetes names ({@link KubeNames}); anything else is code 4
 * (the spec's code for a bad environment variable, {@code CNI_ARGS} here) naming the argument.
 */
record PodIdentity(String namespace, String name) {
    static final String NAMESPACE_ARG = "K8S_POD_NAMESPACE";
    static final String NAME_ARG = "K8S_POD_NAME";

    /** The pod named by {@code args}; empty when the runtime sent no pod (not the kubelet). */
    static Optional<PodIdentity> of(CniArgs args) {
        Optional<String> ns = args.get(NAMESPACE_ARG).map(v -> checked(() -> KubeNames.requireNamespace(v, NAMESPACE_ARG)));
        Optional<String> name = args.get(NAME_ARG).map(v -> checked(() -> KubeNames.requireObjectName(v, NAME_ARG)));
        return ns.isPresent() && name.isPresent() ? Optional.of(new PodIdentity(ns.get(), name.get())) : Optional.empty();
    }

    private static String checked(java.util.function.Supplier<String> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "CNI_ARGS " + e.getMessage(), e);
        }
    }

    /**
     * What the agent publishes for this pod: its addresses and the host end of its veth (the
     * result's host interface that is not the bridge).
     */
    PodRecord record(Request r, Result result, String bridge) {
        Optional<InterfaceName> hostIface = result.interfaces().stream()
                .filter(i -> !i.inSandbox() && !i.name().equals(bridge)).map(i -> InterfaceName.of(i.name())).findFirst();
        List<IpAddress> ips = result.ips().stream().map(ip -> ip.address().address()).toList();
        return new PodRecord(namespace, name, r.containerId().value(), r.ifName().value(), ips, hostIface);
    }
}
