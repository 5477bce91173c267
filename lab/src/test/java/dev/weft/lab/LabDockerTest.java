package dev.weft.lab;

import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.nodestate.PodRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Docker containers in the lab's views, from the node's pod records, without root. */
class LabDockerTest {
    @TempDir
    Path root;

    @Test
    void theDriversRecordsWithALiveSandboxAreContainersBesideThePods() throws IOException {
        LabLayout layout = new LabLayout("demo", root);
        Path sandbox = Files.createFile(root.resolve("sandbox-1a2b"));
        Path n1 = layout.nodeDir("n1").resolve(Lab.CNI_DATA_DIR);
        record(n1, "dnet", "web", "docker-e1", "10.244.1.5", Optional.of(sandbox));
        record(n1, "dnet", "gone", "docker-e2", "10.244.1.6", Optional.of(root.resolve("sandbox-gone")));
        record(n1, "dnet", "old", "docker-e3", "10.244.1.7", Optional.empty());
        record(n1, "default", "cni", "c0ffee", "10.244.1.8", Optional.of(sandbox)); // the lab's own: in lab.json
        LabState.Pod pod = new LabState.Pod("default/p1", "n2", "wl-demo-n2-default-p1", "wl-demo-n2-default-p1",
                "10.244.2.2", Map.of("app", "x"));
        LabState s = new LabState("demo", "vxlan", "l2", "embedded", 0, "/jdk", "", List.of(
                new LabState.Node("n1", 1, "172.30.0.11/24", "wl-demo-n1", 1),
                new LabState.Node("n2", 2, "172.30.0.12/24", "wl-demo-n2", 2)), List.of(pod));

        List<LabState.Pod> all = LabDocker.withContainers(layout, s);
        assertThat(all).as("only the driver's records whose sandbox exists").hasSize(2);
        assertThat(all.getFirst()).isEqualTo(pod);
        LabState.Pod web = all.get(1);
        assertThat(web.name()).isEqualTo("dnet/web");
        assertThat(web.node()).isEqualTo("n1");
        assertThat(web.ip()).isEqualTo("10.244.1.5");
        assertThat(web.netns()).isEqualTo(sandbox.toString());
        assertThat(web.docker()).isTrue();
        assertThat(pod.docker()).isFalse();

        assertThat(Reachability.Matrix.label(web)).isEqualTo("n1:dnet/web[docker]");
        assertThat(Reachability.Matrix.label(pod)).isEqualTo("n2:p1");
        assertThat(LabExec.in(web.netns(), List.of("ping", "x"))).containsExactly("nsenter", "--net=" + sandbox, "--", "ping", "x");
        assertThat(LabExec.in(pod.netns(), List.of("ping", "x")))
                .containsExactly("ip", "netns", "exec", "wl-demo-n2-default-p1", "ping", "x");
        assertThat(LabStatus.render(layout, s)).contains("dnet/web").contains("(Docker container: labels in the datastore)");
    }

    private static void record(Path dataDir, String ns, String name, String id, String ip, Optional<Path> netns) {
        new PodRecord(ns, name, id, "eth0", List.of(IpAddress.parse(ip)), Optional.of(InterfaceName.of("veth" + id.length())),
                netns).write(dataDir);
    }
}
