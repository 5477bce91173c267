package dev.weft.netlink.tc;

import dev.weft.net.InterfaceName;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.netlink.socket.NetlinkException;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Qdiscs and filters installed through weft's netlink in a throwaway namespace, read back by
 * weft's dump and cross-checked with {@code tc -j}: a TBF, an IFB with the ingress qdisc and a
 * mirred redirect (the two halves of the bandwidth plugin's shaping), and their removal.
 */
@RequiresRoot
class TcNetnsTest {
    @RegisterExtension
    final Netns netns = new Netns();
    private static final ObjectMapper JSON = new ObjectMapper();
    private String name;
    private NetNs ns;
    private Netlink nl;
    private int v0;

    @BeforeEach
    void setUp() {
        name = netns.create("wt-tc");
        ns = NetNs.named(name);
        nl = Netlink.open(ns);
        nl.links().add(new LinkSpec.Veth(InterfaceName.of("v0"), 0, InterfaceName.of("v1"), -1));
        v0 = nl.links().require("v0").index();
        nl.links().setUp(v0);
        nl.links().setUp(nl.links().require("v1").index());
    }

    @AfterEach
    void tearDown() {
        nl.close();
        ns.close();
    }

    private JsonNode tc(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("tc", "-j"));
        cmd.addAll(List.of(args));
        return JSON.readTree(Proc.inNetns(name, cmd.toArray(String[]::new)).check().out());
    }

    @Test
    void tbfIsInstalledDecodedBackChangedInPlaceAndDeleted() {
        TrafficControl tc = nl.tc();
        Tbf tbf = Tbf.withLatency(Rate.bitsPerSecond(10_000_000), 12_500, Duration.ofMillis(25));
        tc.ensureQdisc(Qdisc.rootTbf(v0, tbf));
        tc.ensureQdisc(Qdisc.rootTbf(v0, tbf)); // idempotent
        Qdisc root = tc.qdisc(v0, TcHandle.ROOT).orElseThrow();
        assertThat(root.handle()).isEqualTo(Qdisc.TBF_HANDLE);
        assertThat(tbf.sameAs((Tbf) root.kind())).as(root.toString()).isTrue();
        JsonNode shown = tc("qdisc", "show", "dev", "v0").get(0);
        assertThat(shown.path("kind").asString()).isEqualTo("tbf");
        assertThat(shown.path("handle").asString()).isEqualTo("1:");
        assertThat(shown.path("options").path("rate").asLong()).isEqualTo(1_250_000);
        assertThat(shown.path("options").path("burst").asLong()).isEqualTo(12_500);

        Tbf faster = new Tbf(Rate.bitsPerSecond(100_000_000), 125_000, 500_000);
        tc.ensureQdisc(Qdisc.rootTbf(v0, faster));
        Tbf now = (Tbf) tc.qdisc(v0, TcHandle.ROOT).orElseThrow().kind();
        assertThat(faster.sameAs(now)).as(now.toString()).isTrue();
        assertThat(tbf.sameAs(now)).isFalse();
        assertThatThrownBy(() -> tc.addQdisc(Qdisc.rootTbf(v0, tbf))).isInstanceOf(NetlinkException.ExistsException.class);

        assertThat(tc.deleteQdiscIfExists(v0, TcHandle.ROOT)).isTrue();
        assertThat(tc.deleteQdiscIfExists(v0, TcHandle.ROOT)).isFalse();
        assertThat(tc.qdisc(v0, TcHandle.ROOT).orElseThrow().kind()).isEqualTo(new QdiscKind.Other("noqueue"));
        assertThatThrownBy(() -> tc.deleteQdisc(Qdisc.rootTbf(v0, tbf))).isInstanceOf(NetlinkException.class);
    }

    @Test
    void ifbWithIngressAndMirredRedirectIsInstalledListedAndRemoved() {
        TrafficControl tc = nl.tc();
        int ifb = nl.links().addAndGet(LinkSpec.Ifb.named("wifb0")).index();
        assertThat(nl.links().require("wifb0").spec()).isEqualTo(new LinkSpec.Ifb(InterfaceName.of("wifb0"),
                nl.links().require("wifb0").mtu()));
        nl.links().setUp(ifb);
        // Without the ingress qdisc there is nowhere to hang the filter.
        assertThatThrownBy(() -> tc.addFilter(Filter.redirectAllIngress(v0, 1, ifb))).isInstanceOf(NetlinkException.class);

        tc.ensureQdisc(Qdisc.ingress(v0));
        tc.ensureQdisc(Qdisc.ingress(v0)); // idempotent
        Filter installed = tc.ensureFilter(Filter.redirectAllIngress(v0, 1, ifb));
        assertThat(installed.handle().value()).isEqualTo(0x80000800);
        assertThat(tc.ensureFilter(Filter.redirectAllIngress(v0, 1, ifb))).isEqualTo(installed);
        assertThat(tc.filters(v0, TcHandle.INGRESS_QDISC)).containsExactly(installed);
        tc.ensureQdisc(Qdisc.rootTbf(ifb, new Tbf(Rate.bitsPerSecond(10_000_000), 12_500, 50_000)));

        assertThat(tc.qdiscs(v0)).contains(Qdisc.ingress(v0));
        assertThat(tc.qdisc(ifb, TcHandle.ROOT).orElseThrow().kind()).isInstanceOf(Tbf.class);
        JsonNode rule = tc("filter", "show", "dev", "v0", "parent", "ffff:").get(2);
        assertThat(rule.path("options").path("fh").asString()).isEqualTo("800::800");
        JsonNode action = rule.path("options").path("actions").get(0);
        assertThat(action.path("kind").asString()).isEqualTo("mirred");
        assertThat(action.path("mirred_action").asString()).isEqualTo("redirect");
        assertThat(action.path("direction").asString()).isEqualTo("egress");
        assertThat(action.path("to_dev").asString()).isEqualTo("wifb0");

        // A different target replaces the rule of that priority.
        int other = nl.links().addAndGet(LinkSpec.Ifb.named("wifb1")).index();
        Filter moved = tc.ensureFilter(Filter.redirectAllIngress(v0, 1, other));
        assertThat(tc.filters(v0, TcHandle.INGRESS_QDISC)).containsExactly(moved);
        tc.deleteFilter(moved);
        assertThat(tc.filters(v0, TcHandle.INGRESS_QDISC)).isEmpty();
        assertThat(tc.deleteFilters(v0, TcHandle.INGRESS_QDISC, 1)).isFalse();

        tc.addFilter(Filter.redirectAllIngress(v0, 1, ifb));
        tc.deleteQdisc(Qdisc.ingress(v0)); // its filters go with it
        assertThat(tc.qdisc(v0, TcHandle.INGRESS)).isEmpty();
        assertThatThrownBy(() -> tc.deleteQdisc(Qdisc.ingress(v0))).isInstanceOf(NetlinkException.class);
        nl.links().delete(ifb); // DEL of the bandwidth plugin: the IFB and its TBF go together
        assertThat(nl.links().get("wifb0")).isEmpty();
        assertThat(tc.qdiscs(ifb)).isEmpty();
    }

    @Test
    void clsactTakesTheIngressSlotAndTheHooksTakeFilters() {
        TrafficControl tc = nl.tc();
        tc.ensureQdisc(Qdisc.clsact(v0));
        tc.ensureQdisc(Qdisc.clsact(v0));
        assertThat(tc.qdisc(v0, TcHandle.INGRESS)).contains(Qdisc.clsact(v0));
        assertThat(tc("qdisc", "show", "dev", "v0").findValuesAsString("kind")).contains("clsact");
        int v1 = nl.links().require("v1").index();
        Filter egress = new Filter(v0, TcHandle.CLSACT_EGRESS, 3, Filter.ALL_PROTOCOLS, TcHandle.NONE,
                FilterKind.U32.matchAll(List.of(new Action.Mirred(Action.Mirred.Mode.EGRESS_MIRROR, v1))));
        Filter installed = tc.ensureFilter(egress);
        assertThat(installed.sameRule(egress)).isTrue();
        assertThat(tc.filters(v0, TcHandle.CLSACT_EGRESS)).containsExactly(installed);
        assertThat(tc.filters(v0, TcHandle.CLSACT_INGRESS)).isEmpty();
        tc.deleteQdisc(Qdisc.clsact(v0));
        assertThat(tc.qdisc(v0, TcHandle.INGRESS)).isEmpty();
    }
}
