package dev.weft.plugins.tuning;

import dev.weft.plugins.testing.BridgedPods;
import dev.weft.plugins.testing.BridgedPods.Pod;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import dev.weft.testkit.Netns;
import dev.weft.testkit.Proc;
import dev.weft.testkit.RequiresRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft-tuning on the real kernel, chained after weft-bridge: every key applied in the pod's
 * namespace, CHECK, DEL putting every previous value back (sysctls too), MAC precedence across
 * the config, CNI_ARGS and the capability, and bad input or a refused value changing nothing.
 */
@RequiresRoot("creates namespaces and changes links and sysctls inside them")
class TuningNetnsTest {
    @RegisterExtension
    final Netns netns = new Netns();
    @TempDir
    Path tmp;
    private BridgedPods lab;
    private TuningPlugin tuning;

    @BeforeEach
    void setUp() {
        lab = new BridgedPods(netns, tmp);
        tuning = new TuningPlugin(tmp.resolve("no-allowlist.conf"));
    }

    private String conf(Pod pod, String keys, String runtimeConfig) {
        return BridgedPods.chained("weft-tuning", "\"dataDir\": \"" + tmp.resolve("tuning") + "\"" + (keys.isEmpty() ? "" : ", " + keys),
                pod, runtimeConfig);
    }

    private static String sysctl(Pod pod, String path) {
        return Proc.inNetns(pod.netns(), "cat", "/proc/sys/" + path).check().out().strip();
    }

    private static String link(Pod pod) {
        return Proc.run("ip", "-n", pod.netns(), "-d", "link", "show", "eth0").check().out();
    }

    private static Outcome ok(Outcome o) {
        assertThat(o.exit()).as(String.valueOf(o.out()) + o.err()).isZero();
        return o;
    }

    @Test
    void everyKeyIsAppliedCheckedAndPutBackAtDel() throws IOException {
        Pod pod = lab.pod("tu1");
        String before = link(pod);
        String rpBefore = sysctl(pod, "net/ipv4/conf/eth0/rp_filter");
        String somaxBefore = sysctl(pod, "net/core/somaxconn");
        String conf = conf(pod, """
                "sysctl": {"net.ipv4.conf.IFNAME.rp_filter": "2", "net.core.somaxconn": "777"},
                "mac": "02:42:ac:11:00:99", "mtu": 1400, "promisc": true, "allmulti": true, "txQLen": 2345""", null);
        Outcome add = ok(BridgedPods.run(tuning, "ADD", pod, conf));
        assertThat(add.out().path("interfaces").toString()).as("the result reports the new MAC").contains("02:42:ac:11:00:99");
        assertThat(sysctl(pod, "net/ipv4/conf/eth0/rp_filter")).isEqualTo("2");
        assertThat(sysctl(pod, "net/core/somaxconn")).isEqualTo("777");
        assertThat(link(pod)).contains("mtu 1400").contains("PROMISC").contains("ALLMULTI").contains("qlen 2345")
                .contains("link/ether 02:42:ac:11:00:99");
        assertThat(ok(BridgedPods.run(tuning, "CHECK", pod, conf)).exit()).isZero();

        Proc.run("ip", "-n", pod.netns(), "link", "set", "eth0", "mtu", "1300").check();
        Outcome broken = BridgedPods.run(tuning, "CHECK", pod, conf);
        assertThat(broken.errorCode()).isEqualTo(3);
        assertThat(broken.msg()).contains("mtu is 1300, configured 1400");

        ok(BridgedPods.run(tuning, "ADD", pod, conf)); // a second ADD must keep the first one's originals
        ok(BridgedPods.run(tuning, "DEL", pod, conf));
        assertThat(sysctl(pod, "net/ipv4/conf/eth0/rp_filter")).isEqualTo(rpBefore);
        assertThat(sysctl(pod, "net/core/somaxconn")).isEqualTo(somaxBefore);
        String after = link(pod);
        assertThat(after).doesNotContain("PROMISC").doesNotContain("ALLMULTI").doesNotContain("02:42:ac:11:00:99");
        assertThat(after.replaceAll(".*(mtu \\d+).*(?s:.*)", "$1")).isEqualTo(before.replaceAll(".*(mtu \\d+).*(?s:.*)", "$1"));
        assertThat(after).contains(before.replaceAll("(?s).*(qlen \\d+).*", "$1"))
                .contains(before.replaceAll("(?s).*(link/ether \\S+).*", "$1"));
        try (var files = Files.walk(tmp.resolve("tuning"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("the saved values are gone").isEmpty();
        }
        ok(BridgedPods.run(tuning, "DEL", pod, conf));
    }

    @Test
    void theCapabilityBeatsCniArgsWhichBeatTheConfig() {
        Pod pod = lab.pod("tu2");
        String conf = conf(pod, "\"mac\": \"02:00:00:00:00:01\"", "{\"mac\": \"02:00:00:00:00:03\"}");
        Outcome add = new PluginHarness(tuning).run("ADD", pod.containerId(), "eth0", conf,
                Map.of("CNI_NETNS", pod.path(), "CNI_ARGS", "IgnoreUnknown=1;MAC=02:00:00:00:00:02"));
        ok(add);
        assertThat(link(pod)).contains("link/ether 02:00:00:00:00:03");
        String noCap = conf(pod, "\"mac\": \"02:00:00:00:00:01\"", null);
        ok(new PluginHarness(tuning).run("ADD", pod.containerId(), "eth0", noCap,
                Map.of("CNI_NETNS", pod.path(), "CNI_ARGS", "MAC=02:00:00:00:00:02")));
        assertThat(link(pod)).contains("link/ether 02:00:00:00:00:02");
    }

    @Test
    void badInputAndRefusedValuesChangeNothing() throws IOException {
        Pod pod = lab.pod("tu3");
        String before = link(pod);
        String rpBefore = sysctl(pod, "net/ipv4/conf/eth0/rp_filter");
        String[][] cases = {
                {"\"sysctl\": {\"kernel.hostname\": \"x\"}", "sysctl.kernel.hostname"},
                {"\"sysctl\": {\"net/../kernel/hostname\": \"x\"}", "sysctl.net/../kernel/hostname"},
                {"\"sysctl\": {\"net.ipv4.conf.IFNAME.no_such_key\": \"1\"}", "no_such_key"},
                {"\"mtu\": 40", "mtu"},
                {"\"mac\": \"not-a-mac\"", "mac"},
                // rp_filter is written first, then the kernel refuses the second value: the first is put back
                {"\"mtu\": 1280, \"sysctl\": {\"net.ipv4.conf.IFNAME.rp_filter\": \"2\", \"net.ipv4.conf.IFNAME.forwarding\": \"x\"}",
                        "sysctl.net.ipv4.conf.IFNAME.forwarding"},
        };
        for (String[] c : cases) {
            Outcome o = BridgedPods.run(tuning, "ADD", pod, conf(pod, c[0], null));
            assertThat(o.errorCode()).as(c[0] + " " + o.out()).isEqualTo(7);
            assertThat(o.msg()).as(c[0]).contains(c[1]);
        }
        assertThat(link(pod)).isEqualTo(before);
        assertThat(sysctl(pod, "net/ipv4/conf/eth0/rp_filter")).isEqualTo(rpBefore);
        assertThat(Files.exists(tmp.resolve("tuning")) ? Files.walk(tmp.resolve("tuning")).filter(Files::isRegularFile).count()
                : 0).isZero();

        Files.writeString(tmp.resolve("allow.conf"), "^net\\.core\\.somaxconn$\n");
        Outcome refused = BridgedPods.run(new TuningPlugin(tmp.resolve("allow.conf")), "ADD", pod,
                conf(pod, "\"sysctl\": {\"net.ipv4.conf.IFNAME.rp_filter\": \"2\"}", null));
        assertThat(refused.errorCode()).isEqualTo(7);
        assertThat(refused.msg()).contains("not allowed by");
        ok(BridgedPods.run(new TuningPlugin(tmp.resolve("allow.conf")), "ADD", pod,
                conf(pod, "\"sysctl\": {\"net.core.somaxconn\": \"600\"}", null)));
        assertThat(sysctl(pod, "net/core/somaxconn")).isEqualTo("600");
    }
}
