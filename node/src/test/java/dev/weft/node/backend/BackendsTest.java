package dev.weft.node.backend;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backends are found through the service registry, by the name the cluster configuration gives. */
class BackendsTest {
    @Test
    void theBuiltInBackendsAreRegistered() {
        assertThat(Backends.all()).containsKeys("host-gw", "vxlan");
        assertThat(Backends.named("vxlan")).isInstanceOf(VxlanBackendFactory.class);
        assertThat(Backends.named("host-gw")).isInstanceOf(HostGwBackendFactory.class);
    }

    @Test
    void anUnknownBackendNamesTheOnesThereAre() {
        assertThatThrownBy(() -> Backends.named("ipip"))
                .hasMessageContaining("\"ipip\"").hasMessageContaining("host-gw").hasMessageContaining("vxlan");
    }
}
