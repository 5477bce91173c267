package dev.weft.cnm.docker;

import dev.weft.cnm.state.EndpointRecord;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerPodsTest {
    static final String GOOD_EP = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    static final String ODD_EP = "ffb2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    static final String NET = "5e1c0a9c7f7f4d7a8c6d4f2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e";

    static String containersJson() throws IOException {
        try (InputStream in = DockerPodsTest.class.getResourceAsStream("/docker/containers.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<EndpointRecord> endpoints() {
        return List.of(new EndpointRecord(GOOD_EP, NET, InterfaceAddress.parse("10.244.1.5/24"), "wca1b2c3d4e5f", "veth01"),
                new EndpointRecord(ODD_EP, NET, InterfaceAddress.parse("10.244.1.6/24"), "wcffb2c3d4e5f", "veth02"),
                new EndpointRecord("eeee" + GOOD_EP.substring(4), NET, InterfaceAddress.parse("10.244.1.7/24"), "wceeee", "veth03"));
    }

    @Test
    void decodesDockersContainerList() throws Exception {
        List<DockerContainer> cs = DockerContainer.parseList(containersJson());
        assertThat(cs).hasSize(4);
        DockerContainer good = cs.getFirst();
        assertThat(good.name()).isEqualTo("good");
        assertThat(good.labels()).isEqualTo(Map.of("role", "good", "tier", "front"));
        assertThat(good.networks()).containsExactly(new DockerContainer.Attachment("dnet", NET, GOOD_EP));
        assertThat(cs.get(2).networks().getFirst().endpointId()).isEmpty();
    }

    @Test
    void aContainerOnAWeftEndpointIsAPodInTheNetworksNamespaceWithItsLabels() throws Exception {
        List<DockerPods.Pod> pods = DockerPods.plan(endpoints(), DockerContainer.parseList(containersJson()));
        assertThat(pods).hasSize(2); // not the created one (no endpoint yet), not the host-network one
        DockerPods.Pod good = pods.getFirst();
        assertThat(good.record().namespace()).isEqualTo("dnet");
        assertThat(good.record().name()).isEqualTo("good");
        assertThat(good.record().containerId()).isEqualTo("docker-" + GOOD_EP);
        assertThat(good.record().ips()).containsExactly(IpAddress.parse("10.244.1.5"));
        assertThat(good.record().hostIface()).isEqualTo(Optional.of(InterfaceName.of("veth01")));
        assertThat(good.labels()).containsEntry("role", "good");
        assertThat(DockerPods.isDriverRecord(good.record())).isTrue();
        assertThat(pods.get(1).record().name()).as("not a Kubernetes name: the short ID").isEqualTo("0123456789ab");
    }

    @Test
    void aNetworkNameThatIsNoNamespaceIsNotPublished() {
        DockerContainer c = new DockerContainer(GOOD_EP, "good", Map.of(), List.of(new DockerContainer.Attachment("My_Net", NET, GOOD_EP)));
        assertThat(DockerPods.plan(endpoints(), List.of(c))).isEmpty();
    }

    @Test
    void aMalformedAnswerNamesTheContainer() {
        assertThatThrownBy(() -> DockerContainer.parseList("[{\"Id\":\"x\"}]")).hasMessageContaining("containers[0]")
                .hasMessageContaining("Id");
        assertThatThrownBy(() -> DockerContainer.parseList("{}")).hasMessageContaining("array");
        assertThatThrownBy(() -> DockerContainer.parseList("[")).hasMessageContaining("not JSON");
    }

    @Test
    void onlyA200AnswerHasABody() throws Exception {
        assertThat(DockerApi.body("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n[]")).isEqualTo("[]");
        assertThatThrownBy(() -> DockerApi.body("HTTP/1.0 500 Internal Server Error\r\n\r\n{\"message\":\"boom\"}"))
                .hasMessageContaining("500").hasMessageContaining("boom");
        assertThatThrownBy(() -> DockerApi.body("garbage")).hasMessageContaining("not an HTTP answer");
    }

    @Test
    void atJoinTheContainerIsTheOnlyOneOnTheNetworkWithoutAnEndpoint() throws Exception {
        EndpointRecord e = new EndpointRecord("c" + GOOD_EP.substring(1), NET, InterfaceAddress.parse("10.244.1.8/24"),
                "wcc1b2c3d4e5f", "veth04", Optional.of(java.nio.file.Path.of("/run/docker/netns/1a2b")));
        List<DockerContainer> cs = DockerContainer.parseList(containersJson());
        DockerPods.Pod p = DockerPods.atJoin(e, "dnet", cs).orElseThrow();
        assertThat(p.record().name()).isEqualTo("created");
        assertThat(p.record().containerId()).isEqualTo("docker-" + e.id());
        assertThat(p.record().netns()).contains(java.nio.file.Path.of("/run/docker/netns/1a2b"));
        assertThat(p.labels()).isEqualTo(Map.of("role", "good"));

        DockerContainer twin = new DockerContainer("fedcba9876543210fedcba9876543210fedcba9876543210fedcba98765432ff", "twin",
                Map.of(), List.of(new DockerContainer.Attachment("dnet", "", "")));
        List<DockerContainer> two = new java.util.ArrayList<>(cs);
        two.add(twin);
        assertThat(DockerPods.atJoin(e, "dnet", two)).as("two candidates (matched by ID and by name): none").isEmpty();
        assertThat(DockerPods.atJoin(e, "other", List.of(twin))).as("another network").isEmpty();
        assertThat(DockerPods.atJoin(e, "Not_A_Label", cs)).as("not a namespace").isEmpty();
    }
}
