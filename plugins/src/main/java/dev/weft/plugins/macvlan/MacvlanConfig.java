package dev.weft.plugins.macvlan;

import dev.weft.cni.json.Fields;
import dev.weft.net.InterfaceName;
import dev.weft.netlink.link.MacvlanMode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Optional;

/**
 * weft-macvlan's configuration: {@code master} (default: the interface of the default route),
 * {@code mode} (bridge, private, vepa, passthru; default bridge), {@code mtu},
 * {@code linkInContainer} (the master lives in the container's namespace), optional {@code ipam}.
 */
public record MacvlanConfig(Optional<InterfaceName> master, MacvlanMode mode, int mtu, boolean linkInContainer,
                            Optional<String> ipamType) {

    public static MacvlanConfig parse(ObjectNode stdin) {
        Fields f = Fields.ofConfig(stdin, "");
        String modeText = f.string("mode").orElse("bridge");
        // The kernel's SOURCE mode needs a MAC list the plugin has no field for: not offered.
        MacvlanMode mode = java.util.Arrays.stream(MacvlanMode.values()).filter(m -> m != MacvlanMode.SOURCE)
                .filter(m -> m.name().equals(modeText.toUpperCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> f.error("mode", "\"" + modeText + "\" is not one of bridge, private, vepa, passthru"));
        int mtu = f.integer("mtu").orElse(0);
        if (mtu < 0 || mtu > 65535) {
            throw f.error("mtu", "must be between 0 and 65535, not " + mtu);
        }
        Optional<String> ipam = f.object("ipam").isPresent() ? f.nested("ipam").string("type") : Optional.empty();
        return new MacvlanConfig(f.parsed("master", InterfaceName::of), mode, mtu, f.bool("linkInContainer", false),
                ipam.filter(s -> !s.isEmpty()));
    }
}
