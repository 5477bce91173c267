package dev.weft.bgp.bird;

import dev.weft.bgp.Asn;
import dev.weft.bgp.BgpConfig;
import dev.weft.bgp.BgpNode;
import dev.weft.bgp.BgpPeer;
import dev.weft.bgp.BgpSettings;
import dev.weft.bgp.testing.BirdCheck;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.weft.bgp.bird.BirdConfigGoldenTest.NET;
import static dev.weft.bgp.bird.BirdConfigGoldenTest.NODES;
import static dev.weft.bgp.bird.BirdConfigGoldenTest.RANGE;
import static dev.weft.bgp.bird.BirdConfigGoldenTest.REFLECTORS;
import static dev.weft.bgp.bird.BirdConfigGoldenTest.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A weft-ipam pool on bgp (issue #16), pinned by golden files and accepted by {@code bird -p}: n1
 * holds the block 10.60.0.0/26 and borrowed 10.60.0.70 from n2's 10.60.0.64/26; n3 holds no block
 * and borrowed 10.60.0.5 from n1's. n1 originates its block and its borrowed /32, never imports
 * either, and imports the rest of the pool (nodes: any prefix of it; explicit peers: what the others hold).
 */
class BirdPoolConfigTest {
    static final Cidr POOL = Cidr.parse("10.60.0.0/24");
    static final BirdPool N1 = new BirdPool(POOL, 26, List.of(Cidr.parse("10.60.0.0/26")),
            List.of(Cidr.parse("10.60.0.70/32")), List.of(Cidr.parse("10.60.0.64/26"), Cidr.parse("10.60.0.5/32")));

    static BirdInput input(BgpSettings s, Optional<Cidr> range, Set<String> passive, BirdPool pool) {
        return new BirdInput(NODES.getFirst(), NODES, NET, 24, s, range, passive, Optional.of(pool));
    }

    @Test
    void meshAnnouncesOwnBlocksAndBorrowedAddresses_andImportsTheOthers() throws Exception {
        BirdConfig c = BirdConfig.compile(input(BgpSettings.DEFAULT, Optional.empty(), Set.of(), N1));
        check("mesh-pool-n1.conf", c);
        assertThat(c.text()).contains(
                "protocol static weft_blocks {\n  ipv4;\n  route 10.60.0.0/26 blackhole;\n  route 10.60.0.70/32 blackhole;\n}",
                "  if proto = \"weft_blocks\" then accept;\n  reject;",
                "  if net ~ [ 10.60.0.0/26, 10.60.0.70/32 ] then reject;\n  if net ~ [ 10.60.0.5/32+, 10.60.0.64/26+ ] then accept;",
                "import where net !~ [ 10.244.0.0/16+, 10.60.0.0/24+ ];");
        assertThat(c.sessions().values()).extracting(Session::name).containsExactly("n2", "n3", "n4");
    }

    @Test
    void nodeRangeImportsAnyPrefixOfThePool_soAClaimElsewhereChangesNothing() throws Exception {
        BirdConfig c = BirdConfig.compile(input(BgpSettings.DEFAULT, Optional.of(RANGE), Set.of("n3", "n4"), N1));
        check("mesh-dynamic-pool-n1.conf", c);
        assertThat(c.text()).contains("filter weft_import_nodes {\n  if net = 10.244.1.0/24 then reject;\n"
                + "  if net ~ [ 10.244.0.0/16{24,32} ] then accept;\n  if net ~ [ 10.60.0.0/26, 10.60.0.70/32 ] then reject;\n"
                + "  if net ~ [ 10.60.0.0/24{26,32} ] then accept;\n  reject;\n}");
        BirdPool n3Claimed = new BirdPool(POOL, 26, N1.ownBlocks(), N1.borrowed(),
                List.of(Cidr.parse("10.60.0.64/26"), Cidr.parse("10.60.0.128/26")));
        assertThat(BirdConfig.compile(input(BgpSettings.DEFAULT, Optional.of(RANGE), Set.of("n3", "n4"), n3Claimed)).text())
                .isEqualTo(c.text());
    }

    @Test
    void aClaimOrABorrowHereChangesTheStaticRoutes_andAReleasedBorrowIsWithdrawn() {
        BirdPool more = new BirdPool(POOL, 26, List.of(Cidr.parse("10.60.0.0/26"), Cidr.parse("10.60.0.192/26")),
                List.of(), N1.othersHeld());
        String text = BirdConfig.compile(input(BgpSettings.DEFAULT, Optional.empty(), Set.of(), more)).text();
        assertThat(text).contains("  route 10.60.0.0/26 blackhole;\n  route 10.60.0.192/26 blackhole;\n}")
                .doesNotContain("10.60.0.70");
    }

    @Test
    void explicitPeerImportsOnlyWhatTheOtherNodesHold() throws Exception {
        BgpSettings l3 = new BgpSettings(BgpConfig.DEFAULT.withMesh(false), List.of(
                new BgpPeer("tor", IpAddress.parse("192.0.2.1"), new Asn(65000), Optional.of("n1"), List.of())));
        BirdConfig c = BirdConfig.compile(input(l3, Optional.empty(), Set.of(), N1));
        check("peers-pool-n1.conf", c);
        assertThat(c.text()).contains("filter weft_import {\n  if net = 10.244.1.0/24 then reject;\n"
                + "  if net ~ [ 10.244.2.0/24+, 10.244.3.0/24+, 10.244.4.0/24+ ] then accept;\n"
                + "  if net ~ [ 10.60.0.0/26, 10.60.0.70/32 ] then reject;\n"
                + "  if net ~ [ 10.60.0.5/32+, 10.60.0.64/26+ ] then accept;\n  reject;\n}")
                .doesNotContain("10.60.0.0/24{");
    }

    @Test
    void reflectorPassesOnPoolPrefixes() throws Exception {
        BirdConfig c = BirdConfig.compile(input(REFLECTORS, Optional.empty(), Set.of(), N1));
        check("rr-server-pool-n1.conf", c);
        assertThat(c.text()).contains("  if source = RTS_BGP && net ~ [ 10.60.0.0/24{26,32} ] then accept;");
    }

    @Test
    void aPoolWithNothingHereYetIsValid() throws Exception {
        BirdPool empty = new BirdPool(POOL, 26, List.of(), List.of(), List.of());
        String text = BirdConfig.compile(input(BgpSettings.DEFAULT, Optional.empty(), Set.of(), empty)).text();
        assertThat(text).contains("protocol static weft_blocks {\n  ipv4;\n}").doesNotContain("then reject;\n  if net ~ [ 10.60");
        BirdCheck.assertValid(text);
    }

    @Test
    void badPoolsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new BirdPool(POOL, 26, List.of(Cidr.parse("10.60.0.0/25")), List.of(), List.of()))
                .hasMessageStartingWith("pool.ownBlocks: 10.60.0.0/25 is not a /26 block");
        assertThatThrownBy(() -> new BirdPool(POOL, 26, List.of(), List.of(Cidr.parse("10.61.0.1/32")), List.of()))
                .hasMessageStartingWith("pool.borrowed: 10.61.0.1/32 is outside the pool");
        assertThatThrownBy(() -> new BirdPool(POOL, 26, List.of(), List.of(Cidr.parse("10.60.0.0/30")), List.of()))
                .hasMessageStartingWith("pool.borrowed: 10.60.0.0/30 is not a host prefix");
        BirdPool inside = new BirdPool(Cidr.parse("10.244.128.0/20"), 26, List.of(), List.of(), List.of());
        assertThatThrownBy(() -> new BirdInput(NODES.getFirst(), NODES, NET, 24, BgpSettings.DEFAULT, Optional.empty(),
                Set.of(), Optional.of(inside))).hasMessageStartingWith("pool: 10.244.128.0/20 overlaps the cluster network");
        assertThat(NODES).extracting(BgpNode::name).contains("n1");
    }
}
