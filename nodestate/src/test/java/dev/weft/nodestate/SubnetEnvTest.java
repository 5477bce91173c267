package dev.weft.nodestate;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubnetEnvTest {
    @Test
    void parsesWhatItRenders() {
        SubnetEnv env = new SubnetEnv(Cidr.parse("10.244.0.0/16"), InterfaceAddress.parse("10.244.7.1/24"), 1450, true);
        assertThat(SubnetEnv.parse(env.render())).isEqualTo(env);
    }

    @Test
    void mtuAndMasqueradeAreOptionalAndCommentsIgnored() {
        SubnetEnv env = SubnetEnv.parse("# written by hand\nWEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.9.1/24\n");
        assertThat(env.mtu()).isZero();
        assertThat(env.ipMasq()).isFalse();
        assertThat(env.subnet().network()).isEqualTo(Cidr.parse("10.244.9.0/24"));
    }

    @Test
    void aMissingOrBadValueNamesItsKey() {
        assertThatThrownBy(() -> SubnetEnv.parse("WEFT_NETWORK=10.244.0.0/16\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WEFT_SUBNET");
        assertThatThrownBy(() -> SubnetEnv.parse("WEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.9.1/24\nWEFT_MTU=big\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WEFT_MTU=big");
        assertThatThrownBy(() -> SubnetEnv.parse("WEFT_NETWORK=10.244.0.0/33\nWEFT_SUBNET=10.244.9.1/24\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WEFT_NETWORK");
    }

    @Test
    void ofALeaseInFlannelsShape(@TempDir Path tmp) {
        SubnetEnv env = SubnetEnv.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.244.7.0/24"), 1450, true);
        assertThat(env.render()).isEqualTo("""
                WEFT_NETWORK=10.244.0.0/16
                WEFT_SUBNET=10.244.7.1/24
                WEFT_MTU=1450
                WEFT_IPMASQ=true
                """);
        env.write(tmp.resolve("run/subnet.env"));
        assertThat(tmp.resolve("run/subnet.env")).hasContent(env.render());
    }

    @Test
    void theUnderlayRoundTripsAndNamesItsKeys() {
        SubnetEnv env = SubnetEnv.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.244.7.0/24"), 1500, false)
                .withUnderlay(new SubnetEnv.Underlay(dev.weft.net.InterfaceName.of("eth0"), "lab", "etcd://172.30.0.2:2379",
                        "n1", Path.of("/run/weft/ipam")));
        assertThat(env.render()).contains("WEFT_BACKEND=macvlan\nWEFT_UPLINK=eth0\nWEFT_IPAM_POOL=lab\n"
                + "WEFT_IPAM_DATASTORE=etcd://172.30.0.2:2379\nWEFT_IPAM_NODE=n1\nWEFT_IPAM_DATA_DIR=/run/weft/ipam\n");
        assertThat(SubnetEnv.parse(env.render())).isEqualTo(env);
        String base = "WEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.9.1/24\n";
        assertThatThrownBy(() -> SubnetEnv.parse(base + "WEFT_BACKEND=macvlan\nWEFT_UPLINK=eth0\n"))
                .hasMessageContaining("WEFT_IPAM_POOL");
        assertThatThrownBy(() -> SubnetEnv.parse(base + "WEFT_BACKEND=ipvlan\n")).hasMessageContaining("WEFT_BACKEND=ipvlan");
        assertThatThrownBy(() -> SubnetEnv.parse(base + "WEFT_BACKEND=macvlan\nWEFT_UPLINK=eth0\nWEFT_IPAM_POOL=p\n"
                + "WEFT_IPAM_DATASTORE=/s.json\nWEFT_IPAM_NODE=n1\nWEFT_IPAM_DATA_DIR=relative\n"))
                .hasMessageContaining("ipamDataDir");
    }

    @Test
    void theBridgePoolRoundTripsAndNamesItsKeys() {
        SubnetEnv env = SubnetEnv.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.244.7.0/24"), 1500, true)
                .withBridgePool(new SubnetEnv.BridgePool("pods", Cidr.parse("10.60.0.0/20"), "etcd://172.30.0.2:2379",
                        "n1", Path.of("/run/weft/ipam")));
        assertThat(env.render()).contains("WEFT_BACKEND=bridge-ipam\nWEFT_IPAM_POOL=pods\nWEFT_IPAM_NETWORK=10.60.0.0/20\n"
                + "WEFT_IPAM_DATASTORE=etcd://172.30.0.2:2379\nWEFT_IPAM_NODE=n1\nWEFT_IPAM_DATA_DIR=/run/weft/ipam\n");
        SubnetEnv back = SubnetEnv.parse(env.render());
        assertThat(back).isEqualTo(env);
        assertThat(back.underlay()).isEmpty();
        String base = "WEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.9.1/24\n";
        assertThatThrownBy(() -> SubnetEnv.parse(base + "WEFT_BACKEND=bridge-ipam\nWEFT_IPAM_POOL=p\n"))
                .hasMessageContaining("WEFT_BACKEND=bridge-ipam").hasMessageContaining("WEFT_IPAM_NETWORK");
    }

    @Test
    void routedPodsRoundTripAndExcludeTheOtherWirings() {
        SubnetEnv env = SubnetEnv.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.244.7.0/24"), 1500, true).withRoutedPods();
        assertThat(env.render()).endsWith("WEFT_IPMASQ=true\nWEFT_BACKEND=routed\n");
        SubnetEnv back = SubnetEnv.parse(env.render());
        assertThat(back).isEqualTo(env);
        assertThat(back.routed()).isTrue();
        assertThat(back.underlay()).isEmpty();
        assertThat(back.bridgePool()).isEmpty();
        assertThat(SubnetEnv.parse("WEFT_NETWORK=10.244.0.0/16\nWEFT_SUBNET=10.244.9.1/24\n").routed()).isFalse();
        assertThat(env.withBridgePool(new SubnetEnv.BridgePool("pods", Cidr.parse("10.60.0.0/20"), "etcd://a:2379", "n1",
                Path.of("/run/weft/ipam"))).routed()).isFalse();
        assertThatThrownBy(() -> new SubnetEnv(env.network(), env.subnet(), 1500, true, java.util.Optional.empty(),
                java.util.Optional.of(new SubnetEnv.BridgePool("pods", Cidr.parse("10.60.0.0/20"), "etcd://a:2379", "n1",
                        Path.of("/run/weft/ipam"))), true)).hasMessageContaining("one of them");
    }
}
