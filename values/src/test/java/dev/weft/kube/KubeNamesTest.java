package dev.weft.kube;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"default", "kube-system", "a", "0", "a-b-c1"})
    void namespaces(String s) {
        assertThat(KubeNames.requireNamespace(s, "ns")).isEqualTo(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", ".", "a/b", "../..", "Default", "a.b", "-a", "a-", "a_b", " a"})
    void notNamespaces(String s) {
        assertThatThrownBy(() -> KubeNames.requireNamespace(s, "K8S_POD_NAMESPACE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("K8S_POD_NAMESPACE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "web-1", "coredns-5d78c9869d-x2x8r", "a.b.c", "1"})
    void objectNames(String s) {
        assertThat(KubeNames.requireObjectName(s, "name")).isEqualTo(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a..b", ".a", "a.", "Web", "a_b", "a b"})
    void notObjectNames(String s) {
        assertThatThrownBy(() -> KubeNames.requireObjectName(s, "K8S_POD_NAME"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("K8S_POD_NAME");
    }

    @Test
    void lengthLimits() {
        assertThat(KubeNames.isDnsLabel("a".repeat(63))).isTrue();
        assertThat(KubeNames.isDnsLabel("a".repeat(64))).isFalse();
        assertThat(KubeNames.isDnsSubdomain("a".repeat(253))).isTrue();
        assertThat(KubeNames.isDnsSubdomain("a".repeat(254))).isFalse();
        assertThat(KubeNames.isDnsLabel(null)).isFalse();
    }
}
