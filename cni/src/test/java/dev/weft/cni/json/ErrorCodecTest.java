package dev.weft.cni.json;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.TestJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorCodecTest {

    @Test
    void encodesCodeMsgDetailsAndCniVersion() {
        CniException e = new CniException(CniErrorCode.TRY_AGAIN_LATER, "address pool is locked",
                "host-local: lock held by pid 42", null);
        assertThat(ErrorCodec.encode(e, "1.1.0")).isEqualTo(TestJson.tree(
                "{'cniVersion':'1.1.0','code':11,'msg':'address pool is locked','details':'host-local: lock held by pid 42'}"));
    }

    @Test
    void encodeFieldOrderIsCniVersionCodeMsgDetails() {
        CniException e = new CniException(7, "bad", "worse", null);
        assertThat(Json.compact(ErrorCodec.encode(e, "0.4.0")))
                .isEqualTo("{\"cniVersion\":\"0.4.0\",\"code\":7,\"msg\":\"bad\",\"details\":\"worse\"}");
    }

    @Test
    void encodeOmitsAbsentVersionAndDetails() {
        CniException e = new CniException(CniErrorCode.UNKNOWN_CONTAINER, "no such container");
        assertThat(ErrorCodec.encode(e, null)).isEqualTo(TestJson.tree("{'code':3,'msg':'no such container'}"));
        assertThat(ErrorCodec.encode(e, "")).isEqualTo(TestJson.tree("{'code':3,'msg':'no such container'}"));
        CniException noMsg = new CniException(120, null, "", null);
        assertThat(ErrorCodec.encode(noMsg, "1.0.0")).isEqualTo(TestJson.tree("{'cniVersion':'1.0.0','code':120,'msg':''}"));
    }

    @Test
    void causeBecomesDetails() {
        CniException e = new CniException(CniErrorCode.IO_FAILURE, "cannot write cache",
                new java.io.IOException("disk full"));
        assertThat(ErrorCodec.encode(e, "1.1.0")).isEqualTo(TestJson.tree(
                "{'cniVersion':'1.1.0','code':5,'msg':'cannot write cache','details':'disk full'}"));
    }

    @Test
    void decodesAPluginsError() {
        Optional<CniException> d = ErrorCodec.decode(TestJson.bytes(
                "{'cniVersion':'1.0.0','code':107,'msg':'vlan id out of range','details':'4095 > 4094'}"));
        assertThat(d).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(107);
            assertThat(e.msg()).isEqualTo("vlan id out of range");
            assertThat(e.details()).isEqualTo("4095 > 4094");
            assertThat(e.wellKnown()).isEmpty();
        });
        Optional<CniException> known = ErrorCodec.decode(TestJson.bytes("{'code':50,'msg':'not ready'}"));
        assertThat(known).hasValueSatisfying(e -> {
            assertThat(e.wellKnown()).contains(CniErrorCode.PLUGIN_NOT_AVAILABLE);
            assertThat(e.details()).isNull();
        });
    }

    @Test
    void roundTrip() {
        CniException e = new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"name\" is required",
                "in /etc/cni/net.d/10-blue.conflist", null);
        CniException back = ErrorCodec.decode(Json.bytes(ErrorCodec.encode(e, "1.1.0"))).orElseThrow();
        assertThat(back.code()).isEqualTo(7);
        assertThat(back.msg()).isEqualTo(e.msg());
        assertThat(back.details()).isEqualTo(e.details());
        assertThat(ErrorCodec.encode(back, "1.1.0")).isEqualTo(ErrorCodec.encode(e, "1.1.0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'cniVersion':'1.0.0','interfaces':[{'name':'eth0'}]}",
            "{'cniVersion':'1.0.0','supportedVersions':['1.0.0']}",
            "{'code':0,'msg':'zero is not an error'}",
            "{'code':-3,'msg':'negative'}",
            "{'code':'7','msg':'string code'}",
            "[{'code':7}]",
            "'just a string'",
            "{'code':7,",
            ""})
    void nonErrorOutputDecodesToEmpty(String output) {
        assertThat(ErrorCodec.decode(output.replace('\'', '"').getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void codeMustBePositive() {
        assertThatThrownBy(() -> new CniException(0, "x", null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorTreeParsesAsJsonObject() {
        ObjectNode o = ErrorCodec.encode(new CniException(CniErrorCode.INTERNAL, "boom"), "1.1.0");
        assertThat(o.get("code").isInt()).isTrue();
        assertThat(o.get("code").intValue()).isEqualTo(999);
    }

    @org.junit.jupiter.api.Test
    void unpairedSurrogatesBecomeReplacementCharactersAndPairsStay() {
        org.assertj.core.api.Assertions.assertThat(ErrorCodec.wellFormed("a\uDFFFb\uD83D\uDE00c\uD83D")).isEqualTo("a\uFFFDb\uD83D\uDE00c\uFFFD");
        String plain = "no surrogates here";
        org.assertj.core.api.Assertions.assertThat(ErrorCodec.wellFormed(plain)).isSameAs(plain);
    }
}
