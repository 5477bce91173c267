package dev.weft.plugins.meta;

import dev.weft.invoke.FakeExec;
import dev.weft.ipam.hostlocal.HostLocalPlugin;
import dev.weft.nft.FakeNft;
import dev.weft.nft.MacSpoofCheck;
import dev.weft.nft.Masquerade;
import dev.weft.nodestate.PodRecord;
import dev.weft.plugins.InProcess;
import dev.weft.plugins.bridge.BridgePlugin;
import dev.weft.plugins.net.FakeKernel;
import dev.weft.sdk.IpamDelegate;
import dev.weft.sdk.testing.PluginHarness;
import dev.weft.sdk.testing.PluginHarness.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code weft} plugin against bad input and a hostile file system (issue #13), with its real
 * delegates in-process: weft-bridge on an in-memory kernel and weft-host-local on a temp dir.
 */
class WeftHardeningTest {
    private static final String NS = "/run/netns/pod";
    private static final String POD = "K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-1;IgnoreUnknown=1";
    @TempDir
    Path tmp;
    private FakeKernel kernel;
    private FakeExec exec;
    private PluginHarness weft;
    private Path data;

    @BeforeEach
    void setUp() throws IOException {
        kernel = new FakeKernel();
        kernel.addNamespace(NS);
        exec = new FakeExec();
        BridgePlugin bridge = new BridgePlugin(kernel, new IpamDelegate(exec),
                new Masquerade(new FakeNft(), tmp.resolve("masq.lock")), new MacSpoofCheck(new FakeNft(), tmp.resolve("spoof.lock")));
        exec.register("weft-bridge", InProcess.of(bridge));
        exec.register("weft-host-local", InProcess.of(new HostLocalPlugin()));
        weft = new PluginHarness(new WeftPlugin(exec));
        Files.writeString(tmp.resolve("subnet.env"),
                "WEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.7.1/24\nWEFT_MTU=1450\nWEFT_IPMASQ=false\n");
        data = tmp.resolve("data");
    }

    private String conf(String extra) {
        return """
                {"cniVersion": "1.1.0", "name": "cluster", "type": "weft", "subnetFile": "%s", "dataDir": "%s",
                 "ipamDataDir": "%s" %s}
                """.formatted(tmp.resolve("subnet.env"), data, tmp.resolve("ipam"), extra);
    }

    private Outcome run(String command, String id, String extra, String args) {
        return weft.run(command, id, "eth0", conf(extra), Map.of("CNI_NETNS", NS, "CNI_ARGS", args));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void addWorksEndToEndInMemory() {
        Outcome o = run("ADD", "c1", "", POD);
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(kernel.current().link("weft0")).isPresent();
        assertThat(PodRecord.file(data, "c1", "eth0")).exists();
    }

    /**
     * Through the meta plugin, an IPAM failure (an invalid range, a missing IPAM plugin) used to
     * leave the {@code weft0} bridge its delegate had created (item 1).
     */
    @Test
    void anIpamFailureLeavesNoBridgeBehind() {
        Outcome invalid = run("ADD", "c1", ", \"delegate\": {\"ipam\": {\"type\": \"weft-host-local\", \"dataDir\": \""
                + tmp.resolve("ipam") + "\", \"ranges\": [[{\"subnet\": \"10.244.7.0/33\"}]]}}", POD);
        assertThat(invalid.errorCode()).isEqualTo(7);
        assertThat(kernel.current().link("weft0")).isEmpty();
        Outcome missing = run("ADD", "c1", ", \"delegate\": {\"ipam\": {\"type\": \"weft-absent\"}}", POD);
        assertThat(missing.errorCode()).isEqualTo(50);
        assertThat(kernel.current().link("weft0")).isEmpty();
        assertThat(kernel.current().links()).noneMatch(l -> "veth".equals(l.kind()));
        assertThat(data.resolve("c1-eth0.json")).doesNotExist();
    }

    /** Paths in the configuration are absolute and normal (item 3; WeftConfig). */
    @Test
    void relativeOrDotDotPathsAreRefused() {
        for (String field : new String[] {"dataDir", "subnetFile", "ipamDataDir"}) {
            for (String bad : new String[] {"relative/dir", tmp + "/a/../b"}) {
                String c = conf("").replaceFirst("\"" + field + "\": \"[^\"]*\"", "\"" + field + "\": \"" + bad + "\"");
                Outcome o = weft.run("ADD", "c1", "eth0", c, Map.of("CNI_NETNS", NS));
                assertThat(o.errorCode()).as(field + "=" + bad).isEqualTo(7);
                assertThat(o.msg()).contains("\"" + field + "\"");
            }
        }
        assertThat(exec.calls()).isEmpty();
    }

    /** GC used to delete every regular file in the data directory that was not a valid attachment's (item 4). */
    @Test
    void gcLeavesFilesWeftDidNotWrite() throws IOException {
        run("ADD", "keep", "", POD);
        Files.writeString(data.resolve("README"), "mine");
        Files.writeString(data.resolve("notes.txt"), "mine");
        Files.writeString(data.resolve("backup.json"), "{}");
        Files.writeString(data.resolve(".hidden-eth0.json"), "{}");
        Outcome gc = weft.run("GC", "", "", conf(", \"cni.dev/valid-attachments\": []"), Map.of());
        assertThat(gc.exit()).as(String.valueOf(gc.out())).isZero();
        assertThat(data.resolve("keep-eth0.json")).doesNotExist();
        assertThat(data.resolve("README")).exists();
        assertThat(data.resolve("notes.txt")).exists();
        assertThat(data.resolve("backup.json")).exists();
        assertThat(data.resolve(".hidden-eth0.json")).exists();
    }

    /**
     * GC used to leave the pod record of an attachment whose address the delegate's GC freed, so
     * the agent kept publishing the pod at an address another pod may get (item 4). The record now
     * goes before the address does.
     */
    @Test
    void gcRemovesThePodRecordBeforeTheAddressIsFreed() {
        assertThat(run("ADD", "gone", "", POD).exit()).isZero();
        kernel.addNamespace("/run/netns/pod2");
        Outcome kept = weft.run("ADD", "kept", "eth0", conf(""), Map.of("CNI_NETNS", "/run/netns/pod2",
                "CNI_ARGS", "K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-2"));
        assertThat(kept.exit()).as(String.valueOf(kept.out())).isZero();
        Path record = PodRecord.file(data, "gone", "eth0");
        assertThat(record).exists();
        AtomicBoolean recordGoneFirst = new AtomicBoolean();
        var hostLocal = InProcess.of(new HostLocalPlugin());
        exec.register("weft-host-local", call -> {
            if (call.command().equals("GC")) {
                recordGoneFirst.set(!Files.exists(record));
            }
            return hostLocal.handle(call);
        });
        Outcome gc = weft.run("GC", "", "",
                conf(", \"cni.dev/valid-attachments\": [{\"containerID\": \"kept\", \"ifname\": \"eth0\"}]"), Map.of());
        assertThat(gc.exit()).as(String.valueOf(gc.out())).isZero();
        assertThat(record).doesNotExist();
        assertThat(recordGoneFirst).isTrue();
        assertThat(PodRecord.file(data, "kept", "eth0")).exists();
        assertThat(PodRecord.readAll(data)).extracting(PodRecord::name).containsExactly("web-2");
    }

    /**
     * GC used to delete the pod records of Docker containers, which weft's Docker driver writes into
     * the same data directory and no CNI runtime lists as valid (the driver wrote them again within
     * a second, unpublishing the container meanwhile). They are the driver's now; a CNI record
     * beside them still goes.
     */
    @Test
    void gcLeavesTheDockerDriversPodRecords() {
        assertThat(run("ADD", "gone", "", POD).exit()).isZero();
        PodRecord docker = new PodRecord("dnet", "web", PodRecord.DOCKER_PREFIX + "a1b2c3d4e5f6", "eth0",
                java.util.List.of(dev.weft.net.IpAddress.parse("10.244.7.9")), java.util.Optional.empty());
        docker.write(data);
        Outcome gc = weft.run("GC", "", "", conf(", \"cni.dev/valid-attachments\": []"), Map.of());
        assertThat(gc.exit()).as(String.valueOf(gc.out())).isZero();
        assertThat(PodRecord.readAll(data)).containsExactly(docker);
        assertThat(PodRecord.file(data, "gone", "eth0")).doesNotExist();
    }

    /** The saved delegate configuration used to be written through a symbolic link at its path (item 5). */
    @Test
    void aSymlinkAtTheSavedConfigIsReplacedNotFollowed() throws IOException {
        Files.createDirectories(data);
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Files.createSymbolicLink(data.resolve("c1-eth0.json"), victim);
        Outcome o = run("ADD", "c1", "", POD);
        assertThat(o.exit()).as(String.valueOf(o.out())).isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(data.resolve("c1-eth0.json"))).isFalse();
    }

    /**
     * A pod record that cannot be written (here: {@code pods} is a link to elsewhere) used to be
     * written through the link, and a record that failed otherwise left the delegate's attachment
     * in place with the ADD failing as 999. Now the ADD is code 5 and the delegate is undone.
     */
    @Test
    void aPodThatCannotBeRecordedUndoesTheAttachment() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(data);
        Files.createSymbolicLink(data.resolve("pods"), elsewhere);
        Outcome o = run("ADD", "c1", "", POD);
        assertThat(o.errorCode()).as(String.valueOf(o.out())).isEqualTo(5);
        assertThat(o.msg()).contains("symbolic link");
        assertThat(elsewhere.toFile().list()).isEmpty();
        assertThat(kernel.current().links()).noneMatch(l -> "veth".equals(l.kind()));
        assertThat(tmp.resolve("ipam/cluster/10.244.7.2")).doesNotExist();
        assertThat(data.resolve("c1-eth0.json")).doesNotExist();
    }

    /** State used to take the caller's umask (0755/0644 here, 0777/0666 under umask 000) (item 5). */
    @Test
    void stateIsPrivate() throws IOException {
        assertThat(run("ADD", "c1", "", POD).exit()).isZero();
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("c1-eth0.json"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("pods"))).isEqualTo("rwx------");
        assertThat(mode(PodRecord.file(data, "c1", "eth0"))).isEqualTo("rw-------");
    }

    /**
     * {@code K8S_POD_NAMESPACE=../..} used to be recorded as it was, and namespace {@code a/b} +
     * name {@code c} collided with {@code a} + {@code b/c} in the datastore (item 6). Both are
     * refused before anything is set up, naming the argument.
     */
    @Test
    void podNamesThatAreNotKubernetesNamesAreRefused() {
        String[][] bad = {
            {"K8S_POD_NAMESPACE=../..;K8S_POD_NAME=web", "K8S_POD_NAMESPACE"},
            {"K8S_POD_NAMESPACE=a/b;K8S_POD_NAME=c", "K8S_POD_NAMESPACE"},
            {"K8S_POD_NAMESPACE=a;K8S_POD_NAME=b/c", "K8S_POD_NAME"},
            {"K8S_POD_NAMESPACE=Default;K8S_POD_NAME=web", "K8S_POD_NAMESPACE"},
            {"K8S_POD_NAMESPACE=default;K8S_POD_NAME=..", "K8S_POD_NAME"},
            {"K8S_POD_NAMESPACE=default;K8S_POD_NAME=" + "a".repeat(254), "K8S_POD_NAME"},
        };
        for (String[] c : bad) {
            Outcome o = run("ADD", "c1", "", c[0]);
            assertThat(o.errorCode()).as(c[0]).isEqualTo(4);
            assertThat(o.msg()).as(c[0]).contains(c[1]);
        }
        assertThat(exec.calls()).isEmpty();
        assertThat(kernel.current().link("weft0")).isEmpty();
        assertThat(data.resolve("pods")).doesNotExist();
        assertThat(run("ADD", "c2", "", "K8S_POD_NAMESPACE=kube-system;K8S_POD_NAME=coredns-5d78c9869d-x2x8r").exit())
                .isZero();
    }
}
