package dev.weft.cnm.network;

import dev.weft.cnm.state.EndpointRecord;
import dev.weft.cnm.state.NetworkRecord;
import dev.weft.cni.CniException;
import dev.weft.cni.result.Interface;
import dev.weft.cni.result.Result;
import dev.weft.cnm.wire.CnmException;
import dev.weft.invoke.PluginExec;
import dev.weft.invoke.PluginRef;
import dev.weft.invoke.ProcessExec;
import dev.weft.net.InterfaceAddress;
import dev.weft.netlink.ns.NetNs;
import dev.weft.node.cni.InProcessExec;
import dev.weft.node.plugins.PluginCatalog;
import dev.weft.plugins.net.Kernel;
import dev.weft.plugins.net.Link;
import dev.weft.plugins.net.Namespace;
import dev.weft.plugins.net.NetlinkKernel;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;

/**
 * Endpoints made by weft-bridge, run in this JVM as the agent runs it for a CNI pod: the same
 * bridge, gateway address, hairpin and masquerade rules. libnetwork wants the device in the host
 * namespace (it moves it into the sandbox itself, which does not exist yet at CreateEndpoint), so
 * the ADD runs against a short-lived staging namespace; the container end is then moved back to
 * the host under its {@code srcName} (losing its addresses, which Docker sets again in the
 * sandbox from the endpoint's IPAM address) and the staging namespace is removed. The address
 * comes from Docker (its IPAM driver): weft-static hands it to weft-bridge.
 */
public final class BridgePlumbing implements Plumbing {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String STAGING_IF = "eth0";

    private final Kernel kernel;
    private final PluginExec exec;
    private final String nodeBridge;

    public BridgePlumbing(String nodeBridge) {
        this.kernel = new NetlinkKernel();
        this.exec = new InProcessExec(new ProcessExec(), new PluginCatalog(kernel));
        this.nodeBridge = nodeBridge;
    }

    @Override
    public Plumbed plug(NetworkRecord network, String endpointId, InterfaceAddress address) {
        String staging = stagingName(endpointId);
        NetNs.delete(staging); // a leftover of a driver killed mid-plug
        NetNs.create(staging).close();
        String path = NetNs.RUN_NETNS.resolve(staging).toString();
        try {
            Result r;
            try {
                r = exec.add(new PluginRef.InProcess("weft-bridge"), config(network, address), env("ADD", endpointId, path));
            } catch (CniException e) {
                throw CnmException.failed("weft-bridge: " + e.msg(), e);
            }
            String hostVeth = r.interfaces().stream().filter(i -> !i.inSandbox() && !i.name().equals(network.bridge()))
                    .map(Interface::name).findFirst().orElseThrow();
            String src = srcName(endpointId);
            try (Namespace host = kernel.current(); Namespace st = kernel.open(path)) {
                Link ctr = st.link(STAGING_IF).orElseThrow(() -> CnmException.failed("weft-bridge left no " + STAGING_IF));
                st.moveTo(ctr, host, src);
            } catch (RuntimeException e) {
                unplug(network, new EndpointRecord(endpointId, network.id(), address, src, hostVeth));
                throw e;
            }
            return new Plumbed(src, hostVeth);
        } finally {
            NetNs.delete(staging);
        }
    }

    @Override
    public void unplug(NetworkRecord network, EndpointRecord endpoint) {
        try {
            exec.call(new PluginRef.InProcess("weft-bridge"), config(network, endpoint.address()),
                    env("DEL", endpoint.id(), null));
        } catch (CniException e) {
            throw CnmException.failed("weft-bridge DEL: " + e.msg(), e);
        }
        try (Namespace host = kernel.current()) {
            for (String name : new String[] {endpoint.hostVeth(), endpoint.srcName()}) {
                host.link(name).ifPresent(host::delete); // a veth takes its peer with it
            }
        }
    }

    @Override
    public void removeNetwork(NetworkRecord network) {
        if (network.bridge().equals(nodeBridge)) {
            return; // the agent's bridge, shared with CNI pods
        }
        try (Namespace host = kernel.current()) {
            host.link(network.bridge()).filter(Link::isBridge).ifPresent(b -> {
                if (host.links().stream().noneMatch(l -> l.masterIndex() == b.index())) {
                    host.delete(b);
                }
            });
        }
    }

    /** weft-bridge's configuration, as the {@code weft} plugin's delegate, with weft-static for Docker's address. */
    static ObjectNode config(NetworkRecord n, InterfaceAddress address) {
        ObjectNode c = JSON.createObjectNode();
        c.put("cniVersion", "1.1.0");
        c.put("name", n.cniName());
        c.put("type", "weft-bridge");
        c.put("bridge", n.bridge());
        c.put("isDefaultGateway", true);
        c.put("hairpinMode", true);
        c.put("ipMasq", n.ipMasq());
        c.put("ipMasqNetwork", n.ipMasqNetwork().toString());
        if (n.mtu() > 0) {
            c.put("mtu", n.mtu());
        }
        ObjectNode ipam = c.putObject("ipam");
        ipam.put("type", "weft-static");
        ipam.putArray("addresses").addObject().put("address", address.toString()).put("gateway", n.gateway().toString());
        return c;
    }

    private static Map<String, String> env(String command, String endpointId, String netns) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", endpointId);
        env.put("CNI_IFNAME", STAGING_IF);
        env.put("CNI_PATH", "/opt/cni/bin"); // weft's plugins are found in-process whatever it says
        if (netns != null) {
            env.put("CNI_NETNS", netns);
        }
        return env;
    }

    static String stagingName(String endpointId) {
        return "weft-cnm-" + endpointId.substring(0, 12);
    }

    /** The device's name in the host until Docker moves it: 13 characters, unique per endpoint. */
    static String srcName(String endpointId) {
        return "wc" + endpointId.substring(0, 11);
    }
}
