package dev.weft.plugins.macvlan;

import dev.weft.cni.json.Fields;
import dev.weft.net.InterfaceName;
import tools.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Optional;

/**
 * weft-macvlan's configuration: {@code master} (default: the interface of the default route),
 * {@code mode} (bridge, private, vepa, passthru; default bridge), {@code mtu},
 * {@code linkInContainer} (the master lives in the container's namespace), optional {@code ipam}.
 */
public record MacvlanConfig(Optional<InterfaceName> master, Mode mode, int mtu, boolean linkInContainer,
                            Optional<String> ipamType) {

    /** Macvlan modes with the kernel's values (IFLA_MACVLAN_MODE). */
    public enum Mode {
        PRIVATE(1), VEPA(2), BRIDGE(4), PASSTHRU(8);

        private final int kernelValue;

        Mode(int kernelValue) {
            this.kernelValue = kernelValue;
        }

        public int kernelValue() {
            return kernelValue;
        }
    }

    public static MacvlanConfig parse(ObjectNode stdin) {
        Fields f = Fields.ofConfig(stdin, "");
        String modeText = f.string("mode").orElse("bridge");
        Mode mode;
        try {
            mode = Mode.valueOf(modeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw f.error("mode", "\"" + modeText + "\" is not one of bridge, private, vepa, passthru");
        }
        int mtu = f.integer("mtu").orElse(0);
        if (mtu < 0 || mtu > 65535) {
            throw f.error("mtu", "must be between 0 and 65535, not " + mtu);
        }
        Optional<String> ipam = f.object("ipam").isPresent() ? f.nested("ipam").string("type") : Optional.empty();
        return new MacvlanConfig(f.parsed("master", InterfaceName::of), mode, mtu, f.bool("linkInContainer", false),
                ipam.filter(s -> !s.isEmpty()));
    }
}
