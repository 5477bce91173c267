package dev.weft.ipam.staticip;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;
import dev.weft.sdk.Skel;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** {@code weft-static}: returns the configured or requested addresses; nothing to release. */
public final class StaticPlugin implements Plugin {

    public static void main(String[] args) {
        Skel.main(new StaticPlugin());
    }

    private static StaticConfig config(Request r) {
        ObjectNode rc = r.config().get("runtimeConfig") instanceof ObjectNode o ? o : null;
        return StaticConfig.parse(r.config(), r.runtimeConfig(), r.args(), rc);
    }

    @Override
    public Result add(Request request) {
        StaticConfig c = config(request);
        return new Result(CniVersion.CURRENT, List.of(), c.addresses(), c.routes(), c.dns());
    }

    @Override
    public void del(Request request) {
        config(request); // validates; there is no state to release
    }

    @Override
    public void check(Request request) {
        StaticConfig c = config(request);
        Result prev = request.prevResult().orElseThrow(() -> new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "static: CHECK needs prevResult"));
        for (IpConfig want : c.addresses()) {
            boolean found = prev.ips().stream().anyMatch(ip -> ip.address().equals(want.address()));
            if (!found) {
                throw new CniException(CniErrorCode.UNKNOWN_CONTAINER,
                        "static: address " + want.address() + " is missing from prevResult");
            }
        }
    }
}
