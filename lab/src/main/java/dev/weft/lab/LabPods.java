package dev.weft.lab;

import dev.weft.cluster.Inventory;
import dev.weft.cni.ContainerId;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.result.Result;
import dev.weft.net.InterfaceName;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;
import dev.weft.runtime.CniRuntime;
import dev.weft.runtime.RuntimeConf;
import dev.weft.runtime.conf.ConfigLoader;
import dev.weft.cni.CniArgs;
import dev.weft.invoke.ProcessExec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Pods in the lab: a namespace each, attached by weft's own CNI runtime running the node's
 * conflist ({@code weft} → weft-bridge → weft-host-local) exactly as a kubelet would, with the
 * plugins executed inside the node's namespace and the pod identity in {@code CNI_ARGS}.
 */
public final class LabPods {
    private final LabLayout layout;

    public LabPods(LabLayout layout) {
        this.layout = layout;
    }

    /** Creates the pod's namespace and ADDs it; returns the recorded pod. */
    public LabState.Pod add(String node, String pod, Map<String, String> labels) {
        return add(node, pod, labels, Map.of());
    }

    /**
     * As {@link #add(String, String, Map)}, and its labels and named container ports go to the
     * datastore first, as the API server would have them before the kubelet starts the pod.
     */
    public LabState.Pod add(String node, String pod, Map<String, String> labels, Map<String, Inventory.Port> ports) {
        String name = LabLayout.checkPod(pod);
        LabState s = LabState.require(layout);
        s.requireNode(node);
        if (s.pod(name).isPresent()) {
            throw new IllegalArgumentException("pod " + name + " already exists on " + s.requirePod(name).node());
        }
        String netns = layout.podNs(node, name);
        new LabInventory(layout, s).podMeta(name, labels, ports);
        try (NetNs ns = NetNs.create(netns); Netlink nl = Netlink.open(ns)) {
            nl.links().setUp(nl.links().require("lo").index());
        }
        try {
            Result r = inNode(node, (rt, list) -> rt.add(list, conf(netns, name)));
            String ip = r.ips().getFirst().address().address().toString();
            LabState.Pod p = new LabState.Pod(name, node, netns, netns, ip, labels);
            LabState.update(layout, st -> st.withPod(p));
            return p;
        } catch (RuntimeException e) {
            NetNs.delete(netns);
            throw e;
        }
    }

    /** DELs the pod and removes its namespace. */
    public void del(String pod) {
        LabState.Pod p = LabState.require(layout).requirePod(pod);
        inNode(p.node(), (rt, list) -> {
            rt.del(list, conf(p.netns(), p.name()));
            return null;
        });
        Lab.removeNamespace(p.netns());
        LabState.update(layout, st -> st.withoutPod(p.name()));
    }

    private interface CniCall<T> {
        T call(CniRuntime runtime, NetworkConfigList list);
    }

    /** Runs a CNI operation on a thread inside the node's namespace, so the plugins it spawns run there. */
    private <T> T inNode(String node, CniCall<T> call) {
        Path dir = layout.nodeDir(node);
        NetworkConfigList list = new ConfigLoader(dir.resolve("net.d")).load(Lab.NETWORK_NAME);
        ProcessExec exec = new ProcessExec().withEnv(Map.of("WEFT_CNI_SOCKET", Lab.cniSocket(layout, node).toString()));
        CniRuntime rt = new CniRuntime(exec, List.of(layout.dir().resolve("bin")), dir.resolve("cni-cache"));
        try (NetNs ns = NetNs.named(layout.nodeNs(node))) {
            return ns.run(() -> call.call(rt, list));
        }
    }

    private static RuntimeConf conf(String netns, String pod) {
        String[] nsName = pod.split("/", 2);
        CniArgs args = CniArgs.parse("IgnoreUnknown=1;K8S_POD_NAMESPACE=" + nsName[0] + ";K8S_POD_NAME=" + nsName[1]);
        return new RuntimeConf(ContainerId.of(netns), NetNs.RUN_NETNS.resolve(netns).toString(), InterfaceName.of("eth0"),
                args, Map.of());
    }
}
