package dev.weft.plugins.bridge;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.json.Fields;
import dev.weft.net.Cidr;
import dev.weft.net.InterfaceName;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * weft-bridge's configuration, with the reference bridge plugin's field names and defaults:
 * bridge {@code cni0}; {@code isDefaultGateway} implies {@code isGateway}; {@code mtu} 0 means the
 * kernel's default; {@code vlan} 0 means untagged. weft's one addition, {@code ipMasqNetwork}: the
 * network left unmasqueraded with {@code ipMasq} (default: the pod's own subnet, as the reference
 * does); the {@code weft} plugin sets it to the cluster network. And {@code hostPrefix}: pods get
 * their addresses as host prefixes behind a link-local gateway on the bridge ({@link HostPrefix};
 * implies {@code isGateway}), for pools whose blocks are routed per node (weft-ipam).
 */
public record BridgeConfig(InterfaceName bridge, boolean isGateway, boolean isDefaultGateway, boolean forceAddress,
                           boolean ipMasq, int mtu, boolean hairpinMode, boolean promiscMode, int vlan,
                           boolean macspoofchk, Optional<String> ipamType, Optional<Cidr> ipMasqNetwork,
                           boolean hostPrefix) {

    public static BridgeConfig parse(ObjectNode stdin) {
        Fields f = Fields.ofConfig(stdin, "");
        InterfaceName bridge = f.parsed("bridge", InterfaceName::of).orElse(InterfaceName.of("cni0"));
        boolean isDefaultGateway = f.bool("isDefaultGateway", false);
        int mtu = f.integer("mtu").orElse(0);
        if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
            throw f.error("mtu", "must be between 68 and 65535, not " + mtu);
        }
        int vlan = f.integer("vlan").orElse(0);
        if (vlan < 0 || vlan > 4094) {
            throw f.error("vlan", "must be between 0 and 4094, not " + vlan);
        }

        Optional<String> ipam = f.object("ipam").isPresent() ? f.nested("ipam").string("type") : Optional.empty();
        if (ipam.isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"ipam.type\" is required for weft-bridge");
        }
        boolean hostPrefix = f.bool("hostPrefix", false);
        return new BridgeConfig(bridge, f.bool("isGateway", false) || isDefaultGateway || hostPrefix, isDefaultGateway,
                f.bool("forceAddress", false), f.bool("ipMasq", false), mtu, f.bool("hairpinMode", false),
                f.bool("promiscMode", false), vlan, f.bool("macspoofchk", false), ipam,
                f.parsed("ipMasqNetwork", Cidr::parse), hostPrefix);
    }
}
