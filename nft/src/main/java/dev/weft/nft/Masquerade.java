package dev.weft.nft;

import dev.weft.net.Cidr;
import dev.weft.net.InterfaceAddress;

import java.nio.file.Path;
import java.util.List;

/**
 * Source NAT for pods leaving their network ({@code ipMasq}), in weft's own table
 * {@code inet weft_masq}: one masquerade rule per pod address, tagged per attachment.
 */
public final class Masquerade extends AttachmentRules {
    public static final String TABLE = "weft_masq";
    public static final String CHAIN = "postrouting";
    public static final Path DEFAULT_LOCK = Path.of("/run/weft/masq.lock");

    public Masquerade(Nft nft, Path lockFile) {
        super(new TaggedRules(nft, lockFile, Family.INET, TABLE, CHAIN,
                "type nat hook postrouting priority srcnat; policy accept;"));
    }

    /** The rule text for one address (pure; golden-tested). */
    static String rule(InterfaceAddress pod, Cidr network) {
        String fam = pod.isV4() ? "ip" : "ip6";
        String multicast = pod.isV4() ? "224.0.0.0/4" : "ff00::/8";
        return fam + " saddr " + pod.address() + " " + fam + " daddr != " + network + " " + fam + " daddr != "
                + multicast + " masquerade";
    }

    /** Adds the rules for an attachment unless they exist (idempotent). */
    public void ensure(String key, List<InterfaceAddress> addresses) {
        ensure(key, addresses, java.util.Optional.empty());
    }

    /**
     * As {@link #ensure(String, List)}, leaving traffic to {@code network} unmasqueraded instead of
     * only the pod's own subnet: the whole cluster network, so peers see pod sources (and policy
     * can match them), as Flannel's node-level masquerade does. Only addresses of its family use it.
     */
    public void ensure(String key, List<InterfaceAddress> addresses, java.util.Optional<Cidr> network) {
        ensureRules(key, addresses.stream().map(a -> rule(a, network.filter(n -> n.isV4() == a.isV4())
                .orElse(a.network()))).toList());
    }
}
