package dev.weft.ipam.fuzz;

import dev.weft.cni.CniArgs;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.fuzz.JsonFuzz;
import dev.weft.cni.json.Json;
import dev.weft.io.FileTrees;
import dev.weft.ipam.hostlocal.HostLocalConfig;
import dev.weft.ipam.hostlocal.HostLocalPlugin;
import dev.weft.ipam.staticip.StaticConfig;
import dev.weft.ipam.staticip.StaticPlugin;
import dev.weft.sdk.Dispatcher;
import dev.weft.sdk.Plugin;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.weft.cni.fuzz.JsonFuzz.onlyCniErrors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * host-local's and static's configuration (with {@code runtimeConfig}, {@code args} and
 * {@code CNI_ARGS IP}), mutated: parsing returns or throws a CniException, and a call through
 * the Dispatcher is exit 0 or an error other than 999. host-local's {@code dataDir} is pinned to
 * a temp directory after mutation, {@code resolvConf} dropped and an odd network name replaced,
 * so the fuzzer never writes elsewhere; the parse-level property fuzzes those fields too.
 */
class IpamFuzzTest {
    private static final Path DATA = tempDir();
    static final ObjectNode HOST_LOCAL = Json.parseObject("""
            {"cniVersion": "1.1.0", "name": "net1", "type": "bridge",
             "args": {"cni": {"ips": ["10.1.2.50"]}},
             "runtimeConfig": {"ips": ["10.1.2.51/24"]},
             "ipam": {"type": "weft-host-local", "dataDir": "/var/lib/cni/networks", "resolvConf": "/etc/resolv.conf",
                      "ranges": [[{"subnet": "10.1.2.0/24", "rangeStart": "10.1.2.10", "rangeEnd": "10.1.2.200",
                                   "gateway": "10.1.2.1"}], [{"subnet": "fd00::/120"}]],
                      "subnet": "10.9.0.0/24",
                      "routes": [{"dst": "0.0.0.0/0", "gw": "10.1.2.1"}, {"dst": "::/0"}]}}""", "host-local");
    static final ObjectNode STATIC = Json.parseObject("""
            {"cniVersion": "1.0.0", "name": "s", "type": "macvlan",
             "args": {"cni": {"ips": ["10.10.0.9/24"]}},
             "runtimeConfig": {"ips": ["10.10.0.8/24"]},
             "ipam": {"type": "weft-static",
                      "addresses": [{"address": "10.10.0.1/24", "gateway": "10.10.0.254"}, {"address": "fd00::1/64"}],
                      "routes": [{"dst": "0.0.0.0/0"}],
                      "dns": {"nameservers": ["10.10.0.53"], "domain": "x", "search": ["x"], "options": ["ndots:1"]}}}
            """, "static");

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("weft-ipam-fuzz");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void removeData() throws IOException {
        FileTrees.delete(DATA);
    }

    @Provide
    Arbitrary<ObjectNode> hostLocal() {
        return JsonFuzz.mutationsOf(HOST_LOCAL);
    }

    @Provide
    Arbitrary<ObjectNode> statics() {
        return JsonFuzz.mutationsOf(STATIC);
    }

    @Provide
    Arbitrary<String> cniArgs() {
        return Arbitraries.oneOf(JsonFuzz.strings().map(s -> "IP=" + s), JsonFuzz.strings().map(s -> "GATEWAY=" + s),
                JsonFuzz.strings(), Arbitraries.just("IP=10.1.2.77;IgnoreUnknown=1"));
    }

    @Provide
    Arbitrary<String> commands() {
        return Arbitraries.of("ADD", "DEL", "CHECK", "GC", "STATUS");
    }

    @Property(tries = 1000)
    void hostLocalConfigurationParsesOrFailsWithACniError(@ForAll("hostLocal") ObjectNode doc,
                                                          @ForAll("cniArgs") String args) {
        JsonFuzz.count(onlyCniErrors(() -> HostLocalConfig.parse(doc, RuntimeConfig.parse(doc), CniArgs.parse(args))));
    }

    @Property(tries = 1000)
    void staticConfigurationParsesOrFailsWithACniError(@ForAll("statics") ObjectNode doc, @ForAll("cniArgs") String args) {
        JsonFuzz.count(onlyCniErrors(() -> StaticConfig.parse(doc, RuntimeConfig.parse(doc), CniArgs.parse(args),
                doc.get("runtimeConfig") instanceof ObjectNode o ? o : null)));
    }

    @Property(tries = 1000)
    void hostLocalThroughTheDispatcherNeverGivesCode999(@ForAll("hostLocal") ObjectNode doc,
                                                        @ForAll("commands") String command, @ForAll("cniArgs") String args) {
        if (doc.get("ipam") instanceof ObjectNode ipam) {
            ipam.put("dataDir", DATA.toString());
            ipam.remove("resolvConf");
        }
        if (!doc.path("name").isString() || !doc.path("name").asString().matches("[a-z0-9]{1,20}")) {
            doc.put("name", "net1"); // the name is a directory: a regression must not make the fuzzer write elsewhere
        }
        JsonFuzz.count(run(new HostLocalPlugin(), command, args, doc));
    }

    @Property(tries = 1000)
    void staticThroughTheDispatcherNeverGivesCode999(@ForAll("statics") ObjectNode doc, @ForAll("commands") String command,
                                                     @ForAll("cniArgs") String args) {
        JsonFuzz.count(run(new StaticPlugin(), command, args, doc));
    }

    static String run(Plugin plugin, String command, String args, ObjectNode doc) {
        Map<String, String> env = Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "c1", "CNI_NETNS", "/run/netns/c1",
                "CNI_IFNAME", "eth0", "CNI_ARGS", args, "CNI_PATH", "/opt/cni/bin");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Dispatcher(plugin).run(env, Json.bytes(doc), out, new ByteArrayOutputStream());
        String text = out.toString(StandardCharsets.UTF_8);
        if (exit == 0) {
            return "ok";
        }
        JsonNode err = Json.mapper().readTree(text);
        assertThat(err.path("code").asInt()).as(text).isPositive().isNotEqualTo(999);
        return "code " + err.path("code").asInt();
    }
}
