package dev.weft.bench.dataplane;

import dev.weft.lab.LabLayout;
import dev.weft.cni.ContainerId;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.net.InterfaceName;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;
import dev.weft.runtime.CniRuntime;
import dev.weft.runtime.RuntimeConf;
import dev.weft.cni.CniArgs;
import dev.weft.invoke.ProcessExec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Pods on the underlay segment itself: weft-macvlan (bridge mode) on the node's {@code eth0}
 * with a weft-static address, attached by weft's CNI runtime inside the node's namespace as
 * {@code LabPods} does for the lab's own network. Their namespaces carry the lab's prefix, so
 * {@code Lab.down} removes them with the rest.
 */
final class MacvlanPods {
    static final String NETWORK = "bench-macvlan";

    private final LabLayout layout;

    MacvlanPods(LabLayout layout) {
        this.layout = layout;
    }

    /** Creates pod {@code pod} on {@code node} with {@code address} (with prefix) and returns its namespace. */
    String add(String node, String pod, String address) {
        String netns = layout.podNs(node, pod);
        try (NetNs ns = NetNs.create(netns); Netlink nl = Netlink.open(ns)) {
            nl.links().setUp(nl.links().require("lo").index());
        }
        try {
            CniRuntime rt = new CniRuntime(new ProcessExec(), List.of(layout.dir().resolve("bin")),
                    layout.dir().resolve("bench-cni-cache"));
            NetworkConfigList list = NetworkConfigList.parseList(conflist(address).getBytes(StandardCharsets.UTF_8),
                    NETWORK);
            RuntimeConf conf = new RuntimeConf(ContainerId.of(netns), NetNs.RUN_NETNS.resolve(netns).toString(),
                    InterfaceName.of("eth0"), CniArgs.parse("IgnoreUnknown=1"), Map.of());
            try (NetNs ns = NetNs.named(layout.nodeNs(node))) {
                ns.run(() -> rt.add(list, conf));
            }
            return netns;
        } catch (RuntimeException e) {
            NetNs.delete(netns);
            throw e;
        }
    }

    static String conflist(String address) {
        return """
                {"cniVersion": "1.1.0", "name": "%s", "plugins": [
                  {"type": "weft-macvlan", "master": "eth0", "mode": "bridge",
                   "ipam": {"type": "weft-static", "addresses": [{"address": "%s"}]}}]}
                """.formatted(NETWORK, address);
    }
}
