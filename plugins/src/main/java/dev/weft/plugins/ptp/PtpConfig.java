package dev.weft.plugins.ptp;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.json.Fields;
import dev.weft.net.Cidr;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * weft-ptp's configuration (reference ptp field names): {@code ipMasq}, {@code mtu}, {@code ipam};
 * and weft-bridge's {@code ipMasqNetwork}: traffic to it is not masqueraded (the reference plugins
 * exclude only the pod's own subnet; the {@code weft} plugin sets the cluster network).
 */
public record PtpConfig(boolean ipMasq, int mtu, String ipamType, Optional<Cidr> ipMasqNetwork) {

    public static PtpConfig parse(ObjectNode stdin) {
        Fields f = Fields.ofConfig(stdin, "");
        int mtu = f.integer("mtu").orElse(0);
        if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
            throw f.error("mtu", "must be between 68 and 65535, not " + mtu);
        }
        String ipam = f.object("ipam").isPresent() ? f.nested("ipam").string("type").orElse("") : "";
        if (ipam.isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"ipam.type\" is required for weft-ptp");
        }
        return new PtpConfig(f.bool("ipMasq", false), mtu, ipam, f.parsed("ipMasqNetwork", Cidr::parse));
    }
}
