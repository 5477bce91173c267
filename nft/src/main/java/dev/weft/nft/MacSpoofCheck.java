package dev.weft.nft;

import dev.weft.net.MacAddress;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code macspoofchk}: frames entering the bridge from a container's veth must carry the
 * container's MAC as source, in weft's own table {@code bridge weft_macspoof} (as the reference
 * plugin does in nftables' bridge family, before any other bridge filtering).
 */
public final class MacSpoofCheck {
    public static final Path DEFAULT_LOCK = Path.of("/run/weft/macspoof.lock");

    private final TaggedRules rules;

    public MacSpoofCheck(Nft nft, Path lockFile) {
        this.rules = new TaggedRules(nft, lockFile, Family.BRIDGE, "weft_macspoof", "prerouting",
                "type filter hook prerouting priority -300; policy accept;");
    }

    /** The rule text (pure; golden-tested). */
    static String rule(String hostVeth, MacAddress mac) {
        return "iifname \"" + hostVeth + "\" ether saddr != " + mac + " drop";
    }

    public void ensure(String key, String hostVeth, MacAddress containerMac) {
        rules.ensure(key, List.of(rule(hostVeth, containerMac)));
    }

    public void remove(String key) {
        rules.remove(key);
    }

    public void retainOnly(String network, Set<String> validKeys) {
        rules.retainOnly(network, validKeys);
    }

    public boolean has(String key) {
        return rules.has(key);
    }
}
