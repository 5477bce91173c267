package dev.weft.cni.result;

import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.TestJson;
import dev.weft.cni.json.Json;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Conversions between every pair of rich result versions, against Go's reference behaviour
 * (containernetworking/cni pkg/types/040 and 100).
 */
class ResultConversionTest {
    static final List<String> VERSIONS = List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");

    static Stream<Arguments> allPairs() {
        List<Arguments> out = new ArrayList<>();
        for (String from : VERSIONS) {
            for (String to : VERSIONS) {
                out.add(Arguments.of(from, to));
            }
        }
        return out.stream();
    }

    static ObjectNode fixture(String version) {
        return TestJson.resourceTree("results/result-" + version + ".json");
    }

    static boolean below1(String version) {
        return !CniVersion.parse(version).atLeast(CniVersion.V1_0_0);
    }

    /**
     * The expected document for {@code doc} converted to {@code target}, by the reference's rules:
     * below 1.0.0 every ip gets "version" by family and interfaces lose mtu/socketPath/pciID; from
     * 1.0.0 ips have no "version"; routes and dns pass through; cniVersion is the target.
     */
    static ObjectNode expected(ObjectNode doc, String target) {
        ObjectNode out = doc.deepCopy();
        out.put("cniVersion", target);
        for (JsonNode ip : out.path("ips")) {
            ObjectNode o = (ObjectNode) ip;
            if (below1(target)) {
                o.put("version", o.get("address").stringValue().contains(":") ? "6" : "4");
            } else {
                o.remove("version");
            }
        }
        if (below1(target)) {
            for (JsonNode i : out.path("interfaces")) {
                ((ObjectNode) i).remove(List.of("mtu", "socketPath", "pciID"));
            }
        }
        return out;
    }

    static ObjectNode convert(ObjectNode doc, String target) {
        Result r = ResultCodec.decode(doc.deepCopy());
        Result converted = r.asVersion(CniVersion.parse(target));
        assertThat(converted.version().text()).isEqualTo(target);
        return ResultCodec.encode(converted);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allPairs")
    void convertsEveryPairAsTheReferenceDoes(String from, String to) {
        ObjectNode source = fixture(from);
        ObjectNode actual = convert(source, to);

        assertThat(actual).isEqualTo(expected(source, to));
        // explicit spot checks so that a bug shared by the rule above and the codec still shows
        assertThat(actual.get("cniVersion").stringValue()).isEqualTo(to);
        List<String> families = new ArrayList<>();
        actual.get("ips").forEach(ip -> families.add(ip.path("version").isMissingNode() ? null
                : ip.get("version").stringValue()));
        if (below1(to)) {
            assertThat(families).startsWith("4", "6");
        } else {
            assertThat(families).containsOnlyNulls();
        }
        assertThat(actual.get("routes")).isEqualTo(source.get("routes"));
        assertThat(actual.get("dns")).isEqualTo(source.get("dns"));
        assertThat(actual.get("interfaces")).hasSize(source.get("interfaces").size());
    }

    @ParameterizedTest(name = "{0} -> {1} -> {0}")
    @MethodSource("allPairs")
    void whatIsDroppedStaysDroppedOnTheWayBack(String from, String via) {
        ObjectNode source = fixture(from);
        ObjectNode back = convert(convert(source, via), from);

        assertThat(back).isEqualTo(expected(expected(source, via), from));
        boolean lossy = from.equals("1.1.0") && below1(via);
        if (lossy) {
            assertThat(back).isNotEqualTo(source);
            for (JsonNode i : back.get("interfaces")) {
                assertThat(i.has("mtu") || i.has("socketPath") || i.has("pciID")).isFalse();
            }
            assertThat(back.get("routes")).isEqualTo(source.get("routes"));
        } else {
            assertThat(back).isEqualTo(source);
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void decodeThenEncodeIsIdentityInTheFixturesOwnVersion(String version) {
        ObjectNode source = fixture(version);
        Result r = ResultCodec.decode(TestJson.resource("results/result-" + version + ".json"));
        assertThat(r.version().text()).isEqualTo(version);
        assertThat(ResultCodec.encode(r)).isEqualTo(source);
        assertThat(Json.mapper().readTree(ResultCodec.encodeBytes(r))).isEqualTo(source);
    }

    static Stream<String> versions() {
        return VERSIONS.stream();
    }

    @Test
    void handWritten_1_1_0_to_0_4_0() {
        ObjectNode actual = convert(fixture("1.1.0"), "0.4.0");
        assertThat(actual).isEqualTo(TestJson.resourceTree("results/expected-1.1.0-to-0.4.0.json"));
    }

    @Test
    void handWritten_0_3_1_to_1_0_0() {
        ObjectNode actual = convert(fixture("0.3.1"), "1.0.0");
        assertThat(actual).isEqualTo(TestJson.resourceTree("results/expected-0.3.1-to-1.0.0.json"));
    }

    @Test
    void handWritten_1_1_0_to_1_0_0_loses_nothing() {
        ObjectNode source = fixture("1.1.0");
        ObjectNode expected = source.deepCopy();
        expected.put("cniVersion", "1.0.0");
        assertThat(convert(source, "1.0.0")).isEqualTo(expected);
        assertThat(convert(convert(source, "1.0.0"), "1.1.0")).isEqualTo(source);
    }

    @Test
    void handWritten_1_1_0_via_0_3_0_back_to_1_1_0() {
        ObjectNode back = convert(convert(fixture("1.1.0"), "0.3.0"), "1.1.0");
        ObjectNode expected = TestJson.resourceTree("results/expected-1.1.0-to-0.4.0.json");
        expected.put("cniVersion", "1.1.0");
        expected.get("ips").forEach(ip -> ((ObjectNode) ip).remove("version"));
        assertThat(back).isEqualTo(expected);
        assertThat(back.get("interfaces").get(3)).isEqualTo(TestJson.tree(
                "{'name':'net1','mac':'0a:58:c0:a8:32:07','sandbox':'/var/run/netns/blue'}"));
    }

    @ParameterizedTest
    @EnumSource(value = CniVersion.class, names = {"V0_1_0", "V0_2_0"})
    void conversionToIp4Ip6FormatFailsWithCode1(CniVersion target) {
        Result r = ResultCodec.decode(fixture("1.1.0"));
        assertThatThrownBy(() -> r.asVersion(target))
                .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessageContaining(target.text());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void emptyDnsIsOmittedAndEmptyListsToo(String version) {
        Result r = new Result(CniVersion.parse(version), List.of(Interface.of("eth0", null, "/var/run/netns/x")),
                List.of(new IpConfig(InterfaceAddress.parse("10.2.0.9/24"), null, 0)), List.of(), Dns.EMPTY);
        ObjectNode expected = below1(version)
                ? TestJson.tree("{'cniVersion':'" + version + "','interfaces':[{'name':'eth0','sandbox':'/var/run/netns/x'}],"
                        + "'ips':[{'version':'4','interface':0,'address':'10.2.0.9/24'}]}")
                : TestJson.tree("{'cniVersion':'" + version + "','interfaces':[{'name':'eth0','sandbox':'/var/run/netns/x'}],"
                        + "'ips':[{'interface':0,'address':'10.2.0.9/24'}]}");
        assertThat(ResultCodec.encode(r)).isEqualTo(expected);
        assertThat(ResultCodec.encode(Result.empty(CniVersion.parse(version))))
                .isEqualTo(TestJson.tree("{'cniVersion':'" + version + "'}"));
    }

    @Test
    void emptyDnsObjectInInputIsOmittedOnOutput() {
        ObjectNode in = TestJson.tree("{'cniVersion':'1.0.0','ips':[{'address':'10.0.0.2/8'}],'dns':{}}");
        assertThat(ResultCodec.encode(ResultCodec.decode(in)))
                .isEqualTo(TestJson.tree("{'cniVersion':'1.0.0','ips':[{'address':'10.0.0.2/8'}]}"));
    }

    @Test
    void fieldOrderFollowsGoStructOrder() {
        Result r = ResultCodec.decode(fixture("1.1.0")).asVersion(CniVersion.V0_4_0);
        String json = Json.compact(ResultCodec.encode(r));
        assertThat(json).startsWith("{\"cniVersion\":\"0.4.0\",\"interfaces\":[{\"name\":\"cni0\",\"mac\":");
        assertThat(json).contains("{\"version\":\"4\",\"interface\":2,\"address\":\"10.1.0.5/16\",\"gateway\":\"10.1.0.1\"}");
        assertThat(json).contains("{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.1.0.1\",\"mtu\":1400,\"advmss\":1360,\"priority\":100,\"scope\":0}");
        assertThat(json.indexOf("\"ips\"")).isLessThan(json.indexOf("\"routes\"")).isGreaterThan(json.indexOf("\"interfaces\""));
        assertThat(json.indexOf("\"routes\"")).isLessThan(json.indexOf("\"dns\""));
        String v11 = Json.compact(ResultCodec.encode(ResultCodec.decode(fixture("1.1.0"))));
        assertThat(v11).contains("{\"name\":\"eth0\",\"mac\":\"0a:58:0a:01:00:05\",\"mtu\":1450,\"sandbox\":\"/var/run/netns/blue\"}");
        assertThat(v11).contains("\"sandbox\":\"/var/run/netns/blue\",\"socketPath\":\"/var/run/vhost-user/blue-net1.sock\",\"pciID\":\"0000:3b:02.4\"}");
    }

    @Test
    void decodedModelHoldsTypedValues() {
        Result r = ResultCodec.decode(fixture("1.1.0"));
        assertThat(r.interfaces()).element(3).isEqualTo(new Interface("net1", "0a:58:c0:a8:32:07", null,
                "/var/run/netns/blue", "/var/run/vhost-user/blue-net1.sock", "0000:3b:02.4"));
        assertThat(r.ips().get(1)).isEqualTo(new IpConfig(InterfaceAddress.parse("2001:db8::5/64"),
                IpAddress.parse("2001:db8::1"), 2));
        assertThat(r.routes().get(0)).isEqualTo(new Route(Cidr.parse("0.0.0.0/0"), IpAddress.parse("10.1.0.1"),
                1400, 1360, 100, null, 0));
        assertThat(r.routes().get(3)).isEqualTo(new Route(Cidr.parse("192.168.60.0/24"),
                IpAddress.parse("192.168.50.1"), null, null, null, 150, 253));
        assertThat(r.dns()).isEqualTo(new Dns(List.of("10.1.0.10", "2001:db8::53"), "blue.svc.example",
                List.of("blue.svc.example", "svc.example"), List.of("ndots:2", "edns0")));
        assertThat(r.asVersion(CniVersion.V0_3_0).interfaces()).extracting(Interface::mtu).containsOnlyNulls();
        assertThat(r.asVersion(CniVersion.V0_3_0).interfaces()).extracting(Interface::pciId).containsOnlyNulls();
    }
}
