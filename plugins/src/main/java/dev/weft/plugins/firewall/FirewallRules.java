package dev.weft.plugins.firewall;

import dev.weft.net.IpAddress;
import dev.weft.nft.TaggedTable.Chain;
import dev.weft.nft.TaggedTable.Placed;
import dev.weft.nft.TaggedTable.Skeleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The firewall rules of one attachment, as nftables rule text (pure; golden-tested). The table
 * {@code inet weft_firewall} has a {@code forward} base chain (filter, priority 0, policy accept)
 * that jumps to {@code isolation} and then to {@code pods}:
 * <ul>
 *   <li>{@code pods}, per address: {@code ip daddr P ct state established,related accept} (replies
 *       in) and {@code ip saddr P accept} (new flows out);</li>
 *   <li>{@code isolation}, per address, by ingress policy: {@code same-bridge} drops new flows
 *       that come to the pod's host device {@code B} from another bridge
 *       ({@code meta iifkind "bridge"}); {@code isolated} drops every new flow that comes from
 *       outside {@code B} unless it was DNATed (a published port).</li>
 * </ul>
 */
final class FirewallRules {
    static final String TABLE = "weft_firewall";
    static final String FORWARD = "forward";
    static final String ISOLATION = "isolation";
    static final String PODS = "pods";

    private FirewallRules() {
    }

    static Skeleton skeleton() {
        return new Skeleton(List.of(
                new Chain(FORWARD, "type filter hook forward priority 0; policy accept;"),
                Chain.regular(ISOLATION),
                Chain.regular(PODS)),
                List.of(new Placed(FORWARD, "jump " + ISOLATION), new Placed(FORWARD, "jump " + PODS)));
    }

    /**
     * The rules for the pod's addresses; {@code hostDevice} is the device the host reaches the pod
     * through (its bridge), needed by the isolating policies only.
     */
    static List<Placed> rules(List<IpAddress> pod, FirewallConfig.IngressPolicy policy, String hostDevice) {
        List<Placed> out = new ArrayList<>();
        for (IpAddress a : pod) {
            String ipx = a.isV4() ? "ip" : "ip6";
            out.add(new Placed(PODS, ipx + " daddr " + a + " ct state established,related accept"));
            out.add(new Placed(PODS, ipx + " saddr " + a + " accept"));
            String toPod = "oifname \"" + hostDevice + "\" " + ipx + " daddr " + a + " iifname != \"" + hostDevice + "\" ";
            switch (policy) {
                case OPEN -> { }
                case SAME_BRIDGE -> out.add(new Placed(ISOLATION, toPod + "meta iifkind \"bridge\" ct state new drop"));
                case ISOLATED -> out.add(new Placed(ISOLATION, toPod + "ct state new ct status & dnat == 0 drop"));
            }
        }
        return out;
    }
}
