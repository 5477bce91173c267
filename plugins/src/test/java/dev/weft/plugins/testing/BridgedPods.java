package dev.weft.plugins.testing;

import dev.weft.cni.json.ErrorCodec;
import dev.weft.cni.json.Json;
import dev.weft.invoke.FakeExec;
import dev.weft.ipam.hostlocal.HostLocalPlugin;
import dev.weft.nft.MacSpoofCheck;
import dev.weft.nft.Masquerade;
import dev.weft.plugins.bridge.BridgePlugin;
import dev.weft.plugins.net.NetlinkKernel;
import dev.weft.plugins.net.NsHandle;
import dev.weft.sdk.Dispatcher;
import dev.weft.sdk.IpamDelegate;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Root-test fixture for the meta plugins: a throwaway "host" namespace (plugins are given it as
 * their host side, so nothing touches the namespace the test runs in) and pods attached to a
 * weft-bridge there (gateway 10.66.0.1/24 and fd66::1/64, host-local IPAM, run in-process), whose
 * results a chained plugin then receives as {@code prevResult}, as a runtime would pass them.
 */
public final class BridgedPods {
    public static final String NETWORK = "metanet";
    private final Netns netns;
    private final Path dir;
    public final String host;
    private final PluginHarness bridge;

    public BridgedPods(Netns netns, Path dir) {
        this.netns = netns;
        this.dir = dir;
        this.host = netns.create("wt-mh");
        String hostPath = Netns.path(host);
        var nft = NsHandle.nftFor(hostPath);
        this.bridge = new PluginHarness(new BridgePlugin(new NetlinkKernel(hostPath), hostLocal(),
                new Masquerade(nft, dir.resolve("masq.lock")), new MacSpoofCheck(nft, dir.resolve("spoof.lock"))));
    }

    public String hostPath() {
        return Netns.path(host);
    }

    /** A pod attached to the bridge {@code wtmb0}: its namespace name and weft-bridge's result. */
    public record Pod(String netns, String containerId, JsonNode result) {
        public String path() {
            return Netns.path(netns);
        }

        /** The pod's IPv4 address, without prefix. */
        public String ipv4() {
            return result.path("ips").path(0).path("address").asString().replaceAll("/.*", "");
        }

        /** The host-side veth weft-bridge made for it. */
        public String hostVeth() {
            return result.path("interfaces").path(1).path("name").asString();
        }
    }

    public Pod pod(String name) {
        return pod(name, 0);
    }

    /**
     * A pod on bridge {@code wtmbN} (network N: 10.66+N.0.0/24 and fd66:N::/64, gateway .1); a test
     * with two networks has pods on two bridges, as pods of two CNI networks on one host.
     */
    public Pod pod(String name, int network) {
        String ns = netns.create("wt-mp" + name);
        Outcome add = bridge.run("ADD", name, "eth0", bridgeConf(network), Map.of("CNI_NETNS", Netns.path(ns)));
        if (add.exit() != 0) {
            throw new IllegalStateException("weft-bridge ADD failed: " + add.out() + add.err());
        }
        return new Pod(ns, name, add.out());
    }

    public String bridgeConf(int network) {
        return """
                {"cniVersion": "1.0.0", "name": "%s", "type": "weft-bridge", "bridge": "wtmb%d", "isDefaultGateway": true,
                 "hairpinMode": true, "ipam": {"type": "weft-host-local", "dataDir": "%s",
                          "ranges": [[{"subnet": "10.%d.0.0/24"}], [{"subnet": "fd66:%d::/64"}]]}}
                """.formatted(network == 0 ? NETWORK : NETWORK + network, network, dir.resolve("ipam"), 66 + network, network);
    }

    /**
     * A chained plugin's stdin: {@code pluginConf} (a JSON object's members, without braces) plus
     * the pod's result as {@code prevResult} and, when given, {@code runtimeConfig}.
     */
    public static String chained(String type, String pluginConf, Pod pod, String runtimeConfig) {
        ObjectNode o = Json.parseObject("{\"cniVersion\": \"1.0.0\", \"name\": \"" + NETWORK + "\", \"type\": \"" + type
                + "\"" + (pluginConf.isBlank() ? "" : ", " + pluginConf) + "}", "test config");
        if (pod != null) {
            o.set("prevResult", pod.result());
        }
        if (runtimeConfig != null) {
            o.set("runtimeConfig", Json.parseObject(runtimeConfig, "runtimeConfig"));
        }
        return Json.compact(o);
    }

    /** Runs {@code plugin} for {@code pod} as a runtime would. */
    public static Outcome run(Plugin plugin, String command, Pod pod, String stdin) {
        return new PluginHarness(plugin).run(command, pod.containerId(), "eth0", stdin,
                Map.of("CNI_NETNS", pod.path()));
    }

    /**
     * A namespace "outside" the host, on a veth {@code wtup0} (host 192.0.2.1/24 and fd99::1/64,
     * outside 192.0.2.2 and fd99::2 on its {@code eth0}, routing the pod networks through the host),
     * with forwarding on in the host: where
     * traffic from other machines comes from.
     */
    public String outside() {
        String outside = netns.create("wt-mo");
        Proc.run("ip", "-n", host, "link", "add", "wtup0", "type", "veth", "peer", "name", "eth0", "netns", outside).check();
        Proc.run("ip", "-n", host, "addr", "add", "192.0.2.1/24", "dev", "wtup0").check();
        Proc.run("ip", "-n", host, "addr", "add", "fd99::1/64", "dev", "wtup0", "nodad").check();
        Proc.run("ip", "-n", host, "link", "set", "wtup0", "up").check();
        Proc.run("ip", "-n", outside, "addr", "add", "192.0.2.2/24", "dev", "eth0").check();
        Proc.run("ip", "-n", outside, "addr", "add", "fd99::2/64", "dev", "eth0", "nodad").check();
        Proc.run("ip", "-n", outside, "link", "set", "eth0", "up").check();
        Proc.run("ip", "-n", outside, "route", "add", "10.64.0.0/10", "via", "192.0.2.1").check();
        Proc.run("ip", "-n", outside, "-6", "route", "add", "fd66::/16", "via", "fd99::1").check();
        Proc.inNetns(host, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1").check();
        return outside;
    }

    /** Whether one ping from namespace {@code from} to {@code address} is answered. */
    public static boolean pings(String from, String address) {
        return Proc.inNetns(from, "ping", "-c", "1", "-W", "1", address).ok();
    }

    /** {@code ip -n HOST ARGS...}'s output (a test may use ip; product code may not). */
    public String ipHost(String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "ip";
        cmd[1] = "-n";
        cmd[2] = host;
        System.arraycopy(args, 0, cmd, 3, args.length);
        return Proc.run(cmd).out();
    }

    /** The host's nftables ruleset. */
    public String ruleset() {
        return Proc.inNetns(host, "nft", "list", "ruleset").out();
    }

    /** IPAM delegation to weft-host-local, run in-process (it only touches files). */
    private static IpamDelegate hostLocal() {
        FakeExec exec = new FakeExec().register("weft-host-local", call -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new Dispatcher(new HostLocalPlugin()).run(call.env(), call.stdin(), out, new ByteArrayOutputStream());
            byte[] bytes = out.toByteArray();
            var err = ErrorCodec.decode(bytes);
            if (err.isPresent()) {
                throw err.get();
            }
            return bytes;
        });
        return new IpamDelegate(exec);
    }
}
