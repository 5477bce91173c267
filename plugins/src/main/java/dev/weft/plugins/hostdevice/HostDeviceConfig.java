package dev.weft.plugins.hostdevice;

import dev.weft.cni.json.Fields;
import dev.weft.net.InterfaceName;
import dev.weft.net.MacAddress;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * weft-host-device's configuration: exactly one way to find the device: {@code device} (name),
 * {@code hwaddr} (MAC), {@code kernelpath} (sysfs path) or {@code pciBusID}; the runtime's
 * {@code deviceID} capability counts as a PCI address. Optional {@code ipam}.
 */
public record HostDeviceConfig(Optional<InterfaceName> device, Optional<MacAddress> hwaddr, Optional<String> kernelPath,
                               Optional<String> pciBusId, Optional<String> ipamType) {

    public static HostDeviceConfig parse(ObjectNode stdin, Optional<String> runtimeDeviceId) {
        Fields f = Fields.ofConfig(stdin, "");
        Optional<InterfaceName> device = f.parsed("device", InterfaceName::of);
        Optional<MacAddress> mac = f.parsed("hwaddr", MacAddress::parse);
        Optional<String> kernelPath = f.string("kernelpath").filter(s -> !s.isEmpty());
        Optional<String> pci = f.string("pciBusID").filter(s -> !s.isEmpty()).or(() -> runtimeDeviceId);
        long given = java.util.stream.Stream.<Optional<?>>of(device, mac, kernelPath, pci)
                .filter(Optional::isPresent).count();
        if (given != 1) {
            throw f.error("device", "exactly one of device, hwaddr, kernelpath or pciBusID (or the deviceID "
                    + "capability) must be set, found " + given);
        }
        Optional<String> ipam = f.object("ipam").isPresent() ? f.nested("ipam").string("type") : Optional.empty();
        return new HostDeviceConfig(device, mac, kernelPath, pci, ipam.filter(s -> !s.isEmpty()));
    }
}
