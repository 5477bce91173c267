package dev.weft.plugins.hostdevice;

import dev.weft.cni.json.Fields;
import dev.weft.net.InterfaceName;
import dev.weft.net.MacAddress;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * weft-host-device's configuration: exactly one way to find the device: {@code device} (name),
 * {@code hwaddr} (MAC), {@code kernelpath} (sysfs path) or {@code pciBusID}; the runtime's
 * {@code deviceID} capability counts as a PCI address. Optional {@code ipam}. {@code kernelpath} is
 * an absolute, normal path and a PCI address is nothing but one, so neither can point elsewhere.
 */
public record HostDeviceConfig(Optional<InterfaceName> device, Optional<MacAddress> hwaddr, Optional<String> kernelPath,
                               Optional<String> pciBusId, Optional<String> ipamType) {
    private static final java.util.regex.Pattern PCI_ADDRESS =
            java.util.regex.Pattern.compile("([0-9a-fA-F]{4,8}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");

    public static HostDeviceConfig parse(ObjectNode stdin, Optional<String> runtimeDeviceId) {
        Fields f = Fields.ofConfig(stdin, "");
        Optional<InterfaceName> device = f.parsed("device", InterfaceName::of);
        Optional<MacAddress> mac = f.parsed("hwaddr", MacAddress::parse);
        Optional<String> kernelPath = f.string("kernelpath").filter(s -> !s.isEmpty()).isPresent()
                ? f.absolutePath("kernelpath").map(java.nio.file.Path::toString) : Optional.empty();
        Optional<String> pci = f.string("pciBusID").filter(s -> !s.isEmpty()).map(s -> pciAddress(f, "pciBusID", s))
                .or(() -> runtimeDeviceId.map(s -> pciAddress(f, "runtimeConfig.deviceID", s)));
        long given = java.util.stream.Stream.<Optional<?>>of(device, mac, kernelPath, pci)
                .filter(Optional::isPresent).count();
        if (given != 1) {
            throw f.error("device", "exactly one of device, hwaddr, kernelpath or pciBusID (or the deviceID "
                    + "capability) must be set, found " + given);
        }
        Optional<String> ipam = f.object("ipam").isPresent() ? f.nested("ipam").string("type") : Optional.empty();
        return new HostDeviceConfig(device, mac, kernelPath, pci, ipam.filter(s -> !s.isEmpty()));
    }

    /**
     * A PCI address as sysfs names devices ({@code 0000:3d:00.1}, the domain optional): it is a
     * path segment under {@code /sys/bus/pci/devices}, so nothing else may pass.
     */
    private static String pciAddress(Fields f, String field, String s) {
        if (!PCI_ADDRESS.matcher(s).matches()) {
            throw f.error(field, "\"" + s + "\" is not a PCI address such as 0000:3d:00.1");
        }
        return s;
    }
}
