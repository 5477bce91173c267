package dev.weft.cni.config;

import dev.weft.cni.CniVersion;
import dev.weft.cni.TestJson;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.ResultCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class InvocationTest {
    static final List<String> ALL_CAPS = List.of("portMappings", "ipRanges", "bandwidth", "dns", "ips", "mac",
            "aliases", "deviceID", "cgroupPath");

    /** What a runtime supplies for each well-known capability (CONVENTIONS.md shapes). */
    static Map<String, JsonNode> allCapabilityArgs() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        m.put("portMappings", TestJson.anyTree("[{'hostPort':8080,'containerPort':80,'protocol':'tcp'}]"));
        m.put("ipRanges", TestJson.anyTree("[[{'subnet':'10.9.0.0/24'}]]"));
        m.put("bandwidth", TestJson.anyTree("{'ingressRate':2048,'ingressBurst':1600,'egressRate':4096,'egressBurst':1600}"));
        m.put("dns", TestJson.anyTree("{'servers':['10.9.0.53'],'searches':['svc.example'],'options':['ndots:5']}"));
        m.put("ips", TestJson.anyTree("['10.9.0.7/24']"));
        m.put("mac", TestJson.anyTree("'c2:11:22:33:44:55'"));
        m.put("aliases", TestJson.anyTree("['web','primary-web']"));
        m.put("deviceID", TestJson.anyTree("'0000:04:00.5'"));
        m.put("cgroupPath", TestJson.anyTree("'/kubepods.slice/pod-1234.slice'"));
        return m;
    }

    static NetworkConfigList list(String version, String pluginsJson) {
        return NetworkConfigList.parseList(TestJson.bytes("{'cniVersion':'" + version + "','name':'blue-net','plugins':"
                + pluginsJson + "}"), "test");
    }

    @Test
    void injectsNameAndCniVersionAndKeepsPluginKeys() {
        NetworkConfigList l = list("1.0.0", "[{'type':'bridge','bridge':'cni0','isGateway':true,"
                + "'ipam':{'type':'host-local','subnet':'10.1.0.0/16'},'name':'stale','cniVersion':'0.3.0'}]");
        ObjectNode stdin = Invocation.stdin(l, l.plugins().get(0), Optional.empty(), allCapabilityArgs());
        assertThat(stdin).isEqualTo(TestJson.tree("{'type':'bridge','bridge':'cni0','isGateway':true,"
                + "'ipam':{'type':'host-local','subnet':'10.1.0.0/16'},'name':'blue-net','cniVersion':'1.0.0'}"));
        // the plugin's own JSON is not modified
        assertThat(l.plugins().get(0).raw().get("name").stringValue()).isEqualTo("stale");
    }

    @Test
    void runtimeConfigHoldsOnlyDeclaredTrueAndSuppliedCapabilities() {
        NetworkConfigList l = list("1.1.0", "[{'type':'portmap','snat':true,'capabilities':{'portMappings':true,"
                + "'bandwidth':true,'mac':false,'ips':true}}]");
        Map<String, JsonNode> args = new LinkedHashMap<>();
        args.put("portMappings", allCapabilityArgs().get("portMappings"));
        args.put("mac", allCapabilityArgs().get("mac"));          // declared false
        args.put("dns", allCapabilityArgs().get("dns"));          // not declared
        args.put("bandwidth", allCapabilityArgs().get("bandwidth"));
        // ips declared but not supplied
        ObjectNode stdin = Invocation.stdin(l, l.plugins().get(0), Optional.empty(), args);

        assertThat(stdin).isEqualTo(TestJson.tree("{'type':'portmap','snat':true,'capabilities':{'portMappings':true,"
                + "'bandwidth':true,'mac':false,'ips':true},'name':'blue-net','cniVersion':'1.1.0',"
                + "'runtimeConfig':{'portMappings':[{'hostPort':8080,'containerPort':80,'protocol':'tcp'}],"
                + "'bandwidth':{'ingressRate':2048,'ingressBurst':1600,'egressRate':4096,'egressBurst':1600}}}"));
    }

    @Test
    void everyWellKnownCapabilityIsPassedWhenDeclaredAndSupplied() {
        StringBuilder caps = new StringBuilder();
        ALL_CAPS.forEach(c -> caps.append(caps.isEmpty() ? "" : ",").append("'").append(c).append("':true"));
        NetworkConfigList l = list("1.1.0", "[{'type':'all','capabilities':{" + caps + "}}]");
        ObjectNode stdin = Invocation.stdin(l, l.plugins().get(0), Optional.empty(), allCapabilityArgs());

        ObjectNode expectedRc = TestJson.tree("{}");
        allCapabilityArgs().forEach(expectedRc::set);
        assertThat(stdin.get("runtimeConfig")).isEqualTo(expectedRc);
        assertThat(stdin.get("runtimeConfig").properties()).hasSize(9);
        // and the plugin side reads back what the runtime sent
        RuntimeConfig rc = RuntimeConfig.parse(stdin);
        assertThat(rc.portMappings()).hasSize(1);
        assertThat(rc.ipRanges()).hasSize(1);
        assertThat(rc.bandwidth()).isPresent();
        assertThat(rc.dns()).isPresent();
        assertThat(rc.ips()).hasSize(1);
        assertThat(rc.mac()).isPresent();
        assertThat(rc.aliases()).containsExactly("web", "primary-web");
        assertThat(rc.deviceId()).contains("0000:04:00.5");
        assertThat(rc.cgroupPath()).contains("/kubepods.slice/pod-1234.slice");
    }

    @Test
    void noRuntimeConfigKeyWhenNoCapabilityApplies() {
        NetworkConfigList l = list("1.1.0", "[{'type':'bridge'},{'type':'tuning','capabilities':{'mac':true}},"
                + "{'type':'portmap','capabilities':{'portMappings':false},'runtimeConfig':{'portMappings':[]}}]");
        for (PluginConfig p : l.plugins().subList(0, 2)) {
            ObjectNode stdin = Invocation.stdin(l, p, Optional.empty(), Map.of("portMappings",
                    allCapabilityArgs().get("portMappings")));
            assertThat(stdin.has("runtimeConfig")).as(p.type()).isFalse();
        }
        // As in libcni, a runtimeConfig written in the file stays when no capability applies.
        ObjectNode portmap = Invocation.stdin(l, l.plugins().get(2), Optional.empty(), Map.of("portMappings",
                allCapabilityArgs().get("portMappings")));
        assertThat(portmap.path("runtimeConfig")).isEqualTo(TestJson.tree("{'portMappings':[]}"));
        ObjectNode none = Invocation.stdin(l, l.plugins().get(1), Optional.empty(), Map.of());
        assertThat(none).isEqualTo(TestJson.tree("{'type':'tuning','capabilities':{'mac':true},'name':'blue-net',"
                + "'cniVersion':'1.1.0'}"));
    }

    @Test
    void prevResultIsConvertedToTheListsVersion() {
        Result prev = ResultCodec.decode(TestJson.resource("results/result-1.1.0.json"));
        NetworkConfigList l = list("0.4.0", "[{'type':'bridge'},{'type':'portmap','capabilities':"
                + "{'portMappings':true},'snat':false}]");
        ObjectNode stdin = Invocation.stdin(l, l.plugins().get(1), Optional.of(prev),
                Map.of("portMappings", allCapabilityArgs().get("portMappings")));

        ObjectNode expected = TestJson.tree("{'type':'portmap','capabilities':{'portMappings':true},'snat':false,"
                + "'name':'blue-net','cniVersion':'0.4.0',"
                + "'runtimeConfig':{'portMappings':[{'hostPort':8080,'containerPort':80,'protocol':'tcp'}]}}");
        expected.set("prevResult", TestJson.resourceTree("results/expected-1.1.0-to-0.4.0.json"));
        assertThat(stdin).isEqualTo(expected);
        assertThat(stdin.get("prevResult").get("ips").get(1).get("version").stringValue()).isEqualTo("6");
        assertThat(stdin.get("prevResult").get("interfaces").get(0).has("mtu")).isFalse();
    }

    @Test
    void prevResultOfAnOlderVersionIsRaisedToTheListsVersion() {
        Result prev = ResultCodec.decode(TestJson.resource("results/result-0.3.1.json"));
        NetworkConfigList l = list("1.0.0", "[{'type':'tuning'}]");
        ObjectNode stdin = Invocation.stdin(l, l.plugins().get(0), Optional.of(prev), Map.of());
        assertThat(stdin.get("prevResult")).isEqualTo(TestJson.resourceTree("results/expected-0.3.1-to-1.0.0.json"));
    }

    @Test
    void prevResultOnDelFrom040() {
        assertThat(Invocation.passesPrevResultOnDel(CniVersion.V0_3_1)).isFalse();
        assertThat(Invocation.passesPrevResultOnDel(CniVersion.V0_4_0)).isTrue();
        assertThat(Invocation.passesPrevResultOnDel(CniVersion.V1_1_0)).isTrue();
    }
}
