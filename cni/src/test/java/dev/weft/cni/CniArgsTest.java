package dev.weft.cni;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CniArgsTest {
    @Test
    void parsesOrderedPairsAndPrintsThemBack() {
        CniArgs a = CniArgs.parse("IgnoreUnknown=1;K8S_POD_NAME=web-0;K8S_POD_NAMESPACE=default");
        assertThat(a.pairs()).containsExactly(Map.entry("IgnoreUnknown", "1"), Map.entry("K8S_POD_NAME", "web-0"),
                Map.entry("K8S_POD_NAMESPACE", "default"));
        assertThat(a.toString()).isEqualTo("IgnoreUnknown=1;K8S_POD_NAME=web-0;K8S_POD_NAMESPACE=default");
        assertThat(a.get("K8S_POD_NAME")).contains("web-0");
        assertThat(a.get("missing")).isEmpty();
    }

    @Test
    void valuesMayBeEmptyOrContainEquals() {
        CniArgs a = CniArgs.parse("A=;B=x=y;;");
        assertThat(a.pairs()).containsExactly(Map.entry("A", ""), Map.entry("B", "x=y"));
        assertThat(a.toString()).isEqualTo("A=;B=x=y");
    }

    @Test
    void lastValueOfARepeatedKeyWins() {
        assertThat(CniArgs.parse("K=1;K=2").get("K")).contains("2");
    }

    @Test
    void emptyAndNullAreEmpty() {
        assertThat(CniArgs.parse(null)).isEqualTo(CniArgs.EMPTY);
        assertThat(CniArgs.parse("  ").pairs()).isEmpty();
        assertThat(CniArgs.EMPTY.toString()).isEmpty();
        assertThat(new CniArgs(List.of(Map.entry("X", "1"))).toString()).isEqualTo("X=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOEQUALS", "A=1;junk", "=value"})
    void entryWithoutKeyOrEqualsIsCode4(String text) {
        assertThatThrownBy(() -> CniArgs.parse(text)).isInstanceOfSatisfying(CniException.class, e -> {
            assertThat(e.code()).isEqualTo(4);
            assertThat(e.msg()).contains("CNI_ARGS");
        });
    }
}
