package dev.weft.cni;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "7b5e3a6d9e0f", "pod_1.web-0", "ABC-def_1.2"})
    void validIds(String id) {
        assertThat(ContainerId.of(id).value()).isEqualTo(id);
        assertThat(ContainerId.of(id).toString()).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-abc", "_abc", ".abc", "a/b", "../etc", "a b", "a:b", "caf\u00e9", "a\nb"})
    void invalidIdsAreCode4(String id) {
        assertThatThrownBy(() -> ContainerId.of(id))
                .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.code()).isEqualTo(4))
                .hasMessageContaining("CNI_CONTAINERID");
    }
}
