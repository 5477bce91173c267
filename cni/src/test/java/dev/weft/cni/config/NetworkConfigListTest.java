package dev.weft.cni.config;

import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.TestJson;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class NetworkConfigListTest {

    static CniException cniError(ThrowingCallable call, int code) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(CniException.class);
        CniException e = (CniException) t;
        assertThat(e.code()).as("code of %s", e).isEqualTo(code);
        return e;
    }

    static NetworkConfigList list(String json) {
        return NetworkConfigList.parseList(TestJson.bytes(json), "test.conflist");
    }

    @Test
    void fullConflistPicksHighestKnownVersionFromCniVersions() {
        byte[] bytes = TestJson.resource("config/full-1.1.0.conflist");
        NetworkConfigList l = NetworkConfigList.parseList(bytes, "full-1.1.0.conflist");

        assertThat(l.name()).isEqualTo("blue-net");
        assertThat(l.cniVersion()).isEqualTo(CniVersion.V1_1_0);
        assertThat(l.cniVersions()).containsExactly("0.4.0", "1.0.0", "1.1.0", "9.0.0");
        assertThat(l.disableCheck()).isTrue();
        assertThat(l.disableGC()).isTrue();
        assertThat(l.loadOnlyInlinedPlugins()).isTrue();
        assertThat(l.plugins()).extracting(PluginConfig::type).containsExactly("bridge", "tuning", "portmap");
        assertThat(l.plugins().get(0).ipamType()).contains("host-local");
        assertThat(l.plugins().get(1).ipamType()).isEmpty();
        assertThat(l.plugins().get(1).capabilities()).isEqualTo(Map.of("mac", true, "deviceID", false));
        assertThat(l.plugins().get(1).hasCapability("mac")).isTrue();
        assertThat(l.plugins().get(1).hasCapability("deviceID")).isFalse();
        assertThat(l.plugins().get(2).hasCapability("portMappings")).isTrue();
        assertThat(l.plugins().get(0).capabilities()).isEmpty();
        ObjectNode doc = TestJson.resourceTree("config/full-1.1.0.conflist");
        assertThat(l.raw()).isEqualTo(doc);
        assertThat(l.plugins().get(1).raw()).isEqualTo(doc.get("plugins").get(1));
    }

    @Test
    void cniVersionsPicksHighestEvenWhenCniVersionSaysOtherwise() {
        NetworkConfigList l = list("{'cniVersion':'0.3.1','cniVersions':['1.0.0','0.4.0'],'name':'n',"
                + "'plugins':[{'type':'bridge'}]}");
        assertThat(l.cniVersion()).isEqualTo(CniVersion.V1_0_0);
    }

    @Test
    void cniVersionsWithOnlyUnknownVersionsFallsBackToCniVersion() {
        NetworkConfigList l = list("{'cniVersion':'0.4.0','cniVersions':['9.0.0','2.0.0'],'name':'n',"
                + "'plugins':[{'type':'bridge'}]}");
        assertThat(l.cniVersion()).isEqualTo(CniVersion.V0_4_0);
        assertThat(l.cniVersions()).containsExactly("9.0.0", "2.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "'true'"})
    void disableCheckAndDisableGcAcceptBooleanAndString(String value) {
        NetworkConfigList l = list("{'cniVersion':'1.1.0','name':'n','disableCheck':" + value
                + ",'disableGC':" + value + ",'plugins':[{'type':'bridge'}]}");
        assertThat(l.disableCheck()).isTrue();
        assertThat(l.disableGC()).isTrue();
        assertThat(l.loadOnlyInlinedPlugins()).isFalse();
    }

    @Test
    void flagsDefaultToFalseAndRejectOtherValues() {
        NetworkConfigList l = list("{'cniVersion':'1.1.0','name':'n','disableCheck':'false','plugins':[{'type':'x'}]}");
        assertThat(l.disableCheck()).isFalse();
        assertThat(l.disableGC()).isFalse();
        CniException e = cniError(() -> list("{'cniVersion':'1.1.0','name':'n','disableCheck':'yes',"
                + "'plugins':[{'type':'x'}]}"), 7);
        assertThat(e.msg()).contains("disableCheck");
    }

    @Test
    void loadOnlyInlinedPluginsIsRead() {
        assertThat(list("{'cniVersion':'1.1.0','name':'n','loadOnlyInlinedPlugins':true,'plugins':[{'type':'x'}]}")
                .loadOnlyInlinedPlugins()).isTrue();
        assertThat(list("{'cniVersion':'1.1.0','name':'n','loadOnlyInlinedPlugins':'true','plugins':[{'type':'x'}]}")
                .loadOnlyInlinedPlugins()).isTrue();
        // without inlined plugins there would be nothing to run
        CniException e = cniError(() -> list("{'cniVersion':'1.1.0','name':'n','loadOnlyInlinedPlugins':true}"), 7);
        assertThat(e.msg()).contains("plugins");
        // but a list may take its plugins from the directory when the flag is off
        assertThat(list("{'cniVersion':'1.1.0','name':'n'}").plugins()).isEmpty();
    }

    @Test
    void requirePluginsRejectsEmptyChain() {
        CniException e = cniError(() -> list("{'cniVersion':'1.1.0','name':'n'}").requirePlugins(), 7);
        assertThat(e.msg()).contains("plugins");
    }

    @Test
    void missingNameIsCode7NamingName() {
        CniException e = cniError(() -> list("{'cniVersion':'1.1.0','plugins':[{'type':'x'}]}"), 7);
        assertThat(e.msg()).contains("\"name\"");
        cniError(() -> list("{'cniVersion':'1.1.0','name':'','plugins':[{'type':'x'}]}"), 7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my/net", "-net", ".hidden", "a b", "net:1"})
    void badNameIsCode7(String name) {
        CniException e = cniError(() -> list("{'cniVersion':'1.1.0','name':'" + name + "','plugins':[{'type':'x'}]}"), 7);
        assertThat(e.msg()).contains("name").contains(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "my-net_1.0", "9net"})
    void goodNamesAreAccepted(String name) {
        assertThat(list("{'cniVersion':'1.1.0','name':'" + name + "','plugins':[{'type':'x'}]}").name()).isEqualTo(name);
    }

    @Test
    void pluginWithoutTypeIsCode7NamingTheIndexedField() {
        CniException e = cniError(() -> list("{'cniVersion':'1.1.0','name':'n','plugins':[{'type':'bridge'},"
                + "{'capabilities':{'mac':true}}]}"), 7);
        assertThat(e.msg()).contains("plugins[1].type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../bin/evil", "/usr/bin/bridge", "..", "."})
    void pluginTypeMustBeAPlainName(String type) {
        CniException e = cniError(() -> list("{'cniVersion':'1.1.0','name':'n','plugins':[{'type':'" + type + "'}]}"), 7);
        assertThat(e.msg()).contains("plugins[0].type");
    }

    @Test
    void pluginThatIsNotAnObjectIsCode7() {
        CniException e = cniError(() -> list("{'cniVersion':'1.1.0','name':'n','plugins':['bridge']}"), 7);
        assertThat(e.msg()).contains("plugins[0]");
    }

    @Test
    void nonBooleanCapabilityIsCode7() {
        CniException e = cniError(() -> list("{'cniVersion':'1.1.0','name':'n','plugins':[{'type':'portmap',"
                + "'capabilities':{'portMappings':'yes'}}]}"), 7);
        assertThat(e.msg()).contains("plugins[0].capabilities.portMappings");
    }

    @Test
    void unknownCniVersionIsCode1() {
        CniException e = cniError(() -> list("{'cniVersion':'0.9.0','name':'n','plugins':[{'type':'x'}]}"), 1);
        assertThat(e.msg()).contains("0.9.0");
    }

    @Test
    void preRichResultVersionIsCode1() {
        CniException e = cniError(() -> list("{'cniVersion':'0.2.0','name':'n','plugins':[{'type':'x'}]}"), 1);
        assertThat(e.msg()).contains("0.2.0");
        cniError(() -> NetworkConfigList.parseSingle(
                TestJson.bytes("{'cniVersion':'0.2.0','name':'n','type':'x'}"), "x.conf"), 1);
    }

    @Test
    void missingCniVersionIsCode7() {
        CniException e = cniError(() -> list("{'name':'n','plugins':[{'type':'x'}]}"), 7);
        assertThat(e.msg()).contains("cniVersion");
    }

    @Test
    void malformedJsonIsCode6() {
        cniError(() -> list("{'name':'n',"), 6);
        cniError(() -> NetworkConfigList.parseAny(TestJson.bytes("['n']"), "x"), 6);
    }

    @Test
    void singleConfIsWrappedIntoAListKeepingThePluginsRawJson() {
        byte[] bytes = TestJson.resource("config/single.conf");
        ObjectNode doc = TestJson.resourceTree("config/single.conf");
        NetworkConfigList l = NetworkConfigList.parseSingle(bytes, "single.conf");

        assertThat(l.name()).isEqualTo("green");
        assertThat(l.cniVersion()).isEqualTo(CniVersion.V0_4_0);
        assertThat(l.plugins()).hasSize(1);
        PluginConfig p = l.plugins().get(0);
        assertThat(p.type()).isEqualTo("macvlan");
        assertThat(p.ipamType()).contains("static");
        assertThat(p.capabilities()).isEqualTo(Map.of("ips", true));
        assertThat(p.raw()).isEqualTo(doc);
        ObjectNode expectedList = TestJson.tree("{'cniVersion':'0.4.0','name':'green'}");
        expectedList.putArray("plugins").add(doc.deepCopy());
        assertThat(l.raw()).isEqualTo(expectedList);
        assertThat(l.raw().get("plugins").get(0).get("ipam")).isEqualTo(TestJson.tree(
                "{'type':'static','addresses':[{'address':'192.0.2.10/24'}]}"));
        assertThat(l.raw().get("plugins").get(0)).isEqualTo(doc);

        NetworkConfigList any = NetworkConfigList.parseAny(bytes, "single.conf");
        assertThat(any.raw()).isEqualTo(l.raw());
        assertThat(any.plugins().get(0).raw()).isEqualTo(doc);
    }

    @Test
    void parseAnyDispatchesOnPlugins() {
        NetworkConfigList l = NetworkConfigList.parseAny(TestJson.resource("config/full-1.1.0.conflist"), "x");
        assertThat(l.plugins()).hasSize(3);
        CniException e = cniError(() -> NetworkConfigList.parseAny(
                TestJson.bytes("{'cniVersion':'1.0.0','name':'n'}"), "x.conf"), 7);
        assertThat(e.msg()).contains("type");
    }

    @Test
    void rawIsACopyNotTheCallersNode() {
        ObjectNode input = TestJson.tree("{'type':'x','k':1}");
        PluginConfig p = PluginConfig.parse(input, "plugins[0]");
        input.put("k", 2);
        assertThat(p.raw()).isEqualTo(TestJson.tree("{'type':'x','k':1}"));
    }

    @Test
    void withExtraPluginsAppendsToPluginsAndRaw() {
        NetworkConfigList l = list("{'cniVersion':'1.1.0','name':'n','plugins':[{'type':'bridge'}]}");
        PluginConfig extra = PluginConfig.parse(TestJson.tree("{'type':'firewall','backend':'nftables'}"), "x");
        NetworkConfigList more = l.withExtraPlugins(List.of(extra));
        assertThat(more.plugins()).extracting(PluginConfig::type).containsExactly("bridge", "firewall");
        assertThat(more.raw()).isEqualTo(TestJson.tree("{'cniVersion':'1.1.0','name':'n','plugins':"
                + "[{'type':'bridge'},{'type':'firewall','backend':'nftables'}]}"));
        assertThat(l.withExtraPlugins(List.of())).isSameAs(l);
        assertThat(l.plugins()).hasSize(1);
        assertThat(Optional.of(more.cniVersion())).contains(CniVersion.V1_1_0);
    }
}
