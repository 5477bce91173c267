package dev.weft.doctor;

import dev.weft.net.IpAddress;
import dev.weft.nodestate.PodRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A Docker endpoint's rules are tagged with the bare endpoint ID its record prefixes, a CNI pod's with its own. */
class LeftoversOwnerTest {
    @Test
    void dockerRecordsOwnRulesByTheirEndpointId() {
        PodRecord docker = new PodRecord("dnet", "web", PodRecord.DOCKER_PREFIX + "a1b2c3d4e5f6", "eth0",
                List.of(IpAddress.parse("10.244.7.9")), Optional.empty());
        PodRecord pod = new PodRecord("default", "p1", "c0ffee", "eth0", List.of(IpAddress.parse("10.244.7.10")),
                Optional.empty());
        assertThat(Leftovers.ruleOwner(docker)).isEqualTo("a1b2c3d4e5f6");
        assertThat(Leftovers.ruleOwner(pod)).isEqualTo("c0ffee");
    }
}
