package dev.weft.cli.bgp;

import dev.weft.bgp.Asn;
import dev.weft.bgp.BgpConfig;
import dev.weft.bgp.BgpStore;
import dev.weft.bgp.bird.SessionState;
import dev.weft.bgp.speaker.BgpStatus;
import dev.weft.bgp.speaker.SessionStatus;
import dev.weft.cluster.ClusterConfig;
import dev.weft.cluster.SubnetManager;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import dev.weft.testkit.Proc;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft cluster init --backend bgp} and {@code weft bgp} as a user runs them: bad input names the field and stores nothing. */
class BgpCommandTest {
    @TempDir
    Path tmp;

    private Proc.Result weft(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--datastore", tmp.resolve("store.json").toString()));
        return WeftCli.run(null, Map.of(), all.toArray(String[]::new));
    }

    private void inStore(Consumer<Datastore> check) {
        try (Datastore ds = new EmbeddedDatastore(tmp.resolve("store.json"))) {
            check.accept(ds);
        }
    }

    private static void refused(Proc.Result r, String... words) {
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        for (String w : words) {
            assertThat(r.err()).contains(w);
        }
    }

    @Test
    void clusterInitStoresTheBgpSettings_andRefusesABadAsWithNothingStored() {
        refused(weft("cluster", "init", "--network", "10.244.0.0/16", "--backend", "bgp", "--as", "0"), "--as", "1..4294967295");
        refused(weft("cluster", "init", "--network", "10.244.0.0/16", "--backend", "bgp", "--as", "4294967296"), "--as",
                "4294967296");
        refused(weft("cluster", "init", "--network", "10.244.0.0/16", "--backend", "bgp", "--mesh", "maybe"), "--mesh");
        refused(weft("cluster", "init", "--network", "10.244.0.0/16", "--backend", "vxlan", "--as", "65000"), "bgp backend only");
        inStore(ds -> {
            assertThat(ds.get(ClusterConfig.KEY)).as("no cluster configuration stored").isEmpty();
            assertThat(ds.get(BgpConfig.KEY)).as("no BGP settings stored").isEmpty();
        });

        Proc.Result ok = weft("cluster", "init", "--network", "10.244.0.0/16", "--backend", "bgp", "--as", "4294967295",
                "--mesh", "off");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("as 4294967295").contains("mesh off").contains("backend bgp");
        inStore(ds -> {
            BgpConfig c = new BgpStore(ds).config();
            assertThat(c.asn()).isEqualTo(new Asn(4_294_967_295L));
            assertThat(c.mesh()).isFalse();
            assertThat(new SubnetManager(ds).config().backend()).isEqualTo("bgp");
        });
        // the same again is fine; different BGP settings are refused before anything changes
        assertThat(weft("cluster", "init", "--network", "10.244.0.0/16", "--backend", "bgp", "--as", "4294967295",
                "--mesh", "off").exit()).isZero();
        refused(weft("cluster", "init", "--network", "10.244.0.0/16", "--backend", "bgp"), "already configured");
        inStore(ds -> assertThat(new BgpStore(ds).config().mesh()).isFalse());
    }

    @Test
    void peersAreCheckedBeforeTheyAreStored() {
        inStore(ds -> {
            SubnetManager subnets = new SubnetManager(ds);
            subnets.init(ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "bgp"));
            subnets.reserve(Cidr.parse("10.244.1.0/24"), "n1"); // n1 is a known node
        });
        refused(weft("bgp", "peer", "add", "tor", "--peer-ip", "300.1.1.1", "--as", "65000"), "peerIp", "300.1.1.1");
        refused(weft("bgp", "peer", "add", "tor", "--peer-ip", "172.30.0.1", "--as", "0"), "as:", "1..4294967295");
        refused(weft("bgp", "peer", "add", "tor", "--peer-ip", "172.30.0.1", "--as", "4294967296"), "as:");
        refused(weft("bgp", "peer", "add", "tor", "--peer-ip", "172.30.0.1", "--as", "65000", "--node", "n9"),
                "unknown node n9", "known: n1");
        refused(weft("bgp", "peer", "add", "Tor!", "--peer-ip", "172.30.0.1", "--as", "65000"), "name:");
        inStore(ds -> assertThat(new BgpStore(ds).peers()).as("nothing stored").isEmpty());

        Proc.Result ok = weft("bgp", "peer", "add", "tor", "--peer-ip", "172.30.0.1", "--as", "65000", "--node", "n1");
        assertThat(ok.exit()).as(ok.err()).isZero();
        refused(weft("bgp", "peer", "add", "tor", "--peer-ip", "172.30.0.9", "--as", "65001"), "already exists");
        inStore(ds -> assertThat(new BgpStore(ds).peers()).singleElement()
                .satisfies(p -> assertThat(p.peerIp()).isEqualTo(IpAddress.parse("172.30.0.1"))));

        Proc.Result list = weft("bgp", "peer", "list");
        assertThat(list.out()).contains("tor").contains("172.30.0.1").contains("65000").contains("n1");
        assertThat(weft("bgp", "peer", "del", "tor").exit()).isZero();
        refused(weft("bgp", "peer", "del", "tor"), "no peer named");
        inStore(ds -> assertThat(new BgpStore(ds).peers()).isEmpty());
    }

    @Test
    void routeReflectorsMustBeKnownNodes() {
        inStore(ds -> {
            SubnetManager subnets = new SubnetManager(ds);
            subnets.init(ClusterConfig.of(Cidr.parse("10.244.0.0/16"), 24, "bgp"));
            subnets.reserve(Cidr.parse("10.244.1.0/24"), "n1");
            subnets.reserve(Cidr.parse("10.244.2.0/24"), "n2");
        });
        refused(weft("bgp", "rr", "add", "n1", "n7"), "unknown node n7");
        refused(weft("bgp", "rr", "add", "n1", "--cluster-id", "not-an-id"), "--cluster-id");
        inStore(ds -> assertThat(ds.get(BgpConfig.KEY)).isEmpty());

        Proc.Result ok = weft("bgp", "rr", "add", "n1", "n2", "--cluster-id", "10.255.0.1");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("route reflectors n1,n2 (cluster id 10.255.0.1)");
        refused(weft("bgp", "rr", "del", "n3"), "not a route reflector");
        assertThat(weft("bgp", "rr", "del", "n2").exit()).isZero();
        inStore(ds -> {
            BgpConfig c = new BgpStore(ds).config();
            assertThat(c.reflectors()).containsExactly("n1");
            assertThat(c.reflectorClusterId()).contains(IpAddress.parse("10.255.0.1"));
        });
        Proc.Result show = weft("bgp", "show");
        assertThat(show.out()).contains("as 64512, mesh on, route reflectors n1").contains("hold 9 s");
    }

    @Test
    void statusShowsEveryNodesSessionsAsATableOrJson_andFlagsAStaleReport() throws Exception {
        Instant now = Instant.now();
        BgpStatus n1 = new BgpStatus("n1", true, List.of(new SessionStatus("n2", "node", "ibgp", "172.30.0.12", 64512,
                SessionState.ESTABLISHED, Optional.of(now.minusSeconds(75)), 1, "")), Optional.empty(), now);
        BgpStatus n2 = new BgpStatus("n2", true, List.of(new SessionStatus("n1", "node", "ibgp", "172.30.0.11", 64512,
                SessionState.ACTIVE, Optional.empty(), 0, "Socket: Connection refused")), Optional.empty(), now.minusSeconds(120));
        Path f1 = Files.writeString(tmp.resolve("n1.json"), n1.toJson().toString());
        Path f2 = Files.writeString(tmp.resolve("n2.json"), n2.toJson().toString());

        Proc.Result table = WeftCli.run(null, Map.of(), "bgp", "status", "--status-file", f1.toString(), "--status-file",
                f2.toString());
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("NODE").contains("Established").contains("1m15s")
                .contains("Active").contains("Socket: Connection refused").contains("the agent is not running");

        Proc.Result json = WeftCli.run(null, Map.of(), "bgp", "status", "-o", "json", "--status-file", f1.toString());
        assertThat(json.exit()).as(json.err()).isZero();
        var tree = JsonMapper.builder().build().readTree(json.out());
        assertThat(tree.get(0).path("sessions").get(0).path("state").asString()).isEqualTo("Established");
        assertThat(tree.get(0).path("sessions").get(0).path("routesLearned").asLong()).isEqualTo(1);

        Proc.Result missing = WeftCli.run(null, Map.of(), "bgp", "status", "--status-file", tmp.resolve("none.json").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).contains("no report at");
    }
}
