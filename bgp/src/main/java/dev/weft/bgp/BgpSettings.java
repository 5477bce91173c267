package dev.weft.bgp;

import java.util.Comparator;
import java.util.List;

/** A snapshot of the cluster's BGP settings: the configuration and every explicit peer, by name. */
public record BgpSettings(BgpConfig config, List<BgpPeer> peers) {
    public BgpSettings {
        if (config == null) {
            throw new IllegalArgumentException("config: required");
        }
        peers = peers.stream().sorted(Comparator.comparing(BgpPeer::name)).toList();
    }

    /** Defaults and no peers. */
    public static final BgpSettings DEFAULT = new BgpSettings(BgpConfig.DEFAULT, List.of());

    /** The peers {@code node} has: the global ones and those bound to it. */
    public List<BgpPeer> peersOf(String node) {
        return peers.stream().filter(p -> p.appliesTo(node)).toList();
    }
}
