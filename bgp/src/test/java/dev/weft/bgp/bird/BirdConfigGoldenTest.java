package dev.weft.bgp.bird;

import dev.weft.bgp.Asn;
import dev.weft.bgp.BgpConfig;
import dev.weft.bgp.BgpNode;
import dev.weft.bgp.BgpPeer;
import dev.weft.bgp.BgpSettings;
import dev.weft.bgp.testing.BirdCheck;
import dev.weft.bgp.testing.Golden;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The compiled text of each topology, pinned by golden files and accepted by BIRD's own parser. */
class BirdConfigGoldenTest {
    static final Cidr NET = Cidr.parse("10.244.0.0/16");
    static final List<BgpNode> NODES = List.of(node("n1", 11, 1), node("n2", 12, 2), node("n3", 13, 3), node("n4", 14, 4));

    static BgpNode node(String name, int host, int subnet) {
        return new BgpNode(name, IpAddress.parse("192.0.2." + host), Cidr.parse("10.244." + subnet + ".0/24"));
    }

    static BirdConfig compile(String self, BgpSettings settings) {
        BgpNode me = NODES.stream().filter(n -> n.name().equals(self)).findFirst().orElseThrow();
        return BirdConfig.compile(new BirdInput(me, NODES, NET, 24, settings));
    }

    static void check(String golden, BirdConfig config) throws Exception {
        Golden.check(golden, config.text());
        BirdCheck.assertValid(config.text());
    }

    @Test
    void fullMesh() throws Exception {
        BirdConfig c = compile("n1", BgpSettings.DEFAULT);
        check("mesh-n1.conf", c);
        assertThat(c.sessions().values()).extracting(Session::name).containsExactly("n2", "n3", "n4");
        assertThat(c.sessions().values()).extracting(Session::role).containsOnly(Session.Role.IBGP);
        assertThat(c.text()).contains("export where source = RTS_BGP;", "route 10.244.1.0/24 blackhole;",
                "if net = 10.244.1.0/24 then reject;",
                "if net ~ [ 10.244.2.0/24+, 10.244.3.0/24+, 10.244.4.0/24+ ] then accept;");
    }

    @Test
    void aNodeAloneImportsNoNodeSubnet_andASubnetNobodyHoldsIsNeverImported() throws Exception {
        BgpNode me = NODES.getFirst();
        String alone = BirdConfig.compile(new BirdInput(me, List.of(me), NET, 24, BgpSettings.DEFAULT)).text();
        assertThat(alone).contains("filter weft_import {\n  if net = 10.244.1.0/24 then reject;\n  reject;\n}");
        BirdCheck.assertValid(alone);
        String two = BirdConfig.compile(new BirdInput(me, NODES.subList(0, 2), NET, 24, BgpSettings.DEFAULT)).text();
        assertThat(two).contains("if net ~ [ 10.244.2.0/24+ ] then accept;").doesNotContain("10.244.3.0", "10.244.0.0/16{");
    }

    static final BgpSettings REFLECTORS = new BgpSettings(BgpConfig.DEFAULT.withReflector("n1", true)
            .withReflector("n2", true).withReflectorClusterId(Optional.of(IpAddress.parse("244.0.0.1"))), List.of());

    @Test
    void routeReflector() throws Exception {
        BirdConfig c = compile("n1", REFLECTORS);
        check("rr-server-n1.conf", c);
        assertThat(c.sessions().values()).extracting(Session::name, Session::role).containsExactly(
                org.assertj.core.groups.Tuple.tuple("n2", Session.Role.IBGP),
                org.assertj.core.groups.Tuple.tuple("n3", Session.Role.REFLECTOR_CLIENT),
                org.assertj.core.groups.Tuple.tuple("n4", Session.Role.REFLECTOR_CLIENT));
    }

    @Test
    void routeReflectorClient() throws Exception {
        BirdConfig c = compile("n3", REFLECTORS);
        check("rr-client-n3.conf", c);
        assertThat(c.sessions().values()).extracting(Session::name).containsExactly("n1", "n2");
        assertThat(c.text()).doesNotContain("rr client", SessionPlan.EXPORT_REFLECTOR);
    }

    @Test
    void explicitPeersWithMeshOff() throws Exception {
        BgpSettings s = new BgpSettings(BgpConfig.DEFAULT.withMesh(false), List.of(
                new BgpPeer("tor", IpAddress.parse("192.0.2.1"), new Asn(65000), Optional.empty(),
                        List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("198.51.100.0/24"))),
                new BgpPeer("rr-ext", IpAddress.parse("198.51.100.7"), new Asn(64512), Optional.of("n1"), List.of()),
                new BgpPeer("only-n2", IpAddress.parse("198.51.100.8"), new Asn(65001), Optional.of("n2"), List.of())));
        BirdConfig c = compile("n1", s);
        check("peers-n1.conf", c);
        assertThat(c.sessions().values()).extracting(Session::protocol, Session::role).containsExactly(
                org.assertj.core.groups.Tuple.tuple("peer_rr_ext", Session.Role.IBGP),
                org.assertj.core.groups.Tuple.tuple("peer_tor", Session.Role.EBGP));
        assertThat(c.text()).contains("filter weft_import_tor", "if net ~ [ 0.0.0.0/0, 198.51.100.0/24 ] then accept;",
                "allow local as;");
    }

    @Test
    void meshOffAndNoPeersIsNoSessionAtAll() throws Exception {
        BirdConfig c = compile("n2", new BgpSettings(BgpConfig.DEFAULT.withMesh(false), List.of()));
        check("mesh-off-n2.conf", c);
        assertThat(c.sessions()).isEmpty();
        assertThat(c.text()).doesNotContain("protocol bgp ");
    }

    @Test
    void sameInputSameText() {
        assertThat(compile("n1", REFLECTORS).text()).isEqualTo(compile("n1", REFLECTORS).text());
    }

    @Test
    void namesThatClashInBirdStayDistinct() throws Exception {
        List<BgpNode> nodes = List.of(node("a", 11, 1), new BgpNode("node-1", IpAddress.parse("192.0.2.21"),
                Cidr.parse("10.244.21.0/24")), new BgpNode("node.1", IpAddress.parse("192.0.2.22"), Cidr.parse("10.244.22.0/24")));
        BirdConfig c = BirdConfig.compile(new BirdInput(nodes.getFirst(), nodes, NET, 24, BgpSettings.DEFAULT));
        assertThat(c.sessions().keySet()).containsExactly("node_node_1", "node_node_1_2");
        BirdCheck.assertValid(c.text());
    }

    @Test
    void aPeerAtANodesAddressReplacesTheNodeSessionAndOneAtOurOwnIsSkipped() {
        BgpSettings s = new BgpSettings(BgpConfig.DEFAULT, List.of(
                BgpPeer.global("at-n2", IpAddress.parse("192.0.2.12"), new Asn(64512)),
                BgpPeer.global("at-me", IpAddress.parse("192.0.2.11"), new Asn(65000))));
        BirdConfig c = compile("n1", s);
        assertThat(c.sessions().values()).extracting(Session::name).containsExactly("at-n2", "n3", "n4");
    }

    @Test
    void reflectorsConfiguredButAbsentLeaveClientsWithoutNodeSessions() {
        BgpSettings s = new BgpSettings(BgpConfig.DEFAULT.withReflector("gone", true), List.of());
        assertThat(compile("n1", s).sessions()).isEmpty();
    }

    @Test
    void ipv6IsRefusedNamingTheField() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BirdInput(NODES.getFirst(), NODES,
                Cidr.parse("fd00::/48"), 64, BgpSettings.DEFAULT)).hasMessageStartingWith("clusterNetwork:");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BirdInput(NODES.getFirst(), NODES,
                Cidr.parse("10.245.0.0/16"), 24, BgpSettings.DEFAULT)).hasMessageStartingWith("self.subnet:");
    }

    static final Cidr RANGE = Cidr.parse("192.0.2.0/24");

    static BirdConfig compileDynamic(String self, BgpSettings settings, Set<String> passive) {
        BgpNode me = NODES.stream().filter(n -> n.name().equals(self)).findFirst().orElseThrow();
        return BirdConfig.compile(new BirdInput(me, NODES, NET, 24, settings, Optional.of(RANGE), passive));
    }

    @Test
    void meshWithANodeRange_namesOnlyTheNodesNotLeftToIt() throws Exception {
        BirdConfig c = compileDynamic("n1", BgpSettings.DEFAULT, Set.of("n3", "n4"));
        check("mesh-dynamic-n1.conf", c);
        assertThat(c.sessions().values()).extracting(Session::name).containsExactly("n2");
        assertThat(c.text()).contains("neighbor range 192.0.2.0/24 as 64512;", "dynamic name \"dyn_\";",
                "import filter weft_import_nodes;", "if net ~ [ 10.244.0.0/16{24,32} ] then accept;")
                .doesNotContain("neighbor 192.0.2.13 ", "neighbor 192.0.2.14 ");
        assertThat(BirdConfig.nodeSessionsIn(c.text())).containsExactly("n2");
    }

    @Test
    void aJoinChangesNothingOnANodeThatLeavesTheJoinerToTheRange() {
        List<BgpNode> before = NODES.subList(0, 3);
        BgpNode joiner = NODES.get(3);
        String was = BirdConfig.compile(new BirdInput(NODES.getFirst(), before, NET, 24, BgpSettings.DEFAULT,
                Optional.of(RANGE), Set.of())).text();
        String now = BirdConfig.compile(new BirdInput(NODES.getFirst(), NODES, NET, 24, BgpSettings.DEFAULT,
                Optional.of(RANGE), Set.of(joiner.name()))).text();
        assertThat(now).isEqualTo(was);
        String reflectorWas = BirdConfig.compile(new BirdInput(NODES.getFirst(), before, NET, 24, REFLECTORS,
                Optional.of(RANGE), Set.of("n3"))).text();
        String reflectorNow = BirdConfig.compile(new BirdInput(NODES.getFirst(), NODES, NET, 24, REFLECTORS,
                Optional.of(RANGE), Set.of("n3", "n4"))).text();
        assertThat(reflectorNow).isEqualTo(reflectorWas);
    }

    @Test
    void reflectorWithANodeRange_acceptsItsClientsFromIt() throws Exception {
        BirdConfig c = compileDynamic("n1", REFLECTORS, Set.of("n3", "n4"));
        check("rr-server-dynamic-n1.conf", c);
        assertThat(c.sessions().values()).extracting(Session::name).containsExactly("n2");
        assertThat(c.text()).contains("description \"nodes in 192.0.2.0/24 (rr-client, dynamic)\";",
                "rr client;", "rr cluster id 244.0.0.1;");
    }

    @Test
    void reflectorClientWithANodeRange_namesItsReflectorsAndListensToNobody() throws Exception {
        BirdConfig c = compileDynamic("n3", REFLECTORS, Set.of());
        check("rr-client-dynamic-n3.conf", c);
        assertThat(c.sessions().values()).extracting(Session::name).containsExactly("n1", "n2");
        assertThat(c.text()).doesNotContain("neighbor range", "rr client");
    }

    @Test
    void theRecoveryConfigurationIsTheFreshOneWithoutTheListener_unlessANodeIsLeftToIt() throws Exception {
        BgpNode me = NODES.getFirst();
        BirdInput fresh = new BirdInput(me, NODES, NET, 24, BgpSettings.DEFAULT, Optional.of(RANGE), Set.of());
        String full = BirdConfig.compile(fresh).text();
        String recovery = BirdConfig.recovery(fresh).text();
        int listener = full.indexOf("\n# Nodes that open their session to this node");
        int sessions = full.indexOf("\nprotocol bgp node_n2 ");
        assertThat(listener).isPositive().isLessThan(sessions);
        assertThat(recovery).as("every session as in the full text, the listener left out")
                .isEqualTo(full.substring(0, listener) + full.substring(sessions))
                .doesNotContain(BirdConfig.LISTENER).contains("neighbor 192.0.2.12 ", "neighbor 192.0.2.14 ");
        BirdCheck.assertValid(recovery);
        BirdInput reflector = new BirdInput(me, NODES, NET, 24, REFLECTORS, Optional.of(RANGE), Set.of("n3", "n4"));
        assertThat(BirdConfig.recovery(reflector).text()).as("clients are left to the range: it stays")
                .isEqualTo(BirdConfig.compile(reflector).text());
        BirdInput noRange = new BirdInput(me, NODES, NET, 24, BgpSettings.DEFAULT);
        assertThat(BirdConfig.recovery(noRange).text()).isEqualTo(BirdConfig.compile(noRange).text());
    }

    @Test
    void aPassiveNodeOutsideTheRangeIsRefusedNamingTheField() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BirdInput(NODES.getFirst(), NODES, NET, 24,
                BgpSettings.DEFAULT, Optional.of(Cidr.parse("192.0.2.0/29")), Set.of("n3")))
                .hasMessageStartingWith("passive: node n3 at 192.0.2.13 is outside the node range 192.0.2.0/29");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BirdInput(NODES.getFirst(), NODES, NET, 24,
                BgpSettings.DEFAULT, Optional.empty(), Set.of("gone")))
                .hasMessageStartingWith("passive: gone is not another node");
    }

    @Test
    void timersReachTheTemplate() {
        BgpSettings s = new BgpSettings(BgpConfig.DEFAULT.withTimers(new dev.weft.bgp.BgpTimers(30, 10, 7, 200, 40)),
                List.of());
        assertThat(compile("n1", s).text()).contains("hold time 30;", "keepalive time 10;", "connect retry time 7;",
                "error wait time 1, 30;", "graceful restart time 200;", "graceful restart wait 40;");
        assertThat(Set.of()).isEmpty();
    }
}
