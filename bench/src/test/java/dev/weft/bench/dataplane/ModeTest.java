package dev.weft.bench.dataplane;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModeTest {

    @Test
    void parseList_alwaysLeadsWithTheUnderlay() {
        assertThat(Mode.parseList("all")).containsExactly(Mode.values());
        assertThat(Mode.parseList("vxlan, bridge-same-node")).containsExactly(Mode.UNDERLAY, Mode.BRIDGE_SAME_NODE, Mode.VXLAN);
        assertThat(Mode.parseList("underlay")).containsExactly(Mode.UNDERLAY);
        assertThatThrownBy(() -> Mode.parseList("vxlan,ipvlan")).hasMessageContaining("\"ipvlan\"").hasMessageContaining("host-gw");
    }

    @Test
    void goals_andBackends() {
        assertThat(Mode.MACVLAN.goal()).hasValue(0.9);
        assertThat(Mode.HOST_GW.goal()).hasValue(0.8);
        assertThat(Mode.VXLAN.goal()).hasValue(0.75);
        assertThat(Mode.UNDERLAY.goal()).isEmpty();
        assertThat(Mode.VXLAN.backend()).isEqualTo("vxlan");
        assertThat(Testbed.layout(Mode.HOST_GW.backend()).name()).isEqualTo("dphostgw");
    }

    @Test
    void order_rotatesSoEveryModeTakesEveryPosition() {
        List<Mode> all = List.of(Mode.values());
        assertThat(DataplaneBench.order(all, 0)).containsExactlyElementsOf(all);
        assertThat(DataplaneBench.order(all, 1)).startsWith(Mode.BRIDGE_SAME_NODE).endsWith(Mode.UNDERLAY);
        assertThat(DataplaneBench.order(all, all.size())).containsExactlyElementsOf(all);
    }

    @Test
    void options_rejectNonsense() {
        java.nio.file.Path out = java.nio.file.Path.of("x");
        assertThatThrownBy(() -> new DataplaneBench.Options(0, 1, out, List.of(Mode.UNDERLAY))).hasMessageContaining("--seconds");
        assertThatThrownBy(() -> new DataplaneBench.Options(1, 0, out, List.of(Mode.UNDERLAY))).hasMessageContaining("--repeats");
        assertThatThrownBy(() -> new DataplaneBench.Options(1, 1, out, List.of(Mode.VXLAN))).hasMessageContaining("underlay");
    }
}
