package dev.weft.ipam.cluster.plugin;

import dev.weft.sdk.testing.PluginHarness;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** ADD, DEL and CHECK of weft-ipam through the dispatcher, on the embedded store. */
class WeftIpamPluginTest extends PluginFixture {

    @Test
    void addReturnsAnAddressWithThePoolsPrefixItsGatewayAndTheRoutes() {
        PluginHarness.Outcome o = run("ADD", "c1", conf("\"pool\": \"p\", \"routes\": [{\"dst\": \"0.0.0.0/0\"}]"));
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(ip(o)).startsWith("10.20.0.").endsWith("/24").isNotEqualTo("10.20.0.1/24");
        assertThat(o.out().get("ips").get(0).get("gateway").asString()).isEqualTo("10.20.0.1");
        assertThat(o.out().get("routes").get(0).get("dst").asString()).isEqualTo("0.0.0.0/0");
        assertThat(snap().handles()).containsOnlyKeys(att("c1"));
        assertThat(snap().handles().get(att("c1")).value().node()).as("the agent's node by default").isEqualTo("n1");
        assertThat(records("n1").read(att("c1"))).hasValueSatisfying(r -> {
            assertThat(r.network()).isEqualTo("net");
            assertThat(r.netns()).isEqualTo("/run/netns/nonexistent");
        });
    }

    @Test
    void aRepeatedAddGetsTheSameAddress_andAFreshProcessToo() {
        String first = ip(add("c1"));
        assertThat(ip(add("c1"))).isEqualTo(first);
        PluginHarness oneShot = new PluginHarness(new WeftIpamPlugin(IpamProvider.oneShot()));
        PluginHarness.Outcome o = oneShot.run("ADD", "c1", "eth0", conf("\"pool\": \"p\", \"node\": \"n1\""), Map.of());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(ip(o)).isEqualTo(first);
        assertThat(snap().blocks().stream().mapToInt(b -> b.value().slots().size()).sum()).isEqualTo(1);
    }

    @Test
    void aWarmAddAndDelThroughTheSharedProviderAreOneTransactionEachAndNoRead() {
        add("warm");
        store.reset();
        add("c1");
        add("c2");
        assertThat(store.reads.get()).as("datastore reads of two warm ADDs").isZero();
        assertThat(store.writes.get()).as("one transaction (block and handle) per ADD").isEqualTo(2);
        store.reset();
        assertThat(run("DEL", "c1", conf("\"pool\": \"p\"")).exit()).isZero();
        assertThat(store.reads.get()).as("datastore reads of a warm DEL").isZero();
        assertThat(store.writes.get()).as("one transaction (block freed, handle deleted) per DEL").isEqualTo(1);
        assertThat(snap().handles()).containsOnlyKeys(att("warm"), att("c2"));
    }

    @Test
    void delReleasesExactlyTheHandlesAddresses_andSucceedsWhenThereIsNothing() {
        String a = ip(add("c1"));
        add("c2");
        PluginHarness.Outcome del = run("DEL", "c1", conf("\"pool\": \"p\""));
        assertThat(del.exit()).as(del.err()).isZero();
        assertThat(snap().handles()).containsOnlyKeys(att("c2"));
        assertThat(records("n1").read(att("c1"))).isEmpty();
        assertThat(run("DEL", "c1", conf("\"pool\": \"p\"")).exit()).isZero();
        assertThat(run("DEL", "never", conf("\"pool\": \"p\"")).exit()).isZero();
        assertThat(snap().blocks().getFirst().value().slots()).hasSize(1);
        assertThat(ip(add("c3"))).as("a freed address is reused last").isNotEqualTo(a);
        consistent();
    }

    @Test
    void checkVerifiesTheHandleStillHoldsTheAddress() {
        PluginHarness.Outcome added = add("c1");
        String conf = conf("\"pool\": \"p\"");
        String withPrev = conf.replaceFirst("\\{", "{\"prevResult\": " + added.out() + ", ");
        assertThat(run("CHECK", "c1", withPrev).exit()).isZero();
        String otherPrev = withPrev.replace(ip(added).split("/")[0], "10.20.0.77");
        PluginHarness.Outcome wrong = run("CHECK", "c1", otherPrev);
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.msg()).contains("10.20.0.77").contains("not held by attachment c1:eth0");
        run("DEL", "c1", conf);
        PluginHarness.Outcome gone = run("CHECK", "c1", conf);
        assertThat(gone.errorCode()).isEqualTo(3);
        assertThat(gone.msg()).contains("holds no address of pool p");
    }

    @Test
    void poolExhausted_isCode100NamingThePool_andLeavesNothingHalfAllocated() {
        pool("tiny", "10.30.0.0/30", Optional.empty()); // .1 and .2 allocatable (network and broadcast never)
        String conf = conf("\"pool\": \"tiny\"");
        assertThat(run("ADD", "t1", conf).exit()).isZero();
        assertThat(run("ADD", "t2", conf).exit()).isZero();
        PluginHarness.Outcome full = run("ADD", "t3", conf);
        assertThat(full.errorCode()).isEqualTo(100);
        assertThat(full.msg()).contains("pool tiny").contains("exhausted");
        assertThat(snap().handles()).doesNotContainKey(att("t3"));
        assertThat(records("n1").read(att("t3"))).as("the failed ADD's record is gone").isEmpty();
        consistent();
    }

    @Test
    void dualStack_oneAddressPerPool_andAFailureInTheSecondGivesBackTheFirst() {
        pool("v6", "fd00:20::/120", Optional.empty());
        PluginHarness.Outcome o = run("ADD", "c1", conf("\"pools\": [\"p\", \"v6\"]"));
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out().get("ips")).hasSize(2);
        assertThat(o.out().get("ips").get(1).get("address").asString()).startsWith("fd00:20::").endsWith("/120");

        PluginHarness.Outcome bad = run("ADD", "c2", conf("\"pools\": [\"p\", \"nosuchpool\"]"));
        assertThat(bad.errorCode()).isEqualTo(7);
        assertThat(bad.msg()).contains("nosuchpool");
        assertThat(snap().handles()).containsOnlyKeys(att("c1"));
        assertThat(snap().blocks().stream().mapToInt(b -> b.value().slots().size()).sum()).isEqualTo(2);
        consistent();
    }

    @Test
    void aRequestedAddressIsHonoured_andOneHeldByAnotherIsCode101() {
        PluginHarness.Outcome o = plugin.run("ADD", "c1", "eth0", conf("\"pool\": \"p\""), Map.of("CNI_ARGS", "IP=10.20.0.40"));
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(ip(o)).isEqualTo("10.20.0.40/24");
        PluginHarness.Outcome taken = plugin.run("ADD", "c2", "eth0", conf("\"pool\": \"p\""), Map.of("CNI_ARGS", "IP=10.20.0.40"));
        assertThat(taken.errorCode()).isEqualTo(101);
        PluginHarness.Outcome outside = plugin.run("ADD", "c3", "eth0", conf("\"pool\": \"p\""), Map.of("CNI_ARGS", "IP=10.99.0.1"));
        assertThat(outside.errorCode()).isEqualTo(7);
        assertThat(outside.msg()).contains("10.99.0.1").contains("none of the pools");
        assertThat(snap().handles()).containsOnlyKeys(att("c1"));
        consistent();
    }

    @Test
    void status_isReadyWithThePool_andCode50WithoutIt() {
        assertThat(plugin.run("STATUS", "x", "eth0", conf("\"pool\": \"p\""), Map.of()).exit()).isZero();
        PluginHarness.Outcome missing = plugin.run("STATUS", "x", "eth0", conf("\"pool\": \"nope\""), Map.of());
        assertThat(missing.errorCode()).isEqualTo(50);
        assertThat(missing.msg()).contains("IP pool nope does not exist");
    }

    @Test
    void podIdentityFromTheKubeletsArgsIsKeptOnTheHandle() {
        plugin.run("ADD", "c1", "eth0", conf("\"pool\": \"p\""),
                Map.of("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=x;K8S_POD_NAME=a"));
        assertThat(snap().handles().get(att("c1")).value().pod()).contains("x/a");
    }
}
