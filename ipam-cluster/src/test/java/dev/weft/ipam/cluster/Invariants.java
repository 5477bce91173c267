package dev.weft.ipam.cluster;

import dev.weft.net.IpAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The properties every IPAM state must have, checked on a snapshot. */
final class Invariants {
    private Invariants() {
    }

    /**
     * No two live (returned, not released) allocations share an address, no address is confirmed
     * to two handles, and every live allocation is still held, in its block and its handle. A
     * handle entry counts only where its block holds the same attachment and sequence number.
     */
    static void hold(IpamSnapshot snap, Map<AttachmentId, List<Allocation>> live) {
        Map<IpAddress, AttachmentId> owners = new HashMap<>();
        for (Versioned<Handle> vh : snap.handles().values()) {
            Handle h = vh.value();
            for (HandleAddress a : h.addresses()) {
                boolean confirmed = snap.block(a.pool(), a.block()).flatMap(b -> b.value().slot(a.ip()))
                        .map(s -> s.is(h.attachment(), a.seq())).orElse(false);
                if (confirmed) {
                    AttachmentId before = owners.put(a.ip(), h.attachment());
                    assertThat(before).as("address %s confirmed to %s and %s", a.ip(), before, h.attachment()).isNull();
                }
            }
        }
        List<IpAddress> liveIps = live.values().stream().flatMap(List::stream).map(Allocation::ip).toList();
        assertThat(liveIps).as("addresses of live allocations").doesNotHaveDuplicates();
        live.forEach((att, allocs) -> {
            for (Allocation a : allocs) {
                Optional<Slot> slot = snap.block(a.pool(), a.block()).flatMap(b -> b.value().slot(a.ip()));
                assertThat(slot).as("live allocation %s of %s is in its block", a.ip(), att)
                        .hasValueSatisfying(s -> assertThat(s.is(att, a.seq())).as("slot of %s is %s", a.ip(), s).isTrue());
                assertThat(snap.handles().get(att)).as("handle of %s", att).isNotNull();
                assertThat(snap.handles().get(att).value().holds(a.ip(), a.seq())).as("handle of %s holds %s", att, a.ip())
                        .isTrue();
            }
        });
    }

    /** Quiescent and collected: every slot is in its handle and every handle entry in its block; nothing else is held. */
    static void noLeaks(IpamSnapshot snap, Map<AttachmentId, List<Allocation>> live) {
        hold(snap, live);
        List<IpamReport.Inconsistency> found = IpamReport.check(snap, Optional.empty(), 0);
        assertThat(found).as("inconsistencies").isEmpty();
        List<IpAddress> held = new ArrayList<>();
        snap.blocks().forEach(vb -> vb.value().slots().keySet().forEach(o -> held.add(vb.value().address(o))));
        List<IpAddress> expected = live.values().stream().flatMap(List::stream).map(Allocation::ip).toList();
        assertThat(held).as("allocated addresses are exactly the live ones").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Set.copyOf(snap.handles().keySet())).as("handles are exactly the live attachments")
                .isEqualTo(Set.copyOf(live.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                        .toList()));
    }
}
