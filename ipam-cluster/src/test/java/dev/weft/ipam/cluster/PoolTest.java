package dev.weft.ipam.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolTest {
    private static PoolSpec spec(String cidr, Integer blockSize, List<String> excludes, String gateway) {
        return new PoolSpec("p", cidr, Optional.ofNullable(blockSize), excludes, Optional.ofNullable(gateway), false);
    }

    @Test
    void blockSizeDefaultsToSixtyFourAddressesOrThePool() {
        assertThat(spec("10.0.0.0/16", null, List.of(), null).toPool().blockSize()).isEqualTo(26);
        assertThat(spec("10.0.0.0/28", null, List.of(), null).toPool().blockSize()).isEqualTo(28);
        assertThat(spec("fd00::/48", null, List.of(), null).toPool().blockSize()).isEqualTo(122);
    }

    @Test
    void badInputNamesTheOption() {
        assertThatThrownBy(() -> spec("10.0.0.1/16", null, List.of(), null).toPool())
                .isInstanceOfSatisfying(IpamException.class, e -> assertThat(e.field()).isEqualTo("CIDR"))
                .hasMessageContaining("host bits");
        assertThatThrownBy(() -> spec("10.0.0.0/24", 20, List.of(), null).toPool())
                .isInstanceOfSatisfying(IpamException.class, e -> assertThat(e.field()).isEqualTo("pool"))
                .hasMessageContaining("block-size /20");
        assertThatThrownBy(() -> spec("10.0.0.0/8", 18, List.of(), null).toPool()).hasMessageContaining("2^12");
        assertThatThrownBy(() -> spec("10.0.0.0/24", 26, List.of("10.0.1.0/28"), null).toPool())
                .hasMessageContaining("exclude[0]");
        assertThatThrownBy(() -> spec("10.0.0.0/24", 26, List.of("10.0.0.9-10.0.0.2"), null).toPool())
                .isInstanceOfSatisfying(IpamException.class, e -> assertThat(e.field()).isEqualTo("--exclude"));
        assertThatThrownBy(() -> spec("10.0.0.0/24", 26, List.of(), "10.9.0.1").toPool()).hasMessageContaining("gateway");
        assertThatThrownBy(() -> spec("10.0.0.0/24", 26, List.of(), "x").toPool())
                .isInstanceOfSatisfying(IpamException.class, e -> assertThat(e.field()).isEqualTo("--gateway"));
        assertThatThrownBy(() -> new PoolSpec("Bad Name", "10.0.0.0/24", Optional.empty(), List.of(), Optional.empty(),
                false).toPool()).hasMessageContaining("pool name");
    }

    @Test
    void reservedAddressesAreTheNetworkBroadcastGatewayAndExcludes() {
        Pool p = spec("10.0.0.0/24", 28, List.of("10.0.0.5-10.0.0.6", "10.0.0.240/29"), "10.0.0.1").toPool();
        BitSet first = p.reserved(Cidr.parse("10.0.0.0/28"));
        assertThat(first.stream().boxed().toList()).containsExactly(0, 1, 5, 6);
        BitSet last = p.reserved(Cidr.parse("10.0.0.240/28"));
        assertThat(last.stream().boxed().toList()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 15);
        assertThat(p.allocatable(IpAddress.parse("10.0.0.7"))).isTrue();
        assertThat(p.allocatable(IpAddress.parse("10.0.0.255"))).isFalse();
        assertThat(p.allocatableCount()).isEqualTo(BigInteger.valueOf(256 - 2 - 1 - 2 - 8));
    }

    @Test
    void ipv6PoolsReserveOnlyWhatTheyAreTold() {
        Pool p = spec("fd00::/120", 124, List.of("fd00::10"), null).toPool();
        assertThat(p.reserved(Cidr.parse("fd00::/124")).isEmpty()).isTrue();
        assertThat(p.reserved(Cidr.parse("fd00::10/124")).stream().boxed().toList()).containsExactly(0);
        assertThat(p.allocatableCount()).isEqualTo(BigInteger.valueOf(255));
        assertThat(p.blockCount()).isEqualTo(BigInteger.valueOf(16));
        assertThat(p.block(BigInteger.valueOf(15))).isEqualTo(Cidr.parse("fd00::f0/124"));
    }

    @Test
    void rangesParseFromCidrsRangesAndSingleAddresses() {
        assertThat(IpRange.parse("10.0.0.0/30")).isEqualTo(new IpRange(IpAddress.parse("10.0.0.0"), IpAddress.parse("10.0.0.3")));
        assertThat(IpRange.parse("10.0.0.4 - 10.0.0.9").size()).isEqualTo(BigInteger.valueOf(6));
        assertThat(IpRange.parse("fd00::1").toString()).isEqualTo("fd00::1-fd00::1");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.1-fd00::1")).hasMessageContaining("mixes");
    }

    @Test
    void aPoolSetRefusesOverlapsAndTakenNames() {
        Pool a = spec("10.0.0.0/16", null, List.of(), null).toPool();
        PoolSet set = PoolSet.EMPTY.with(a);
        Pool inside = new Pool("q", Cidr.parse("10.0.4.0/24"), 26, List.of(), Optional.empty(), false);
        assertThatThrownBy(() -> set.with(inside)).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.error()).isEqualTo(IpamError.POOL_OVERLAP)).hasMessageContaining("overlaps pool p");
        Pool sameName = new Pool("p", Cidr.parse("10.1.0.0/16"), 26, List.of(), Optional.empty(), false);
        assertThatThrownBy(() -> set.with(sameName)).isInstanceOfSatisfying(IpamException.class,
                e -> assertThat(e.error()).isEqualTo(IpamError.POOL_EXISTS));
        PoolSet two = set.with(new Pool("b", Cidr.parse("fd00::/64"), 122, List.of(), Optional.empty(), true));
        assertThat(two.pools()).extracting(Pool::name).containsExactly("b", "p");
        assertThat(two.containing(IpAddress.parse("10.0.9.9"))).contains(a);
        assertThat(two.without("p").pools()).extracting(Pool::name).containsExactly("b");
    }
}
