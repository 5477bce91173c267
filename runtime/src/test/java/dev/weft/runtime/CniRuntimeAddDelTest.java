package dev.weft.runtime;

import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.ContainerId;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.net.InterfaceName;
import dev.weft.cni.CniArgs;
import dev.weft.invoke.FakeExec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.weft.runtime.Fakes.calls;
import static dev.weft.runtime.Fakes.json;
import static dev.weft.runtime.Fakes.stdin;
import static dev.weft.runtime.Fakes.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CniRuntimeAddDelTest {
    @TempDir
    Path cache;

    static final String CHAIN = """
            {"cniVersion": "0.4.0", "name": "net1", "plugins": [
              {"type": "first", "capabilities": {"portMappings": true}, "bridge": "br9"},
              {"type": "second", "capabilities": {"bandwidth": true, "ips": false}},
              {"type": "third"}
            ]}""";

    static final List<Path> CNI_PATH = List.of(Path.of("/opt/cni/a"), Path.of("/opt/cni/b"));

    final FakeExec exec = new FakeExec()
            .register("first", Fakes.plugin(conf -> json("""
                    {"cniVersion": "1.0.0",
                     "interfaces": [{"name": "eth0", "mac": "0a:58:0a:01:00:05", "mtu": 1400, "sandbox": "/run/netns/ctr1"}],
                     "ips": [{"address": "10.1.0.5/24", "gateway": "10.1.0.1", "interface": 0}]}""")))
            .register("second", Fakes.plugin(conf -> {
                ObjectNode r = (ObjectNode) conf.get("prevResult").deepCopy();
                r.putArray("routes").addObject().put("dst", "0.0.0.0/0").put("gw", "10.1.0.1");
                return r;
            }))
            .register("third", Fakes.plugin(conf -> {
                ObjectNode r = (ObjectNode) conf.get("prevResult").deepCopy();
                r.putObject("dns").putArray("nameservers").add("10.96.0.10");
                return r;
            }));

    CniRuntime runtime;

    @org.junit.jupiter.api.BeforeEach
    void setUp() {
        runtime = new CniRuntime(exec, CNI_PATH, cache);
    }

    static RuntimeConf rt(String cid) {
        return new RuntimeConf(ContainerId.of(cid), "/run/netns/" + cid, InterfaceName.of("eth0"),
                CniArgs.parse("IgnoreUnknown=1;K8S_POD_NAME=web-0"),
                Map.of("portMappings", json("{\"m\": [{\"hostPort\": 8080, \"containerPort\": 80, \"protocol\": \"tcp\"}]}").get("m"),
                        "bandwidth", json("{\"ingressRate\": 1000, \"ingressBurst\": 2000}"),
                        "ips", json("{\"a\": [\"10.1.0.99/24\"]}").get("a"),
                        "mac", json("{\"m\": \"0a:58:00:00:00:01\"}").get("m")));
    }

    @Test
    void addRunsTheChainFeedingEachPluginThePreviousResult() {
        NetworkConfigList list = Fakes.list(CHAIN);
        Result result = runtime.add(list, rt("ctr1"));

        List<FakeExec.Call> adds = calls(exec, "ADD");
        assertThat(types(adds)).containsExactly("first", "second", "third");

        ObjectNode first = stdin(adds.get(0));
        assertThat(first.path("name").asString()).isEqualTo("net1");
        assertThat(first.path("cniVersion").asString()).isEqualTo("0.4.0");
        assertThat(first.path("bridge").asString()).isEqualTo("br9");
        assertThat(first.has("prevResult")).isFalse();
        assertThat(first.path("runtimeConfig")).isEqualTo(json("""
                {"portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}]}"""));

        ObjectNode second = stdin(adds.get(1));
        assertThat(second.path("name").asString()).isEqualTo("net1");
        assertThat(second.path("cniVersion").asString()).isEqualTo("0.4.0");
        // capability "ips" is declared false: not passed; "mac" is not declared at all: not passed
        assertThat(second.path("runtimeConfig")).isEqualTo(json("{\"bandwidth\": {\"ingressRate\": 1000, \"ingressBurst\": 2000}}"));
        // first's 1.0.0 result, converted to 0.4.0: ips carry "version", the interface loses mtu
        assertThat(second.path("prevResult")).isEqualTo(json("""
                {"cniVersion": "0.4.0",
                 "interfaces": [{"name": "eth0", "mac": "0a:58:0a:01:00:05", "sandbox": "/run/netns/ctr1"}],
                 "ips": [{"version": "4", "interface": 0, "address": "10.1.0.5/24", "gateway": "10.1.0.1"}]}"""));

        ObjectNode third = stdin(adds.get(2));
        assertThat(third.has("runtimeConfig")).isFalse();
        assertThat(third.path("prevResult").path("routes")).isEqualTo(json("{\"r\": [{\"dst\": \"0.0.0.0/0\", \"gw\": \"10.1.0.1\"}]}").get("r"));

        for (FakeExec.Call c : adds) {
            assertThat(c.env()).as(c.type()).isEqualTo(Map.of(
                    "CNI_COMMAND", "ADD",
                    "CNI_CONTAINERID", "ctr1",
                    "CNI_NETNS", "/run/netns/ctr1",
                    "CNI_IFNAME", "eth0",
                    "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=web-0",
                    "CNI_PATH", "/opt/cni/a:/opt/cni/b"));
        }

        // the last plugin's result is what ADD returns
        assertThat(result.version()).isEqualTo(CniVersion.V0_4_0);
        assertThat(result.ips()).hasSize(1);
        assertThat(result.ips().getFirst().address().toString()).isEqualTo("10.1.0.5/24");
        assertThat(result.routes()).hasSize(1);
        assertThat(result.dns().nameservers()).containsExactly("10.96.0.10");
        assertThat(runtime.cachedResult(list, rt("ctr1"))).contains(result);
    }

    @Test
    void cacheFileHasLibcniLayout() throws Exception {
        NetworkConfigList list = Fakes.list(CHAIN);
        runtime.add(list, rt("ctr1"));

        Path file = cache.resolve("results").resolve("net1-ctr1-eth0");
        assertThat(file).isRegularFile();
        try (var s = Files.list(cache.resolve("results"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("net1-ctr1-eth0");
        }
        ObjectNode rec = Json.parseObject(Files.readAllBytes(file), "cache");
        assertThat(rec.propertyNames()).containsExactlyInAnyOrder("kind", "containerId", "config", "ifName",
                "networkName", "netns", "cniArgs", "capabilityArgs", "result");
        assertThat(rec.path("kind").asString()).isEqualTo("cniCacheV1");
        assertThat(rec.path("containerId").asString()).isEqualTo("ctr1");
        assertThat(rec.path("ifName").asString()).isEqualTo("eth0");
        assertThat(rec.path("networkName").asString()).isEqualTo("net1");
        assertThat(rec.path("netns").asString()).isEqualTo("/run/netns/ctr1");
        assertThat(rec.path("cniArgs")).isEqualTo(json(
                "{\"a\": [[\"IgnoreUnknown\", \"1\"], [\"K8S_POD_NAME\", \"web-0\"]]}").get("a"));
        assertThat(rec.path("capabilityArgs").propertyNames())
                .containsExactlyInAnyOrder("portMappings", "bandwidth", "ips", "mac");
        assertThat(rec.path("capabilityArgs").path("mac").asString()).isEqualTo("0a:58:00:00:00:01");
        byte[] config = Base64.getDecoder().decode(rec.path("config").asString());
        assertThat(Json.parseObject(config, "config")).isEqualTo(json(CHAIN));
        assertThat(rec.path("result").path("cniVersion").asString()).isEqualTo("0.4.0");
        assertThat(rec.path("result").path("dns").path("nameservers").path(0).asString()).isEqualTo("10.96.0.10");
        assertThat(rec.path("result").path("ips").path(0).path("address").asString()).isEqualTo("10.1.0.5/24");
    }

    @Test
    void readsACacheRecordWrittenByGoLibcni() throws Exception {
        String listJson = """
                {"cniVersion":"1.0.0","name":"gonet","plugins":[{"type":"first"}]}""";
        // As Go's json.Marshal writes libcni's cachedInfo: []byte as padded base64, [][2]string pairs,
        // the 1.0.0 result with its always-present "dns": {}.
        String record = """
                {"kind":"cniCacheV1","containerId":"abc123","config":"%s","ifName":"eth1","networkName":"gonet",\
                "netns":"/var/run/netns/cni-1234","cniArgs":[["IgnoreUnknown","true"],["K8S_POD_NAMESPACE","default"]],\
                "capabilityArgs":{"portMappings":[{"containerPort":80,"hostPort":8080,"protocol":"tcp"}]},\
                "result":{"cniVersion":"1.0.0","interfaces":[{"name":"eth1","mac":"ee:aa:bb:cc:dd:ee","sandbox":"/var/run/netns/cni-1234"}],\
                "ips":[{"interface":0,"address":"10.22.0.7/16","gateway":"10.22.0.1"}],"routes":[{"dst":"0.0.0.0/0"}],"dns":{}}}"""
                .formatted(Base64.getEncoder().encodeToString(listJson.getBytes(StandardCharsets.UTF_8)));
        Files.createDirectories(cache.resolve("results"));
        Files.writeString(cache.resolve("results/gonet-abc123-eth1"), record);

        NetworkConfigList list = Fakes.list(listJson);
        Result r = runtime.cachedResult(list, RuntimeConf.of("abc123", "/var/run/netns/cni-1234", "eth1")).orElseThrow();
        assertThat(r.version()).isEqualTo(CniVersion.V1_0_0);
        assertThat(r.interfaces()).hasSize(1);
        assertThat(r.interfaces().getFirst().name()).isEqualTo("eth1");
        assertThat(r.interfaces().getFirst().mac()).isEqualTo("ee:aa:bb:cc:dd:ee");
        assertThat(r.ips().getFirst().address().toString()).isEqualTo("10.22.0.7/16");
        assertThat(r.ips().getFirst().gateway().toString()).isEqualTo("10.22.0.1");
        assertThat(r.ips().getFirst().interfaceIndex()).isZero();
        assertThat(r.routes().getFirst().dst().toString()).isEqualTo("0.0.0.0/0");
        assertThat(r.dns().isEmpty()).isTrue();

        var attachments = runtime.cachedAttachments("gonet");
        assertThat(attachments).hasSize(1);
        var a = attachments.getFirst();
        assertThat(a.containerId()).isEqualTo("abc123");
        assertThat(a.ifName()).isEqualTo("eth1");
        assertThat(a.netns()).isEqualTo("/var/run/netns/cni-1234");
        assertThat(a.cniArgs().toString()).isEqualTo("IgnoreUnknown=true;K8S_POD_NAMESPACE=default");
        assertThat(a.capabilityArgs().get("portMappings").path(0).path("hostPort").asInt()).isEqualTo(8080);
        assertThat(new String(a.config(), StandardCharsets.UTF_8)).isEqualTo(listJson);
        assertThat(runtime.cachedAttachments("other")).isEmpty();
    }

    @Test
    void delRunsInReverseWithTheCachedResultAndDropsTheCache() {
        NetworkConfigList list = Fakes.list(CHAIN);
        Result added = runtime.add(list, rt("ctr1"));
        Path file = cache.resolve("results/net1-ctr1-eth0");
        assertThat(file).exists();

        runtime.del(list, rt("ctr1"));
        List<FakeExec.Call> dels = calls(exec, "DEL");
        assertThat(types(dels)).containsExactly("third", "second", "first");
        for (FakeExec.Call c : dels) {
            ObjectNode in = stdin(c);
            assertThat(in.path("prevResult")).as(c.type()).isEqualTo(dev.weft.cni.result.ResultCodec.encode(added));
            assertThat(in.path("name").asString()).isEqualTo("net1");
            assertThat(c.env().get("CNI_COMMAND")).isEqualTo("DEL");
            assertThat(c.env().get("CNI_CONTAINERID")).isEqualTo("ctr1");
            assertThat(c.env().get("CNI_NETNS")).isEqualTo("/run/netns/ctr1");
            assertThat(c.env().get("CNI_IFNAME")).isEqualTo("eth0");
        }
        assertThat(stdin(dels.get(2)).path("runtimeConfig").path("portMappings").path(0).path("hostPort").asInt())
                .isEqualTo(8080);
        assertThat(file).doesNotExist();

        // a second DEL still succeeds, now without a prevResult
        runtime.del(list, rt("ctr1"));
        List<FakeExec.Call> again = calls(exec, "DEL").subList(3, 6);
        assertThat(types(again)).containsExactly("third", "second", "first");
        assertThat(again).allSatisfy(c -> assertThat(stdin(c).has("prevResult")).isFalse());
    }

    @Test
    void delOf031ListPassesNoPrevResult() {
        String v031 = CHAIN.replace("0.4.0", "0.3.1");
        NetworkConfigList list = Fakes.list(v031);
        runtime.add(list, rt("ctr1"));
        assertThat(cache.resolve("results/net1-ctr1-eth0")).exists();

        runtime.del(list, rt("ctr1"));
        List<FakeExec.Call> dels = calls(exec, "DEL");
        assertThat(types(dels)).containsExactly("third", "second", "first");
        assertThat(dels).allSatisfy(c -> assertThat(stdin(c).has("prevResult")).isFalse());
        assertThat(cache.resolve("results/net1-ctr1-eth0")).doesNotExist();
    }

    @Test
    void failingAddIsReportedWithPluginNameAndNotCached() {
        exec.register("second", call -> {
            throw new CniException(dev.weft.cni.CniErrorCode.TRY_AGAIN_LATER, "busy");
        });
        assertThatThrownBy(() -> runtime.add(Fakes.list(CHAIN), rt("ctr1")))
                .isInstanceOfSatisfying(CniException.class, e -> {
                    assertThat(e.code()).isEqualTo(11);
                    assertThat(e.msg()).contains("\"second\"").contains("ADD").contains("busy");
                });
        assertThat(types(calls(exec, "ADD"))).containsExactly("first", "second");
        assertThat(cache.resolve("results/net1-ctr1-eth0")).doesNotExist();
    }

}
