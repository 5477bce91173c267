package dev.weft.netlink.it;

import dev.weft.testkit.RequiresRoot;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.event.EventGroup;
import dev.weft.netlink.event.KernelEvent;
import dev.weft.netlink.event.Subscription;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Link, address and route events from the multicast groups, decoded; closing stops delivery. */
@RequiresRoot
class EventsNetnsTest {
    private TestNs a;

    @BeforeEach
    void setUp() {
        a = TestNs.create("ev");
    }

    @AfterEach
    void tearDown() {
        TestNs.closeAll(a);
    }

    private static void await(List<KernelEvent> seen, Predicate<KernelEvent> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && seen.stream().noneMatch(p)) {
            Thread.sleep(10);
        }
        assertThat(seen).anyMatch(p);
    }

    @Test
    void linkAddressAndRouteEventsInBothFamilies() throws Exception {
        List<KernelEvent> seen = new CopyOnWriteArrayList<>();
        Subscription sub = a.nl.subscribe(EnumSet.allOf(EventGroup.class), seen::add);
        try {
            LinkInfo u0 = a.nl.links().addAndGet(new LinkSpec.Veth(InterfaceName.of("u0"), 0, InterfaceName.of("u1"), -1));
            a.nl.links().setUp(u0.index());
            a.nl.links().ensureUp("u1");
            a.nl.addresses().add(u0.index(), InterfaceAddress.parse("192.0.2.1/24"));
            a.nl.addresses().add(u0.index(), InterfaceAddress.parse("fd00:e::1/64"), AddrCodec.NODAD);
            // The kernel announces a new IPv6 address from its address-configuration worker, after
            // the link's carrier is up; wait for it before the link goes, or it is never sent.
            await(seen, e -> e instanceof KernelEvent.LinkEvent l && l.added() && l.link().name().equals("u0")
                    && l.link().isUp());
            await(seen, e -> e instanceof KernelEvent.AddressEvent x && x.added()
                    && x.address().address().equals(InterfaceAddress.parse("192.0.2.1/24")));
            await(seen, e -> e instanceof KernelEvent.AddressEvent x && x.added()
                    && x.address().address().equals(InterfaceAddress.parse("fd00:e::1/64")));
            RouteSpec v4 = RouteSpec.via(Cidr.parse("10.99.0.0/16"), IpAddress.parse("192.0.2.9"), u0.index());
            RouteSpec v6 = RouteSpec.via(Cidr.parse("fd00:99::/48"), IpAddress.parse("fd00:e::9"), u0.index());
            a.nl.routes().add(v4);
            a.nl.routes().add(v6);
            a.nl.routes().delete(v4);
            a.nl.links().delete(u0.index());

            await(seen, e -> e instanceof KernelEvent.RouteEvent r && r.added() && r.route().dst().equals(v4.dst()));
            await(seen, e -> e instanceof KernelEvent.RouteEvent r && !r.added() && r.route().dst().equals(v4.dst()));
            await(seen, e -> e instanceof KernelEvent.RouteEvent r && r.added() && r.route().dst().equals(v6.dst()));
            await(seen, e -> e instanceof KernelEvent.LinkEvent l && !l.added() && l.link().name().equals("u0"));
        } finally {
            sub.close();
        }
        assertThat(sub.isAlive()).isFalse();
        int before = seen.size();
        a.nl.links().add(LinkSpec.Bridge.named("after0"));
        Thread.sleep(300);
        assertThat(seen).hasSize(before);
    }

    @Test
    void onlyTheSubscribedGroupsArrive() throws Exception {
        List<KernelEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription sub = a.nl.subscribe(EnumSet.of(EventGroup.LINK), seen::add)) {
            LinkInfo br = a.nl.links().addAndGet(LinkSpec.Bridge.named("br0"));
            a.nl.links().setUp(br.index());
            a.nl.addresses().add(br.index(), InterfaceAddress.parse("192.0.2.1/24"));
            await(seen, e -> e instanceof KernelEvent.LinkEvent l && l.link().name().equals("br0"));
            Thread.sleep(200);
            assertThat(sub.isAlive()).isTrue();
        }
        assertThat(seen).allMatch(e -> e instanceof KernelEvent.LinkEvent);
    }
}
