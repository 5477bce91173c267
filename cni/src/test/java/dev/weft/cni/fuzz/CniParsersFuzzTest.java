package dev.weft.cni.fuzz;

import dev.weft.cni.CniArgs;
import dev.weft.cni.CniVersion;
import dev.weft.cni.config.Invocation;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.ResultCodec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static dev.weft.cni.fuzz.JsonFuzz.onlyCniErrors;

/**
 * The CNI layer's parsers of outside input, fuzzed: network configuration lists and single
 * configurations, results (a plugin's stdout, a prevResult), {@code runtimeConfig},
 * {@code CNI_ARGS}. Whatever the input, each returns or throws a {@code CniException} with a
 * spec code, never anything else (which the Dispatcher would report as 999).
 */
class CniParsersFuzzTest {
    static final ObjectNode CONFLIST = Json.parseObject("""
            {"cniVersion": "1.1.0", "cniVersions": ["1.0.0", "1.1.0"], "name": "net", "disableCheck": false,
             "plugins": [
               {"type": "weft-bridge", "bridge": "cni0", "isGateway": true, "capabilities": {"ips": true},
                "ipam": {"type": "weft-host-local", "ranges": [[{"subnet": "10.1.2.0/24", "gateway": "10.1.2.1"}]],
                         "routes": [{"dst": "0.0.0.0/0"}]}},
               {"type": "portmap", "capabilities": {"portMappings": true}}]}""", "conflist");
    static final ObjectNode CONF = Json.parseObject("""
            {"cniVersion": "0.4.0", "name": "net", "type": "weft-bridge", "ipam": {"type": "weft-static",
             "addresses": [{"address": "10.1.2.3/24"}]}}""", "conf");
    static final ObjectNode RESULT = Json.parseObject("""
            {"cniVersion": "1.1.0",
             "interfaces": [{"name": "cni0", "mac": "0a:58:0a:01:02:01"},
                            {"name": "eth0", "mac": "0a:58:0a:01:02:03", "mtu": 1500, "sandbox": "/run/netns/x"}],
             "ips": [{"address": "10.1.2.3/24", "gateway": "10.1.2.1", "interface": 1},
                     {"address": "fd00::3/64", "interface": 1}],
             "routes": [{"dst": "0.0.0.0/0", "gw": "10.1.2.1", "mtu": 1400, "table": 0, "scope": 0}],
             "dns": {"nameservers": ["10.1.2.53"], "domain": "example", "search": ["example"], "options": ["ndots:2"]}}
            """, "result");
    static final ObjectNode RESULT_040 = Json.parseObject("""
            {"cniVersion": "0.4.0", "interfaces": [{"name": "eth0", "sandbox": "/run/netns/x"}],
             "ips": [{"version": "4", "address": "10.1.2.3/24", "gateway": "10.1.2.1", "interface": 0}],
             "routes": [{"dst": "10.0.0.0/8"}]}""", "result");
    static final ObjectNode RUNTIME = Json.parseObject("""
            {"cniVersion": "1.1.0", "name": "net", "type": "x", "runtimeConfig": {
              "portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp", "hostIP": "127.0.0.1"}],
              "ipRanges": [[{"subnet": "10.9.0.0/16", "rangeStart": "10.9.0.10", "rangeEnd": "10.9.0.20",
                             "gateway": "10.9.0.1"}]],
              "bandwidth": {"ingressRate": 1000, "ingressBurst": 10, "egressRate": 1000, "egressBurst": 10},
              "dns": {"servers": ["10.0.0.53"], "searches": ["x"], "options": ["ndots:1"], "domain": "x"},
              "ips": ["10.9.0.5/16", "fd00::5"], "mac": "02:42:ac:11:00:02", "aliases": ["a"],
              "deviceID": "0000:3d:00.1", "cgroupPath": "/kubepods/x"}}""", "runtimeConfig");

    @Provide
    Arbitrary<ObjectNode> conflists() {
        return JsonFuzz.mutationsOf(CONFLIST);
    }

    @Provide
    Arbitrary<ObjectNode> confs() {
        return JsonFuzz.mutationsOf(CONF);
    }

    @Provide
    Arbitrary<ObjectNode> results() {
        return Arbitraries.oneOf(JsonFuzz.mutationsOf(RESULT), JsonFuzz.mutationsOf(RESULT_040));
    }

    @Provide
    Arbitrary<ObjectNode> runtimeConfigs() {
        return JsonFuzz.mutationsOf(RUNTIME);
    }

    @Provide
    Arbitrary<JsonNode> anyJson() {
        return JsonFuzz.values(3);
    }

    @Provide
    Arbitrary<String> cniArgs() {
        Arbitrary<String> pair = net.jqwik.api.Combinators.combine(JsonFuzz.strings(), JsonFuzz.strings())
                .as((k, v) -> k + "=" + v);
        return Arbitraries.oneOf(JsonFuzz.strings(), pair.list().ofMaxSize(4).map(l -> String.join(";", l)));
    }

    @Property(tries = 1000)
    void configurationListsParseOrFailWithACniError(@ForAll("conflists") ObjectNode doc) {
        byte[] bytes = Json.bytes(doc);
        JsonFuzz.count(onlyCniErrors(() -> NetworkConfigList.parseAny(bytes, "fuzz")));
        onlyCniErrors(() -> {
            NetworkConfigList list = NetworkConfigList.parseList(bytes, "fuzz");
            // what the runtime then builds for each plugin
            list.plugins().forEach(p -> Invocation.stdin(list, p, Optional.of(ResultCodec.decode(RESULT)),
                    Map.of("ips", doc.path("plugins").path(0).path("capabilities"), "portMappings", doc)));
        });
    }

    @Property(tries = 500)
    void singleConfigurationsParseOrFailWithACniError(@ForAll("confs") ObjectNode doc) {
        JsonFuzz.count(onlyCniErrors(() -> NetworkConfigList.parseSingle(Json.bytes(doc), "fuzz")));
    }

    @Property(tries = 500)
    void anyJsonOrBytesAsAConfiguration(@ForAll("anyJson") JsonNode doc, @ForAll byte[] bytes) {
        onlyCniErrors(() -> NetworkConfigList.parseAny(Json.bytes(doc), "fuzz"));
        onlyCniErrors(() -> NetworkConfigList.parseAny(bytes, "fuzz"));
        onlyCniErrors(() -> NetworkConfigList.parseAny(new String(bytes, StandardCharsets.ISO_8859_1)
                .getBytes(StandardCharsets.UTF_8), "fuzz"));
    }

    /** A result is a plugin's stdout and the next plugin's prevResult: decoded, then converted to every version. */
    @Property(tries = 1000)
    void resultsDecodeAndConvertOrFailWithACniError(@ForAll("results") ObjectNode doc) {
        JsonFuzz.count(onlyCniErrors(() -> {
            Result r = ResultCodec.decode(doc);
            for (CniVersion v : CniVersion.withResults()) {
                ResultCodec.encode(r.asVersion(v));
            }
        }));
        onlyCniErrors(() -> ResultCodec.decode(Json.bytes(doc)));
    }

    @Property(tries = 1000)
    void runtimeConfigParsesOrFailsWithACniError(@ForAll("runtimeConfigs") ObjectNode doc) {
        JsonFuzz.count(onlyCniErrors(() -> RuntimeConfig.parse(doc)));
    }

    @Property(tries = 1000)
    void cniArgsParseOrFailWithACniError(@ForAll("cniArgs") String text) {
        JsonFuzz.count(onlyCniErrors(() -> {
            CniArgs args = CniArgs.parse(text);
            args.get("IP");
            args.toString();
        }));
    }
}
