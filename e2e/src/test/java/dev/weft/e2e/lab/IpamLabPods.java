package dev.weft.e2e.lab;

import dev.weft.cni.CniArgs;
import dev.weft.cni.ContainerId;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.result.Result;
import dev.weft.invoke.ProcessExec;
import dev.weft.lab.Lab;
import dev.weft.net.InterfaceName;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;
import dev.weft.runtime.CniRuntime;
import dev.weft.runtime.RuntimeConf;
import dev.weft.runtime.conf.ConfigLoader;
import dev.weft.testkit.Proc;
import dev.weft.testkit.WeftCli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pods of a lab attached to a weft-bridge + weft-ipam network, as a kubelet would attach them
 * (weft's CNI runtime inside the node's namespace, the plugins as executables: the shim to the
 * node's agent, its JVM launcher when the agent is down), plus the CLI run where the datastore
 * (etcd in the fabric) can be reached.
 */
final class IpamLabPods {
    /** What one ADD came to: the address, or the error the runtime saw; and how long it took. */
    record Added(String node, String pod, String netns, Optional<String> ip, Optional<String> error, double millis) {
        boolean ok() {
            return ip.isPresent();
        }
    }

    private final TestLab lab;

    IpamLabPods(TestLab lab) {
        this.lab = lab;
    }

    /** A conflist {@code network} on {@code node}: a plain bridge {@code bridge} with weft-ipam from {@code pool}. */
    void network(String node, String network, String bridge, String pool) {
        conflist(node, network, bridge, """
                {"type": "weft-ipam", "pool": "%s", "datastore": "%s", "node": "%s", "dataDir": "%s"}"""
                .formatted(pool, lab.state().datastore(), node, Lab.ipamDataDir(lab.layout, node)));
    }

    /** The same network with weft-host-local on {@code subnet} instead: the baseline. */
    void hostLocalNetwork(String node, String network, String bridge, String subnet) {
        conflist(node, network, bridge, """
                {"type": "weft-host-local", "ranges": [[{"subnet": "%s"}]], "dataDir": "%s"}"""
                .formatted(subnet, lab.layout.nodeDir(node).resolve("host-local")));
    }

    private void conflist(String node, String network, String bridge, String ipam) {
        Path dir = lab.layout.nodeDir(node).resolve("net.d");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("50-" + network + ".conflist"), """
                    {"cniVersion": "1.1.0", "name": "%s", "plugins": [
                      {"type": "weft-bridge", "bridge": "%s", "ipMasq": false, "ipam": %s}]}
                    """.formatted(network, bridge, ipam));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String netns(String node, String pod) {
        return lab.layout.podNs(node, pod);
    }

    /** Creates the pod's namespace and ADDs it; a failure is returned, not thrown (the namespace stays). */
    Added add(String node, String network, String pod) {
        create(node, pod);
        return attach(node, network, pod);
    }

    /** Creates the pod's namespace (lo up), as a runtime does before it calls CNI. */
    void create(String node, String pod) {
        try (NetNs created = NetNs.create(netns(node, pod)); Netlink nl = Netlink.open(created)) {
            nl.links().setUp(nl.links().require("lo").index());
        }
    }

    /** ADDs a pod whose namespace exists; a failure is returned, not thrown. */
    Added attach(String node, String network, String pod) {
        String ns = netns(node, pod);
        long t0 = System.nanoTime();
        try {
            Result r = inNode(node, (rt, list) -> rt.add(list, conf(ns, pod)), network);
            return new Added(node, pod, ns, Optional.of(r.ips().getFirst().address().address().toString()), Optional.empty(),
                    (System.nanoTime() - t0) / 1e6);
        } catch (RuntimeException e) {
            return new Added(node, pod, ns, Optional.empty(), Optional.of(String.valueOf(e.getMessage())),
                    (System.nanoTime() - t0) / 1e6);
        }
    }

    /** DEL, as a kubelet tears down a pod (also after a failed ADD); its failure is returned. */
    Optional<String> del(String node, String network, String pod) {
        try {
            inNode(node, (rt, list) -> {
                rt.del(list, conf(netns(node, pod), pod));
                return null;
            }, network);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    void dropNamespace(String node, String pod) {
        NetNs.delete(netns(node, pod));
    }

    private interface CniCall<T> {
        T call(CniRuntime runtime, NetworkConfigList list);
    }

    private <T> T inNode(String node, CniCall<T> call, String network) {
        Path dir = lab.layout.nodeDir(node);
        NetworkConfigList list = new ConfigLoader(dir.resolve("net.d")).load(network);
        ProcessExec exec = new ProcessExec().withEnv(Map.of("WEFT_CNI_SOCKET", Lab.cniSocket(lab.layout, node).toString()));
        CniRuntime rt = new CniRuntime(exec, List.of(lab.layout.dir().resolve("bin")), dir.resolve("cni-cache-ipam"));
        try (NetNs ns = NetNs.named(lab.layout.nodeNs(node))) {
            return ns.run(() -> call.call(rt, list));
        }
    }

    private static RuntimeConf conf(String netns, String pod) {
        return new RuntimeConf(ContainerId.of(netns), NetNs.RUN_NETNS.resolve(netns).toString(), InterfaceName.of("eth0"),
                CniArgs.parse("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=" + pod), Map.of());
    }

    /** {@code weft ARGS --datastore STORE} inside {@code netns} (one that reaches the lab's etcd). */
    Proc.Result weft(String netns, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--datastore", lab.state().datastore()));
        return WeftCli.run(netns, Map.of(), a.toArray(String[]::new));
    }

    /** One allocation as {@code weft ipam show --addresses} lists it. */
    record Allocated(String ip, String pool, String node, String attachment, String pod, boolean recorded) {
    }

    /**
     * Every allocation of an attachment in the datastore (read in the fabric); addresses nodes hold
     * as reservations ahead of need ({@code (reserved)}) are no attachment's and left out.
     */
    List<Allocated> allocations() {
        Proc.Result r = weft(lab.layout.fabricNs(), "ipam", "show", "--addresses");
        if (r.exit() != 0) {
            throw new IllegalStateException("weft ipam show failed: " + r.err());
        }
        List<Allocated> out = new ArrayList<>();
        boolean listing = false;
        for (String line : r.out().lines().toList()) {
            if (line.startsWith("ADDRESS")) {
                listing = true;
            } else if (listing && !line.isBlank()) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("(reserved)")) {
                    continue;
                }
                out.add(new Allocated(f[0], f[1], f[2], f[3], f[4], f[5].equals("yes")));
            }
        }
        return out;
    }

    /** How {@code show --addresses} names a pod's attachment: its container ID (the namespace's name) and eth0. */
    static String attachment(String netns) {
        return netns + ":eth0";
    }
}
