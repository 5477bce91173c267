package dev.weft.cni.result;

import dev.weft.cni.CniException;
import dev.weft.cni.TestJson;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultDecodeErrorTest {

    static CniException cniError(ThrowingCallable call, int code) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(CniException.class);
        CniException e = (CniException) t;
        assertThat(e.code()).as("code of %s", e).isEqualTo(code);
        return e;
    }

    @Test
    void missingCniVersionIsCode6NamingTheField() {
        CniException e = cniError(() -> ResultCodec.decode(TestJson.bytes("{'ips':[{'address':'10.0.0.2/24'}]}")), 6);
        assertThat(e.msg()).contains("cniVersion");
    }

    @Test
    void unknownCniVersionIsCode1() {
        CniException e = cniError(() -> ResultCodec.decode(TestJson.tree("{'cniVersion':'9.9.9'}")), 1);
        assertThat(e.msg()).contains("9.9.9");
    }

    @Test
    void ip4Ip6FormatVersionsAreCode1() {
        cniError(() -> ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'0.2.0','ip4':{'ip':'10.0.0.2/24'}}")), 1);
        cniError(() -> ResultCodec.decode(TestJson.tree("{'cniVersion':'0.1.0'}")), 1);
    }

    @Test
    void badAddressIsCode6NamingTheIndexedField() {
        ObjectNode doc = TestJson.tree("{'cniVersion':'1.0.0','ips':[{'address':'10.0.0.3/24'},"
                + "{'address':'10.0.0.300/24'}]}");
        CniException e = cniError(() -> ResultCodec.decode(doc), 6);
        assertThat(e.msg()).contains("ips[1].address").contains("10.0.0.300");
    }

    @Test
    void addressWithoutPrefixIsCode6() {
        CniException e = cniError(() -> ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'1.1.0','ips':[{'address':'10.0.0.3'}]}")), 6);
        assertThat(e.msg()).contains("ips[0].address");
    }

    @Test
    void missingAddressIsCode6() {
        CniException e = cniError(() -> ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'1.1.0','ips':[{'gateway':'10.0.0.1'}]}")), 6);
        assertThat(e.msg()).contains("ips[0].address").contains("required");
    }

    @Test
    void pre1IpVersionMustMatchTheAddressFamily() {
        CniException e = cniError(() -> ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'0.4.0','ips':[{'version':'6','address':'10.0.0.3/24'}]}")), 6);
        assertThat(e.msg()).contains("ips[0].version");
        cniError(() -> ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'0.3.1','ips':[{'version':'4','address':'2001:db8::3/64'}]}")), 6);
        // the same document is fine once the family is right
        assertThat(ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'0.4.0','ips':[{'version':'4','address':'10.0.0.3/24'}]}")).ips()).hasSize(1);
    }

    @Test
    void interfaceIndexOutOfRangeIsCode6() {
        ObjectNode doc = TestJson.tree("{'cniVersion':'1.0.0','interfaces':[{'name':'eth0'}],"
                + "'ips':[{'interface':1,'address':'10.0.0.3/24'}]}");
        CniException e = cniError(() -> ResultCodec.decode(doc), 6);
        assertThat(e.msg()).contains("interface").contains("1");
    }

    @Test
    void negativeInterfaceIndexIsCode6() {
        ObjectNode doc = TestJson.tree("{'cniVersion':'1.0.0','interfaces':[{'name':'eth0'}],"
                + "'ips':[{'interface':-1,'address':'10.0.0.3/24'}]}");
        CniException e = cniError(() -> ResultCodec.decode(doc), 6);
        assertThat(e.msg()).contains("ips[0]");
    }

    @Test
    void gatewayOfTheWrongFamilyIsCode6() {
        CniException e = cniError(() -> ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'1.0.0','ips':[{'address':'10.0.0.3/24','gateway':'2001:db8::1'}]}")), 6);
        assertThat(e.msg()).contains("ips[0].gateway");
        CniException r = cniError(() -> ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'1.1.0','routes':[{'dst':'0.0.0.0/0'},{'dst':'::/0','gw':'10.0.0.1'}]}")), 6);
        assertThat(r.msg()).contains("routes[1].gw");
    }

    @Test
    void malformedJsonIsCode6() {
        cniError(() -> ResultCodec.decode("{\"cniVersion\": \"1.0.0\", \"ips\": [".getBytes(StandardCharsets.UTF_8)), 6);
        cniError(() -> ResultCodec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)), 6);
        cniError(() -> ResultCodec.decode(new byte[0]), 6);
    }

    @Test
    void wrongTypesAreCode6() {
        CniException e = cniError(() -> ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'1.0.0','interfaces':[{'name':'eth0','mtu':'1500'}]}")), 6);
        assertThat(e.msg()).contains("interfaces[0].mtu");
        CniException n = cniError(() -> ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'1.0.0','interfaces':[{'mac':'00:11:22:33:44:55'}]}")), 6);
        assertThat(n.msg()).contains("interfaces[0].name");
        CniException d = cniError(() -> ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'1.0.0','dns':{'nameservers':'10.0.0.53'}}")), 6);
        assertThat(d.msg()).contains("dns.nameservers");
    }

    @Test
    void pre1IpWithoutVersionTakesTheAddressFamilyAsGoDoes() {
        var r = ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'0.4.0','ips':[{'address':'10.0.0.3/24'},{'address':'fd00::3/64'}]}"));
        assertThat(ResultCodec.encode(r).path("ips").path(0).path("version").asString()).isEqualTo("4");
        assertThat(ResultCodec.encode(r).path("ips").path(1).path("version").asString()).isEqualTo("6");
    }

    @Test
    void negativeInterfaceIndexNamesTheField() {
        assertThatThrownBy(() -> ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'1.0.0','ips':[{'address':'10.0.0.3/24','interface':-1}]}")))
                .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.code()).isEqualTo(6))
                .hasMessageContaining("ips[0].interface");
    }

    @Test
    void pre1ResultsLoseTheInterfaceFieldsTheirVersionLacks() {
        var r = ResultCodec.decode(TestJson.tree(
                "{'cniVersion':'0.4.0','interfaces':[{'name':'eth0','mtu':1400,'pciID':'0000:01:00.1'}]}"));
        assertThat(r.interfaces().getFirst().mtu()).isNull();
        assertThat(r.interfaces().getFirst().pciId()).isNull();
    }
}
