package dev.weft.e2e.lab;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The torture test's verifier catches each fault it is there to catch (no root needed). */
class TortureVerdictTest {
    private final List<IpamLabPods.Added> survivors = new ArrayList<>(List.of(pod("c1", "10.60.0.1"), pod("c2", "10.60.0.2")));
    private final Map<String, String> configured = new HashMap<>(Map.of("ns-c1", "10.60.0.1", "ns-c2", "10.60.0.2"));
    private final List<IpamLabPods.Allocated> store = new ArrayList<>(List.of(held("10.60.0.1", "ns-c1"), held("10.60.0.2", "ns-c2")));

    @Test
    void aConsistentOutcomePasses() {
        assertThat(TortureVerdict.violations(survivors, configured, store)).isEmpty();
    }

    @Test
    void aPlantedDuplicateIsCaught() {
        survivors.add(pod("c3", "10.60.0.2"));
        configured.put("ns-c3", "10.60.0.2");
        store.add(held("10.60.0.2", "ns-c3"));
        assertThat(TortureVerdict.violations(survivors, configured, store))
                .anyMatch(v -> v.equals("duplicate: 10.60.0.2 returned by ADD to two pods"))
                .anyMatch(v -> v.equals("duplicate: 10.60.0.2 configured in two pods"))
                .anyMatch(v -> v.equals("duplicate: 10.60.0.2 allocated twice in the store"));
    }

    @Test
    void anAddressGcTookFromALivePodIsCaught() {
        store.removeIf(a -> a.ip().equals("10.60.0.1"));
        assertThat(TortureVerdict.violations(survivors, configured, store))
                .containsExactly("the address 10.60.0.1 of live pod c1 on n1 is no longer allocated");
    }

    @Test
    void anAddressReallocatedToAnotherAttachmentIsCaught() {
        store.set(0, held("10.60.0.1", "ns-x9"));
        assertThat(TortureVerdict.violations(survivors, configured, store))
                .contains("the address 10.60.0.1 of live pod c1 is allocated to ns-x9:eth0",
                        "leak: 10.60.0.1 held by ns-x9:eth0 on n1, which is no live pod");
    }

    @Test
    void aLeakIsCaught() {
        store.add(held("10.60.0.9", "ns-gone"));
        assertThat(TortureVerdict.violations(survivors, configured, store))
                .containsExactly("leak: 10.60.0.9 held by ns-gone:eth0 on n1, which is no live pod");
    }

    @Test
    void aPodWithoutItsAddressOrAnUnrecordedSlotIsCaught() {
        configured.remove("ns-c2");
        store.set(0, new IpamLabPods.Allocated("10.60.0.1", "torture", "n1", "ns-c1:eth0", "default/c1", false));
        assertThat(TortureVerdict.violations(survivors, configured, store)).containsExactlyInAnyOrder(
                "pod c2 on n1 was given 10.60.0.2 but its eth0 carries -",
                "the address 10.60.0.1 of live pod c1 is not in its handle");
    }

    private static IpamLabPods.Added pod(String pod, String ip) {
        return new IpamLabPods.Added("n1", pod, "ns-" + pod, Optional.of(ip), Optional.empty(), 1);
    }

    private static IpamLabPods.Allocated held(String ip, String netns) {
        return new IpamLabPods.Allocated(ip, "torture", "n1", IpamLabPods.attachment(netns), "default/x", true);
    }
}
