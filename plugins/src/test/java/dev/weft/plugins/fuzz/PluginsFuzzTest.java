package dev.weft.plugins.fuzz;

import dev.weft.cni.fuzz.JsonFuzz;
import dev.weft.cni.json.Json;
import dev.weft.invoke.FakeExec;
import dev.weft.io.FileTrees;
import dev.weft.nft.FakeNft;
import dev.weft.nft.MacSpoofCheck;
import dev.weft.nft.Masquerade;
import dev.weft.plugins.FakeIpam;
import dev.weft.plugins.bridge.BridgeConfig;
import dev.weft.plugins.bridge.BridgePlugin;
import dev.weft.plugins.hostdevice.HostDeviceConfig;
import dev.weft.plugins.hostdevice.HostDevicePlugin;
import dev.weft.plugins.loopback.LoopbackPlugin;
import dev.weft.plugins.macvlan.MacvlanConfig;
import dev.weft.plugins.macvlan.MacvlanPlugin;
import dev.weft.plugins.meta.WeftConfig;
import dev.weft.plugins.meta.WeftPlugin;
import dev.weft.plugins.net.FakeKernel;
import dev.weft.plugins.ptp.PtpConfig;
import dev.weft.plugins.ptp.PtpPlugin;
import dev.weft.sdk.Dispatcher;
import dev.weft.sdk.IpamDelegate;
import dev.weft.sdk.Plugin;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static dev.weft.cni.fuzz.JsonFuzz.onlyCniErrors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every main plugin's configuration, mutated: its config record parses or throws a CniException,
 * and ADD, DEL, CHECK, GC and STATUS through the Dispatcher, on an in-memory kernel with a fake
 * IPAM, end in exit 0 or an error other than 999. The {@code weft} plugin's paths are pinned to a
 * temp directory after mutation (its delegate is a fake), so the fuzzer writes nowhere else; the
 * parse-level property fuzzes them too.
 */
class PluginsFuzzTest {
    private static final Path DIR = tempDir();
    private static final String NS = "/run/netns/c1";
    private static final String PREV = """
            "prevResult": {"cniVersion": "1.1.0",
              "interfaces": [{"name": "wbr0"}, {"name": "veth1"}, {"name": "eth0", "sandbox": "/run/netns/c1"}],
              "ips": [{"address": "10.22.0.2/24", "gateway": "10.22.0.1", "interface": 2}],
              "routes": [{"dst": "0.0.0.0/0"}]}""";
    static final Map<String, ObjectNode> TEMPLATES = Map.of(
            "weft-bridge", conf("""
                    "type": "weft-bridge", "bridge": "wbr0", "isGateway": true, "isDefaultGateway": true,
                    "forceAddress": false, "ipMasq": true, "ipMasqNetwork": "10.0.0.0/8", "mtu": 1400,
                    "hairpinMode": true, "promiscMode": true, "vlan": 0, "macspoofchk": true,
                    "ipam": {"type": "fake-ipam"}, "cni.dev/valid-attachments": [{"containerID": "c1", "ifname": "eth0"}],
                    """ + PREV),
            "weft-ptp", conf("\"type\": \"weft-ptp\", \"ipMasq\": true, \"mtu\": 1400, \"ipam\": {\"type\": \"fake-ipam\"}, "
                    + PREV),
            "weft-macvlan", conf("""
                    "type": "weft-macvlan", "master": "eth9", "mode": "bridge", "mtu": 1400, "linkInContainer": false,
                    "ipam": {"type": "fake-ipam"}, """ + PREV),
            "weft-host-device", conf("\"type\": \"weft-host-device\", \"device\": \"eth8\", \"ipam\": {\"type\": \"fake-ipam\"}, "
                    + PREV),
            "weft-loopback", conf("\"type\": \"weft-loopback\""),
            "weft", conf("""
                    "type": "weft", "subnetFile": "/run/weft/subnet.env", "dataDir": "/var/lib/cni/weft",
                    "ipamDataDir": "/var/lib/cni/networks", "delegate": {"hairpinMode": false, "ipam": {"type": "x"}},
                    """ + PREV));

    private static final String DELEGATE_RESULT = "{\"cniVersion\": \"1.1.0\", \"interfaces\": [{\"name\": \"weft0\"}, "
            + "{\"name\": \"veth1\"}], \"ips\": [{\"address\": \"10.244.7.2/24\"}]}";

    private static ObjectNode conf(String body) {
        return Json.parseObject("{\"cniVersion\": \"1.1.0\", \"name\": \"net\", " + body + "}", "template");
    }

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("weft-plugins-fuzz");
            Files.writeString(d.resolve("subnet.env"),
                    "WEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.7.1/24\nWEFT_MTU=1450\nWEFT_IPMASQ=true\n");
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void removeDir() throws IOException {
        FileTrees.delete(DIR);
    }

    /** A fresh in-memory world per try: container namespace, host devices eth9 and eth8, fake IPAM and nft. */
    private static Plugin plugin(String type) {
        FakeKernel kernel = new FakeKernel();
        kernel.addNamespace(NS);
        kernel.ns("").addDevice("eth9", "");
        kernel.ns("").addDevice("eth8", "");
        IpamDelegate ipam = new IpamDelegate(new FakeIpam().exec);
        FakeNft nft = new FakeNft();
        return switch (type) {
            case "weft-bridge" -> new BridgePlugin(kernel, ipam, new Masquerade(nft, DIR.resolve("masq.lock")),
                    new MacSpoofCheck(nft, DIR.resolve("spoof.lock")));
            case "weft-ptp" -> new PtpPlugin(kernel, ipam, new Masquerade(nft, DIR.resolve("masq.lock")));
            case "weft-macvlan" -> new MacvlanPlugin(kernel, ipam);
            case "weft-host-device" -> new HostDevicePlugin(kernel, ipam, DIR.resolve("sys"));
            case "weft-loopback" -> new LoopbackPlugin(kernel);
            case "weft" -> new WeftPlugin(new FakeExec().register("weft-bridge", call -> call.command().equals("ADD")
                    ? DELEGATE_RESULT.getBytes(StandardCharsets.UTF_8) : new byte[0]));
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** Mutated configurations of any plugin, with the plugin's type kept beside them. */
    record Case(String type, ObjectNode doc) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(List.copyOf(TEMPLATES.keySet()))
                .flatMap(type -> JsonFuzz.mutationsOf(TEMPLATES.get(type)).map(doc -> new Case(type, doc)));
    }

    @Provide
    Arbitrary<String> commands() {
        return Arbitraries.of("ADD", "DEL", "CHECK", "GC", "STATUS");
    }

    @Provide
    Arbitrary<String> cniArgs() {
        return Arbitraries.oneOf(Arbitraries.just("K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;IgnoreUnknown=1"),
                JsonFuzz.strings().map(s -> "K8S_POD_NAMESPACE=" + s + ";K8S_POD_NAME=web"),
                JsonFuzz.strings().map(s -> "K8S_POD_NAMESPACE=default;K8S_POD_NAME=" + s), JsonFuzz.strings());
    }

    static final Map<String, Function<ObjectNode, Object>> PARSERS = Map.of(
            "weft-bridge", BridgeConfig::parse,
            "weft-ptp", PtpConfig::parse,
            "weft-macvlan", MacvlanConfig::parse,
            "weft-host-device", doc -> HostDeviceConfig.parse(doc, Optional.ofNullable(doc.path("runtimeConfig")
                    .path("deviceID").asString(null))),
            "weft-loopback", doc -> doc,
            "weft", WeftConfig::parse);

    static final ObjectNode IPAM_RESULT = Json.parseObject("""
            {"cniVersion": "1.1.0",
             "ips": [{"address": "10.22.0.2/24", "gateway": "10.22.0.1"}, {"address": "fd22::2/64"}],
             "routes": [{"dst": "192.0.2.0/24"}, {"dst": "0.0.0.0/0", "gw": "10.22.0.1"}],
             "dns": {"nameservers": ["10.22.0.53"]}}""", "ipam result");

    @Provide
    Arbitrary<ObjectNode> ipamResults() {
        return JsonFuzz.mutationsOf(IPAM_RESULT);
    }

    @Provide
    Arbitrary<String> ipamUsers() {
        return Arbitraries.of("weft-bridge", "weft-ptp", "weft-macvlan", "weft-host-device");
    }

    /** What the IPAM plugin prints is outside input too: a plugin's ADD on any IPAM result never gives 999. */
    @Property(tries = 1000)
    void anyIpamResultNeverGivesCode999(@ForAll("ipamUsers") String type, @ForAll("ipamResults") ObjectNode result) {
        byte[] stdout = Json.bytes(result);
        FakeExec ipamExec = new FakeExec().register("fake-ipam", call -> call.command().equals("ADD") ? stdout : new byte[0]);
        FakeKernel kernel = new FakeKernel();
        kernel.addNamespace(NS);
        kernel.ns("").addDevice("eth9", "");
        kernel.ns("").addDevice("eth8", "");
        IpamDelegate ipam = new IpamDelegate(ipamExec);
        FakeNft nft = new FakeNft();
        Plugin plugin = switch (type) {
            case "weft-bridge" -> new BridgePlugin(kernel, ipam, new Masquerade(nft, DIR.resolve("masq.lock")),
                    new MacSpoofCheck(nft, DIR.resolve("spoof.lock")));
            case "weft-ptp" -> new PtpPlugin(kernel, ipam, new Masquerade(nft, DIR.resolve("masq.lock")));
            case "weft-macvlan" -> new MacvlanPlugin(kernel, ipam);
            default -> new HostDevicePlugin(kernel, ipam, DIR.resolve("sys"));
        };
        ObjectNode conf = TEMPLATES.get(type).deepCopy();
        conf.remove("prevResult");
        JsonFuzz.count(type + " " + dispatch(plugin, "ADD", "", conf));
    }

    /** IPAM results built from random addresses, gateways and routes (valid JSON, any values). */
    @Provide
    Arbitrary<ObjectNode> builtIpamResults() {
        // mostly a gateway of the address's family (or none), so that most results get past decoding
        Arbitrary<ObjectNode> ip = Arbitraries.of(true, false).flatMap(v4 -> Combinators.combine(JsonFuzz.cidrs(v4),
                Arbitraries.oneOf(v4 ? JsonFuzz.ipv4s() : JsonFuzz.ipv6s(), JsonFuzz.ips()).injectNull(0.4))
                .as((a, gw) -> {
                    ObjectNode o = Json.object().put("address", a);
                    return gw == null ? o : o.put("gateway", gw);
                }));
        Arbitrary<ObjectNode> route = Combinators.combine(JsonFuzz.cidrs(), JsonFuzz.ips().injectNull(0.5))
                .as((d, gw) -> {
                    ObjectNode o = Json.object().put("dst", d);
                    return gw == null ? o : o.put("gw", gw);
                });
        return Combinators.combine(ip.list().ofMinSize(1).ofMaxSize(3), route.list().ofMaxSize(3)).as((ips, routes) -> {
            ObjectNode r = Json.object().put("cniVersion", "1.1.0");
            ips.forEach(r.putArray("ips")::add);
            routes.forEach(r.putArray("routes")::add);
            return r;
        });
    }

    @Property(tries = 1000)
    void anyAddressFromIpamNeverGivesCode999(@ForAll("ipamUsers") String type,
                                             @ForAll("builtIpamResults") ObjectNode result) {
        anyIpamResultNeverGivesCode999(type, result);
    }

    /** subnet.env is the agent's, read by the weft plugin on every ADD: any content is code 7 at worst. */
    @Property(tries = 500)
    void anySubnetEnvNeverGivesCode999(@ForAll("subnetEnvs") String content) throws IOException {
        Path file = DIR.resolve("fuzz-subnet.env");
        Files.writeString(file, content);
        ObjectNode conf = TEMPLATES.get("weft").deepCopy();
        conf.put("subnetFile", file.toString());
        conf.put("dataDir", DIR.resolve("weft").toString());
        conf.put("ipamDataDir", DIR.resolve("ipam").toString());
        JsonFuzz.count(dispatch(plugin("weft"), "ADD", "", conf));
    }

    /** A valid subnet.env with one or two of its lines replaced (by a random value or any line), or extra lines. */
    @Provide
    Arbitrary<String> subnetEnvs() {
        Arbitrary<String> line = Arbitraries.oneOf(
                JsonFuzz.cidrs().map(v -> "WEFT_NETWORK=" + v), JsonFuzz.cidrs().map(v -> "WEFT_SUBNET=" + v),
                JsonFuzz.strings().map(v -> "WEFT_NETWORK=" + v), JsonFuzz.strings().map(v -> "WEFT_SUBNET=" + v),
                JsonFuzz.strings().map(v -> "WEFT_MTU=" + v), JsonFuzz.strings().map(v -> "WEFT_IPMASQ=" + v),
                Arbitraries.of("WEFT_MTU=-5", "WEFT_MTU=99999999999", "WEFT_MTU=65536"), JsonFuzz.strings());
        List<String> valid = List.of("WEFT_NETWORK=10.244.0.0/16", "WEFT_SUBNET=10.244.7.1/24", "WEFT_MTU=1450",
                "WEFT_IPMASQ=true");
        return Combinators.combine(Arbitraries.integers().between(0, 3).list().ofMaxSize(2), line.list().ofSize(2),
                line.list().ofMaxSize(2)).as((at, replacements, extra) -> {
                    List<String> lines = new java.util.ArrayList<>(valid);
                    for (int i = 0; i < at.size(); i++) {
                        lines.set(at.get(i), replacements.get(i));
                    }
                    lines.addAll(extra);
                    return String.join("\n", lines);
                });
    }

    /** Runs one call; the outcome for the statistics, after checking that an error is not 999. */
    private static String dispatch(Plugin plugin, String command, String args, ObjectNode conf) {
        Map<String, String> env = Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "c1", "CNI_NETNS", NS,
                "CNI_IFNAME", "eth0", "CNI_ARGS", args, "CNI_PATH", "/opt/cni/bin");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Dispatcher(plugin).run(env, Json.bytes(conf), out, new ByteArrayOutputStream());
        String text = out.toString(StandardCharsets.UTF_8);
        if (exit == 0) {
            return "ok";
        }
        JsonNode err = Json.mapper().readTree(text);
        assertThat(err.path("code").asInt()).as(command + ": " + text).isPositive().isNotEqualTo(999);
        return "code " + err.path("code").asInt();
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE) // uniform over the plugins
    void configRecordsParseOrFailWithACniError(@ForAll("cases") Case c) {
        JsonFuzz.count(c.type() + " " + onlyCniErrors(() -> PARSERS.get(c.type()).apply(c.doc())));
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE) // uniform over the plugins
    void pluginsThroughTheDispatcherNeverGiveCode999(@ForAll("cases") Case c, @ForAll("commands") String command,
                                                     @ForAll("cniArgs") String args) {
        if (c.type().equals("weft")) {
            c.doc().put("subnetFile", DIR.resolve("subnet.env").toString());
            c.doc().put("dataDir", DIR.resolve("weft").toString());
            c.doc().put("ipamDataDir", DIR.resolve("ipam").toString());
        }
        JsonFuzz.count(c.type() + " " + command + " " + dispatch(plugin(c.type()), command, args, c.doc()));
    }
}
