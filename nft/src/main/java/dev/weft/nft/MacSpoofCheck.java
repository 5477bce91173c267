package dev.weft.nft;

import dev.weft.net.MacAddress;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code macspoofchk}: frames entering the bridge from a container's veth must carry the
 * container's MAC as source, in weft's own table {@code bridge weft_macspoof} (as the reference
 * plugin does in nftables' bridge family, before any other bridge filtering).
 */
public final class MacSpoofCheck extends AttachmentRules {
    public static final Path DEFAULT_LOCK = Path.of("/run/weft/macspoof.lock");

    public MacSpoofCheck(Nft nft, Path lockFile) {
        super(new TaggedRules(nft, lockFile, Family.BRIDGE, "weft_macspoof", "prerouting",
                "type filter hook prerouting priority -300; policy accept;"));
    }

    /** The rule text (pure; golden-tested). */
    static String rule(String hostVeth, MacAddress mac) {
        return "iifname \"" + hostVeth + "\" ether saddr != " + mac + " drop";
    }

    public void ensure(String key, String hostVeth, MacAddress containerMac) {
        ensureRules(key, List.of(rule(hostVeth, containerMac)));
    }
}
