package dev.weft.overlay.udp.bench;

import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link UdpOverlayBench} from Maven when asked ({@code -Dweft.bench.udp=true}, optionally
 * {@code -Dweft.bench.seconds=N -Dweft.bench.modes=vxlan,offload}); a measurement, not a test.
 */
@RequiresRoot
@EnabledIfSystemProperty(named = "weft.bench.udp", matches = "true")
class UdpOverlayBenchRootTest {
    @Test
    void measure() throws Exception {
        String modes = System.getProperty("weft.bench.modes", "vxlan,simple,batched,offload");
        String seconds = System.getProperty("weft.bench.seconds", "10");
        String[] args = (seconds + "," + modes).split(",");
        UdpOverlayBench.main(args);
    }
}
