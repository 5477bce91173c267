package dev.weft.cni.result;

import dev.weft.cni.CniException;
import dev.weft.cni.TestJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionInfoTest {

    @Test
    void decodesAReferencePluginsAnswer() {
        VersionInfo v = VersionInfo.decode(TestJson.bytes(
                "{'cniVersion':'1.0.0','supportedVersions':['0.1.0','0.2.0','0.3.0','0.3.1','0.4.0','1.0.0']}"));
        assertThat(v.cniVersion()).isEqualTo("1.0.0");
        assertThat(v.supportedVersions()).containsExactly("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0");
        assertThat(v.supports("0.4.0")).isTrue();
        assertThat(v.supports("1.1.0")).isFalse();
        assertThat(v.encode()).isEqualTo(TestJson.tree(
                "{'cniVersion':'1.0.0','supportedVersions':['0.1.0','0.2.0','0.3.0','0.3.1','0.4.0','1.0.0']}"));
    }

    @Test
    void keepsVersionsWeftDoesNotKnow() {
        VersionInfo v = VersionInfo.decode(TestJson.bytes("{'cniVersion':'1.1.0','supportedVersions':['1.1.0','1.2.0']}"));
        assertThat(v.supportedVersions()).containsExactly("1.1.0", "1.2.0");
    }

    @Test
    void answerWithoutFieldsMeans010() {
        VersionInfo v = VersionInfo.decode(TestJson.bytes("{}"));
        assertThat(v).isEqualTo(new VersionInfo("0.1.0", List.of("0.1.0")));
    }

    @Test
    void weftsOwnAnswer() {
        assertThat(VersionInfo.weft().encode()).isEqualTo(TestJson.tree(
                "{'cniVersion':'1.1.0','supportedVersions':['0.3.0','0.3.1','0.4.0','1.0.0','1.1.0']}"));
    }

    @Test
    void malformedAnswersAreCode6() {
        assertThatThrownBy(() -> VersionInfo.decode(TestJson.bytes("{'cniVersion':'1.0.0','supportedVersions':'1.0.0'}")))
                .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.code()).isEqualTo(6))
                .hasMessageContaining("supportedVersions");
        assertThatThrownBy(() -> VersionInfo.decode(TestJson.bytes("not json")))
                .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.code()).isEqualTo(6));
    }
}
