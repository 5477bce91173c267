package dev.weft.ipam.hostlocal;

import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HostLocalPluginTest {
    @TempDir
    Path data;
    private final PluginHarness plugin = new PluginHarness(newPlugin());

    /** The plugin under test; {@link IndexedHostLocalPluginTest} runs every test on the agent's index. */
    HostLocalPlugin newPlugin() {
        return new HostLocalPlugin();
    }

    /** Waits for what the plugin writes behind its calls ({@code last_reserved_ip} of the agent's index). */
    void settle() {
    }

    private String conf(String ipam) {
        return """
                {"cniVersion": "1.1.0", "name": "net1", "type": "bridge",
                 "ipam": {"type": "weft-host-local", "dataDir": "%s", %s}}
                """.formatted(data, ipam);
    }

    private String v4(String extra) {
        return conf("\"ranges\": [[{\"subnet\": \"10.1.2.0/24\"" + extra + "}]]");
    }

    private static String address(Outcome o, int i) {
        return o.out().path("ips").path(i).path("address").asString();
    }

    @Test
    void firstAddressSkipsNetworkAndGatewayAndRoundRobins() {
        Outcome a = plugin.run("ADD", "ctr-a", v4(""));
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(address(a, 0)).isEqualTo("10.1.2.2/24");
        assertThat(a.out().path("ips").path(0).path("gateway").asString()).isEqualTo("10.1.2.1");
        assertThat(plugin.run("DEL", "ctr-a", v4("")).exit()).isZero();
        // round robin: the next ADD continues after the last reserved address
        assertThat(address(plugin.run("ADD", "ctr-b", v4("")), 0)).isEqualTo("10.1.2.3/24");
    }

    @Test
    void onDiskLayoutIsTheReferenceOne() throws IOException {
        plugin.run("ADD", "ctr-a", "eth1", v4(""), Map.of());
        Path dir = data.resolve("net1");
        assertThat(Files.readString(dir.resolve("10.1.2.2"))).isEqualTo("ctr-a\r\neth1");
        settle();
        assertThat(Files.readString(dir.resolve("last_reserved_ip.0"))).isEqualTo("10.1.2.2");
        assertThat(dir.resolve("lock")).exists();
    }

    @Test
    void aClaimLeavesNoTemporaryNameAndLastReservedIsRewrittenInPlace() throws IOException {
        Path dir = data.resolve("net1");
        plugin.run("ADD", "ctr-a", "eth1", v4(""), Map.of());
        settle();
        Object inode = Files.getAttribute(dir.resolve("last_reserved_ip.0"), "unix:ino");
        plugin.run("ADD", "ctr-b", "eth1", v4(""), Map.of());
        settle();
        assertThat(Files.readString(dir.resolve("last_reserved_ip.0"))).isEqualTo("10.1.2.3");
        assertThat(Files.getAttribute(dir.resolve("last_reserved_ip.0"), "unix:ino")).isEqualTo(inode);
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("lock", "last_reserved_ip.0", "10.1.2.2",
                "10.1.2.3", ".owner:ctr-a:eth1:10.1.2.2", ".owner:ctr-b:eth1:10.1.2.3");
        assertThat(Files.getAttribute(dir.resolve("10.1.2.3"), "unix:nlink")).isEqualTo(2);
    }

    @Test
    void aShorterLastReservedAddressIsCutToItsLength() throws IOException {
        Path dir = data.resolve("net1");
        plugin.run("ADD", "a", "eth0", v4(""), Map.of("CNI_ARGS", "IP=10.1.2.100"));
        plugin.run("ADD", "b", "eth0", v4(""), Map.of("CNI_ARGS", "IP=10.1.2.5"));
        settle();
        assertThat(Files.readString(dir.resolve("last_reserved_ip.0"))).isEqualTo("10.1.2.5");
        assertThat(address(plugin.run("ADD", "c", "eth0", v4(""), Map.of()), 0)).isEqualTo("10.1.2.6/24");
    }

    @Test
    void aLastReservedFileWithAnotherNameIsReplacedNotWrittenThrough() throws IOException {
        Path dir = data.resolve("net1");
        plugin.run("ADD", "ctr-a", "eth1", v4(""), Map.of());
        Path other = data.resolve("elsewhere");
        settle();
        Files.createLink(other, dir.resolve("last_reserved_ip.0"));
        plugin.run("ADD", "ctr-b", "eth1", v4(""), Map.of());
        settle();
        assertThat(Files.readString(other)).isEqualTo("10.1.2.2");
        assertThat(Files.readString(dir.resolve("last_reserved_ip.0"))).isEqualTo("10.1.2.3");
    }

    @Test
    void eachAddressHasAnOwnerLinkToTheSameFileWhichDelRemovesWithIt() throws IOException {
        plugin.run("ADD", "ctr-a", "eth1", v4(""), Map.of());
        Path dir = data.resolve("net1");
        Path link = dir.resolve(".owner:ctr-a:eth1:10.1.2.2");
        assertThat(Files.isSameFile(link, dir.resolve("10.1.2.2"))).isTrue();
        assertThat(Files.readString(link)).isEqualTo("ctr-a\r\neth1"); // what the reference's release-by-ID matches
        assertThat(plugin.run("DEL", "ctr-a", "eth1", v4(""), Map.of()).exit()).isZero();
        assertThat(dir.toFile().list((d, n) -> !n.equals("lock") && !n.startsWith("last_reserved"))).isEmpty();
    }

    @Test
    void recordsWithoutAnOwnerLinkAreStillFoundByReadingThem() throws IOException {
        Path dir = Files.createDirectories(data.resolve("net1"));
        Files.writeString(dir.resolve("10.1.2.9"), "ref-ctr\r\neth0"); // as the reference writes it
        plugin.run("ADD", "other", v4("")); // gets an owner link
        assertThat(address(plugin.run("ADD", "ref-ctr", v4("")), 0)).isEqualTo("10.1.2.9/24");
        assertThat(dir.toFile().list((d, n) -> n.startsWith("10."))).hasSize(2);
    }

    @Test
    void anOwnerLinkWhoseAddressIsGoneIsIgnoredAndGcRemovesIt() throws IOException {
        Path dir = Files.createDirectories(data.resolve("net1"));
        Files.writeString(dir.resolve(".owner:a:eth0:10.1.2.5"), "a\r\neth0"); // its address file was deleted by name
        assertThat(address(plugin.run("ADD", "a", v4("")), 0)).isEqualTo("10.1.2.2/24");
        // a link that contradicts its file (the address now someone else's) is not believed either
        Files.writeString(dir.resolve(".owner:b:eth0:10.1.2.2"), "b\r\neth0");
        assertThat(address(plugin.run("ADD", "b", v4("")), 0)).isEqualTo("10.1.2.3/24");
        assertThat(address(plugin.run("ADD", "a", v4("")), 0)).isEqualTo("10.1.2.2/24");
        String gc = v4("").replace("\"type\": \"bridge\",", "\"type\": \"bridge\", "
                + "\"cni.dev/valid-attachments\": [{\"containerID\": \"a\", \"ifname\": \"eth0\"},"
                + " {\"containerID\": \"b\", \"ifname\": \"eth0\"}],");
        assertThat(plugin.run("GC", "", "", gc, Map.of()).exit()).isZero();
        assertThat(dir.resolve(".owner:a:eth0:10.1.2.5")).doesNotExist();
        assertThat(dir.resolve("10.1.2.2")).exists();
        assertThat(dir.resolve("10.1.2.3")).exists();
    }

    @Test
    void ownerLinkNamesAreUnambiguousOrAbsent() {
        var ip = dev.weft.net.IpAddress.parse("fd00::5");
        assertThat(AllocationStore.ownerLinkName(new dev.weft.cni.Attachment("c1", "eth0"), ip))
                .contains(".owner:c1:eth0:fd00::5");
        assertThat(AllocationStore.ownerLinkName(new dev.weft.cni.Attachment("c:1", "eth0"), ip)).isEmpty();
        assertThat(AllocationStore.ownerLinkName(new dev.weft.cni.Attachment("c".repeat(250), "eth0"), ip)).isEmpty();
    }

    @Test
    void releasesRecordsWrittenByTheReferenceAndItsOlderIdOnlyFormat() throws IOException {
        Path dir = Files.createDirectories(data.resolve("net1"));
        Files.writeString(dir.resolve("10.1.2.7"), "old-ctr");
        Files.writeString(dir.resolve("10.1.2.8"), "ref-ctr\r\neth0");
        assertThat(plugin.run("DEL", "old-ctr", v4("")).exit()).isZero();
        assertThat(plugin.run("DEL", "ref-ctr", v4("")).exit()).isZero();
        assertThat(dir.resolve("10.1.2.7")).doesNotExist();
        assertThat(dir.resolve("10.1.2.8")).doesNotExist();
    }

    @Test
    void rangeBoundsAndExhaustion() {
        String c = v4(", \"rangeStart\": \"10.1.2.10\", \"rangeEnd\": \"10.1.2.11\"");
        assertThat(address(plugin.run("ADD", "a", c), 0)).isEqualTo("10.1.2.10/24");
        assertThat(address(plugin.run("ADD", "b", c), 0)).isEqualTo("10.1.2.11/24");
        Outcome full = plugin.run("ADD", "c", c);
        assertThat(full.exit()).isEqualTo(1);
        assertThat(full.errorCode()).isEqualTo(HostLocalErrors.RANGE_EXHAUSTED).isNotEqualTo(11);
        assertThat(full.msg()).contains("no IP addresses available in range set 10.1.2.10-10.1.2.11");
    }

    @Test
    void dualStackAndLegacySubnet() {
        String c = conf("\"subnet\": \"10.9.0.0/30\", \"ranges\": [[{\"subnet\": \"fd00:9::/120\"}]]");
        Outcome o = plugin.run("ADD", "a", c);
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(address(o, 0)).isEqualTo("10.9.0.2/30");
        assertThat(address(o, 1)).isEqualTo("fd00:9::2/120");
        assertThat(o.out().path("ips").path(1).path("gateway").asString()).isEqualTo("fd00:9::1");
    }

    @Test
    void configuredGatewayIsNeverAllocated() {
        String c = v4(", \"gateway\": \"10.1.2.2\", \"rangeStart\": \"10.1.2.2\", \"rangeEnd\": \"10.1.2.3\"");
        assertThat(address(plugin.run("ADD", "a", c), 0)).isEqualTo("10.1.2.3/24");
        assertThat(plugin.run("ADD", "b", c).errorCode()).isEqualTo(HostLocalErrors.RANGE_EXHAUSTED);
    }

    @Test
    void requestedAddressesFromEverySource() {
        Outcome rc = plugin.run("ADD", "a", conf("\"ranges\": [[{\"subnet\": \"10.1.2.0/24\"}]]")
                .replace("\"type\": \"bridge\",", "\"type\": \"bridge\", \"runtimeConfig\": {\"ips\": [\"10.1.2.50/24\"]},"));
        assertThat(address(rc, 0)).isEqualTo("10.1.2.50/24");
        Outcome args = plugin.run("ADD", "b", "eth0", v4(""), Map.of("CNI_ARGS", "IgnoreUnknown=1;IP=10.1.2.51"));
        assertThat(address(args, 0)).isEqualTo("10.1.2.51/24");
        Outcome cfg = plugin.run("ADD", "c", v4("").replace("\"name\": \"net1\",",
                "\"name\": \"net1\", \"args\": {\"cni\": {\"ips\": [\"10.1.2.52\"]}},"));
        assertThat(address(cfg, 0)).isEqualTo("10.1.2.52/24");

        Outcome taken = plugin.run("ADD", "d", "eth0", v4(""), Map.of("CNI_ARGS", "IP=10.1.2.51"));
        assertThat(taken.errorCode()).isEqualTo(HostLocalErrors.ADDRESS_UNAVAILABLE);
        assertThat(taken.msg()).contains("10.1.2.51").contains("not available");
        Outcome gw = plugin.run("ADD", "e", "eth0", v4(""), Map.of("CNI_ARGS", "IP=10.1.2.1"));
        assertThat(gw.msg()).contains("gateway");
        Outcome outside = plugin.run("ADD", "f", "eth0", v4(""), Map.of("CNI_ARGS", "IP=192.0.2.1"));
        assertThat(outside.errorCode()).isEqualTo(7);
        assertThat(outside.msg()).contains("192.0.2.1");
    }

    @Test
    void retriedAddReturnsTheSameAddress() {
        assertThat(address(plugin.run("ADD", "a", v4("")), 0)).isEqualTo("10.1.2.2/24");
        assertThat(address(plugin.run("ADD", "a", v4("")), 0)).isEqualTo("10.1.2.2/24");
        assertThat(data.resolve("net1").toFile().list((d, n) -> n.startsWith("10."))).hasSize(1);
    }

    @Test
    void delIsIdempotentAndToleratesAMissingDataDir() {
        assertThat(plugin.run("DEL", "never-added", v4("")).exit()).isZero();
        plugin.run("ADD", "a", v4(""));
        assertThat(plugin.run("DEL", "a", v4("")).exit()).isZero();
        assertThat(plugin.run("DEL", "a", v4("")).exit()).isZero();
        assertThat(data.resolve("net1/10.1.2.2")).doesNotExist();
    }

    @Test
    void checkFindsTheAllocationAndFailsAfterDel() {
        Outcome add = plugin.run("ADD", "a", v4(""));
        String withPrev = v4("").replace("\"type\": \"bridge\",", "\"type\": \"bridge\", \"prevResult\": "
                + add.out() + ",");
        Outcome ok = plugin.run("CHECK", "a", withPrev);
        assertThat(ok.exit()).as(String.valueOf(ok.out())).isZero();
        plugin.run("DEL", "a", v4(""));
        Outcome gone = plugin.run("CHECK", "a", withPrev);
        assertThat(gone.errorCode()).isEqualTo(3);
        assertThat(gone.msg()).contains("no address is allocated to container a");
    }

    @Test
    void gcReleasesAllButTheValidAttachments() throws IOException {
        plugin.run("ADD", "keep", v4(""));
        plugin.run("ADD", "drop", v4(""));
        plugin.run("ADD", "cnm-0a1b2c", v4("")); // Docker's, through weft's CNM IPAM driver: not CNI's to collect
        Files.writeString(data.resolve("net1/.claim-123.tmp"), "half");
        String gc = v4("").replace("\"type\": \"bridge\",", "\"type\": \"bridge\", "
                + "\"cni.dev/valid-attachments\": [{\"containerID\": \"keep\", \"ifname\": \"eth0\"}],");
        Outcome o = plugin.run("GC", "", "", gc, Map.of());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(data.resolve("net1/10.1.2.2")).exists();
        assertThat(data.resolve("net1/10.1.2.3")).doesNotExist();
        assertThat(data.resolve("net1/10.1.2.4")).exists();
        assertThat(data.resolve("net1/.claim-123.tmp")).doesNotExist();
    }

    @Test
    void badConfigurationNamesTheField() {
        Outcome bad = plugin.run("ADD", "a", conf("\"ranges\": [[{\"subnet\": \"10.1.2.0/33\"}]]"));
        assertThat(bad.errorCode()).isEqualTo(7);
        assertThat(bad.msg()).contains("ipam.ranges[0][0].subnet");
        Outcome none = plugin.run("ADD", "a", conf("\"routes\": []"));
        assertThat(none.errorCode()).isEqualTo(7);
        assertThat(none.msg()).contains("ipam.ranges").contains("no IP ranges");
        Outcome overlap = plugin.run("ADD", "a", conf(
                "\"ranges\": [[{\"subnet\": \"10.1.0.0/16\"}], [{\"subnet\": \"10.1.2.0/24\"}]]"));
        assertThat(overlap.msg()).contains("overlap");
        Outcome tiny = plugin.run("ADD", "a", conf("\"ranges\": [[{\"subnet\": \"10.1.2.0/31\"}]]"));
        assertThat(tiny.msg()).contains("too small");
        assertThat(data.resolve("net1")).doesNotExist();
    }

    @Test
    void routesAndDnsFromResolvConf() throws IOException {
        Path resolv = Files.writeString(data.resolve("resolv.conf"),
                "# test\nnameserver 192.0.2.53\nsearch a.example b.example\ndomain example\noptions ndots:2\n");
        Outcome o = plugin.run("ADD", "a", conf("\"ranges\": [[{\"subnet\": \"10.1.2.0/24\"}]], "
                + "\"routes\": [{\"dst\": \"0.0.0.0/0\"}, {\"dst\": \"192.0.2.0/24\", \"gw\": \"10.1.2.254\"}], "
                + "\"resolvConf\": \"" + resolv + "\""));
        assertThat(o.out().path("routes").path(1).path("gw").asString()).isEqualTo("10.1.2.254");
        assertThat(o.out().path("dns").path("nameservers").path(0).asString()).isEqualTo("192.0.2.53");
        assertThat(o.out().path("dns").path("search").size()).isEqualTo(2);
        assertThat(o.out().path("dns").path("domain").asString()).isEqualTo("example");
    }
}
