package dev.weft.node.backend.bgp;

import dev.weft.net.Cidr;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.ns.NetNs;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SubnetBlackhole} in a namespace of its own: the node subnet's blackhole is set once
 * (a second pass changes nothing), a pod's host route stays the longer match and a connected route
 * to the whole subnet the better one, a blackhole of a
 * subnet the node no longer holds goes, and blackholes of other protocols are never touched.
 */
@RequiresRoot
class SubnetBlackholeRootTest {
    @RegisterExtension
    final Netns netns = new Netns();

    private static String routes(String ns, String... filter) {
        String[] cmd = new String[5 + filter.length];
        System.arraycopy(new String[] {"ip", "-n", ns, "route", "show"}, 0, cmd, 0, 5);
        System.arraycopy(filter, 0, cmd, 5, filter.length);
        return Proc.sh(cmd).strip();
    }

    @Test
    void theNodeSubnetIsBlackholedBehindThePodsHostRoutesAndOnlyWeftsOwnIsChanged() throws Exception {
        String ns = netns.create("wbh");
        Proc.sh("ip", "-n", ns, "link", "add", "vpod", "type", "veth", "peer", "name", "vpeer");
        Proc.sh("ip", "-n", ns, "link", "set", "vpeer", "up");
        Proc.sh("ip", "-n", ns, "link", "set", "vpod", "up");
        Proc.sh("ip", "-n", ns, "route", "add", "10.244.7.9/32", "dev", "vpod");
        Proc.sh("ip", "-n", ns, "route", "add", "blackhole", "192.0.2.0/24", "proto", "static");
        try (NetNs handle = NetNs.named(ns); Netlink nl = Netlink.open(handle)) {
            SubnetBlackhole b = new SubnetBlackhole(nl);
            b.ensure(Optional.of(Cidr.parse("10.244.7.0/24")));
            b.ensure(Optional.of(Cidr.parse("10.244.7.0/24")));
            assertThat(routes(ns, "proto", "87")).isEqualTo("blackhole 10.244.7.0/24 metric 10000");
            assertThat(Proc.sh("ip", "-n", ns, "route", "get", "10.244.7.9").strip()).startsWith("10.244.7.9 dev vpod");

            Proc.sh("ip", "-n", ns, "addr", "add", "10.244.7.1/24", "dev", "vpeer"); // a Docker bridge's, say
            assertThat(Proc.sh("ip", "-n", ns, "route", "get", "10.244.7.10").strip()).as("the connected route wins")
                    .startsWith("10.244.7.10 dev vpeer");
            Proc.sh("ip", "-n", ns, "addr", "del", "10.244.7.1/24", "dev", "vpeer");

            b.ensure(Optional.of(Cidr.parse("10.244.8.0/24"))); // the lease was taken again, another subnet
            assertThat(routes(ns, "proto", "87")).isEqualTo("blackhole 10.244.8.0/24 metric 10000");

            b.ensure(Optional.empty()); // the node left
            assertThat(routes(ns, "proto", "87")).isEmpty();
            assertThat(routes(ns, "type", "blackhole")).isEqualTo("blackhole 192.0.2.0/24 proto static");
        }
    }
}
