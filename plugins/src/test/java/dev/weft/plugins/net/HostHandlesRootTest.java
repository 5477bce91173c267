package dev.weft.plugins.net;

import dev.weft.netlink.ns.NetNs;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host handle a call closes serves the next call on a thread of the same namespace (the
 * agent's ADDs open no namespace descriptor or netlink socket of their own); a handle closed twice
 * is kept once, so no two calls ever share one; a thread of another namespace gets its own.
 */
@RequiresRoot("creates namespaces")
class HostHandlesRootTest {
    @Test
    void aClosedHostHandleServesTheNextCallOfItsNamespace_onceEvenIfClosedTwice() {
        String a = "weft-hh-a-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        String b = "weft-hh-b-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        NetlinkKernel kernel = new NetlinkKernel();
        try (NetNs nsA = NetNs.create(a); NetNs nsB = NetNs.create(b)) {
            Namespace first = nsA.run(() -> {
                Namespace h = kernel.current();
                assertThat(h.links()).extracting(Link::name).containsExactly("lo");
                h.close();
                h.close();
                return h;
            });
            nsA.run(() -> {
                try (Namespace again = kernel.current(); Namespace other = kernel.current()) {
                    assertThat(again).as("the kept handle").isSameAs(first);
                    assertThat(other).as("kept once, not handed to a second call").isNotSameAs(first);
                    assertThat(again.links()).extracting(Link::name).containsExactly("lo");
                }
                return null;
            });
            nsB.run(() -> {
                try (Namespace inB = kernel.current()) {
                    assertThat(inB).as("another namespace's thread").isNotSameAs(first);
                    inB.ensureBridge("hhbr0", 1500, false);
                    assertThat(inB.link("hhbr0")).isPresent();
                }
                return null;
            });
            nsA.run(() -> {
                try (Namespace h = kernel.current()) {
                    assertThat(h.link("hhbr0")).as("a handle of namespace a sees a's links only").isEmpty();
                }
                return null;
            });
        } finally {
            kernel.closeKeptHandles();
            NetNs.delete(a);
            NetNs.delete(b);
        }
    }
}
