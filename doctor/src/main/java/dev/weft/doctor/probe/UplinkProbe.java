package dev.weft.doctor.probe;

import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.ProbeNames;
import dev.weft.net.IpAddress;

import java.util.Optional;

/** The uplink's MTU and what each encapsulation leaves for pods. */
public final class UplinkProbe {
    /** IPv6's minimum link MTU: a pod MTU below it breaks IPv6 and surprises most software. */
    static final int MIN_POD_MTU = 1280;

    private UplinkProbe() {
    }

    public static Finding interpret(IpAddress publicIp, Optional<Uplink> uplink) {
        if (uplink.isEmpty()) {
            return Finding.fail(ProbeNames.UPLINK_MTU, "no device in this namespace holds " + publicIp,
                    "give the agent --public-ip of an address this node holds");
        }
        Uplink u = uplink.get();
        String seen = u.name() + " (" + u.address() + ") MTU " + u.mtu() + ": pods get " + (u.mtu() - 50)
                + " on vxlan, " + (u.mtu() - 28) + " on udp, " + u.mtu() + " on host-gw, bgp and macvlan";
        return u.mtu() - 50 < MIN_POD_MTU
                ? Finding.warn(ProbeNames.UPLINK_MTU, seen, "raise the uplink's MTU (jumbo frames) or avoid the encapsulating backends")
                : Finding.ok(ProbeNames.UPLINK_MTU, seen);
    }
}
