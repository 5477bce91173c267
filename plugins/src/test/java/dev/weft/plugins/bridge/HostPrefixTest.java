package dev.weft.plugins.bridge;

import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Route;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HostPrefix}'s plan, as a table: IPAM's answer in, the pod's addresses and routes out. */
class HostPrefixTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case | IPAM addresses (addr>gw) | IPAM routes (dst>gw) | default gw | pod addresses | result gateways | routes (dst>gw)
            "pool prefix becomes /32, default added | 10.60.0.5/20>10.60.0.1 | | true | 10.60.0.5/32 | 169.254.1.1"
                    + " | 169.254.1.1/32>-,0.0.0.0/0>169.254.1.1",
            "IPAM's own gateway is replaced, its default kept | 10.60.0.5/20>10.60.0.1 | 0.0.0.0/0>10.60.0.1 | true"
                    + " | 10.60.0.5/32 | 169.254.1.1 | 169.254.1.1/32>-,0.0.0.0/0>169.254.1.1",
            "no default unless asked | 10.60.0.5/20>- | 10.0.0.0/8>- | false | 10.60.0.5/32 | 169.254.1.1"
                    + " | 169.254.1.1/32>-,10.0.0.0/8>169.254.1.1",
            "dual stack: one gateway per family | 10.60.0.5/20>-,fd60::5/64>- | | true | 10.60.0.5/32,fd60::5/128"
                    + " | 169.254.1.1,fe80::1 | 169.254.1.1/32>-,fe80::1/128>-,0.0.0.0/0>169.254.1.1,::/0>fe80::1",
            "routes of a family without an address are dropped | 10.60.0.5/20>- | fd00::/8>- | false | 10.60.0.5/32"
                    + " | 169.254.1.1 | 169.254.1.1/32>-",
    })
    void plans(String name, String addresses, String ipamRoutes, boolean defaultGateway, String pod, String gateways,
               String routes) {
        List<IpConfig> ips = split(addresses).stream().map(a -> {
            String[] p = a.split(">");
            return new IpConfig(InterfaceAddress.parse(p[0]), p[1].equals("-") ? null : IpAddress.parse(p[1]), null);
        }).toList();
        List<Route> in = split(ipamRoutes).stream().map(HostPrefixTest::route).toList();

        HostPrefix.Plan plan = HostPrefix.of(ips, in, defaultGateway, 2);

        assertThat(plan.pod()).extracting(ip -> ip.address().toString()).containsExactlyElementsOf(split(pod));
        assertThat(plan.pod()).allSatisfy(ip -> assertThat(ip.gateway()).as("the pod's gateway is in its routes").isNull());
        assertThat(plan.result()).extracting(ip -> ip.address().toString()).containsExactlyElementsOf(split(pod));
        assertThat(plan.result()).extracting(ip -> ip.gateway().toString()).containsExactlyElementsOf(split(gateways));
        assertThat(plan.result()).allSatisfy(ip -> assertThat(ip.interfaceIndex()).isEqualTo(2));
        assertThat(plan.routes()).extracting(r -> r.dst() + ">" + (r.gw() == null ? "-" : r.gw()))
                .containsExactlyElementsOf(split(routes));
        assertThat(plan.routes()).filteredOn(r -> r.gw() == null)
                .allSatisfy(r -> assertThat(r.scope()).as("the gateway's route is on-link").isEqualTo(253));
    }

    private static Route route(String s) {
        String[] p = s.split(">");
        return Route.of(Cidr.parse(p[0]), p[1].equals("-") ? null : IpAddress.parse(p[1]));
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::strip).toList();
    }
}
