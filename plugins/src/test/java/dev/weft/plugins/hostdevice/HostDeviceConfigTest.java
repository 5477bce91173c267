package dev.weft.plugins.hostdevice;

import dev.weft.cni.CniException;
import dev.weft.cni.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostDeviceConfigTest {

    private static HostDeviceConfig parse(String extra, Optional<String> deviceId) {
        return HostDeviceConfig.parse(Json.parseObject("{\"cniVersion\": \"1.1.0\", \"name\": \"n\", \"type\": "
                + "\"weft-host-device\"" + extra + "}", "test"), deviceId);
    }

    /**
     * {@code kernelpath} and {@code pciBusID} are paths or path parts, and were taken as given: a
     * relative kernel path was listed from the caller's working directory, a bus ID of
     * {@code ../../..} walked out of {@code /sys/bus/pci/devices} (found with issue #13, item 3).
     */
    @ParameterizedTest
    @ValueSource(strings = {", \"kernelpath\": \"sys/devices/x\"", ", \"kernelpath\": \"/sys/devices/../../etc\"",
        ", \"pciBusID\": \"../../../etc\"", ", \"pciBusID\": \"0000:3d:00.1/net\"", ", \"pciBusID\": \"..\""})
    void pathsAndBusIdsAreChecked(String extra) {
        assertThatThrownBy(() -> parse(extra, Optional.empty())).isInstanceOfSatisfying(CniException.class,
                e -> assertThat(e.code()).isEqualTo(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../etc", "x/y", ""})
    void theDeviceIdCapabilityIsCheckedToo(String id) {
        assertThatThrownBy(() -> parse("", Optional.of(id))).isInstanceOfSatisfying(CniException.class,
                e -> assertThat(e.code()).isEqualTo(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {", \"kernelpath\": \"/sys/devices/pci0000:00/0000:00:03.0\"", ", \"pciBusID\": \"0000:3d:00.1\"",
        ", \"pciBusID\": \"3d:00.1\"", ", \"device\": \"eth1\""})
    void goodOnesPass(String extra) {
        assertThat(parse(extra, Optional.empty())).isNotNull();
    }
}
