package dev.weft.node.backend.bgp;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import dev.weft.netlink.ns.NetNs;
import dev.weft.policy.compile.FastPathRoutes;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KernelFastPathRoutes} in a namespace of the test's own: BIRD's single-gateway routes
 * (metric 119) are the remote subnets, other routes are not; every veth is a candidate pod veth
 * except those with a qdisc of their own (weft-bandwidth's TBF, an ingress qdisc), whose limits the
 * eBPF fast path would skip.
 */
@RequiresRoot
class KernelFastPathRoutesRootTest {
    @RegisterExtension
    final Netns netns = new Netns();

    @Test
    void birdsRoutesAndTheUnshapedVethsAreWhatTheFastPathSees() throws Exception {
        String ns = netns.create("wkf");
        Proc.inNetnsAll(ns, new String[][] {
                {"ip", "link", "add", "up0", "type", "veth", "peer", "name", "up1"},
                {"ip", "link", "add", "vplain", "type", "veth", "peer", "name", "p1"},
                {"ip", "link", "add", "vtbf", "type", "veth", "peer", "name", "p2"},
                {"ip", "link", "add", "vingress", "type", "veth", "peer", "name", "p3"},
                {"ip", "link", "set", "up0", "up"}, {"ip", "link", "set", "up1", "up"},
                {"ip", "addr", "add", "172.31.0.2/24", "dev", "up0"},
                {"ip", "route", "add", "10.244.9.0/24", "via", "172.31.0.1", "dev", "up0", "proto", "bird", "metric", "119"},
                {"ip", "route", "add", "10.244.8.0/24", "via", "172.31.0.1", "dev", "up0", "proto", "static"},
                {"tc", "qdisc", "add", "dev", "vtbf", "root", "tbf", "rate", "1mbit", "burst", "32kbit", "latency", "400ms"},
                {"tc", "qdisc", "add", "dev", "vingress", "ingress"}});
        try (NetNs handle = NetNs.named(ns)) {
            FastPathRoutes r = handle.run(() -> new KernelFastPathRoutes(Cidr.parse("10.244.0.0/16")).get());
            assertThat(r.remote()).singleElement().satisfies(x -> {
                assertThat(x.dst()).isEqualTo(Cidr.parse("10.244.9.0/24"));
                assertThat(x.device()).isEqualTo(InterfaceName.of("up0"));
            });
            assertThat(r.podIfindex().keySet()).contains(InterfaceName.of("vplain"), InterfaceName.of("p2"))
                    .doesNotContain(InterfaceName.of("vtbf"), InterfaceName.of("vingress"));
        }
    }
}
