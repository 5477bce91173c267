package dev.weft.plugins.portmap;

import dev.weft.cni.json.Json;
import dev.weft.nft.FakeNft;
import dev.weft.nft.Family;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The slow paths' reading of a listed table (nft -j output as nft 1.0.6 prints it): sweep and CHECK. */
class PortmapListingTest {
    private static final String A = "weft:n:aaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "weft:n:bbbbbbbbbbbbbbbbbbbbbbbb";

    private static String chain(String name) {
        return "{\"chain\": {\"family\": \"ip\", \"table\": \"weft_portmap\", \"name\": \"" + name + "\"}}";
    }

    private static String rule(String chain, String comment) {
        return "{\"rule\": {\"family\": \"ip\", \"table\": \"weft_portmap\", \"chain\": \"" + chain + "\", \"handle\": 9,"
                + " \"comment\": \"" + comment + "\"}}";
    }

    private static String elem(String key, String target) {
        return "[" + key + ", {\"jump\": {\"target\": \"" + target + "\"}}]";
    }

    private static PortmapListing listing() {
        String a = PortmapRules.hash(A);
        String b = PortmapRules.hash(B);
        String json = "{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"weft_portmap\"}},"
                + "{\"map\": {\"name\": \"ports\", \"elem\": [" + elem("{\"concat\": [\"tcp\", 8080]}", "dnat_" + a) + ", "
                + elem("{\"concat\": [\"sctp\", 9000]}", "dnat_" + b) + "]}},"
                + "{\"map\": {\"name\": \"masq\", \"elem\": [" + elem("\"10.88.0.5\"", "masq_" + a) + "]}},"
                + chain("prerouting") + ", " + rule("prerouting", "weft:static") + ", " + rule("prerouting", "weft:static") + ", "
                + chain("dnat_" + a) + ", " + rule("dnat_" + a, A) + ", " + chain("masq_" + a) + ", " + rule("masq_" + a, A) + ", "
                + chain("dnat_" + b) + ", " + rule("dnat_" + b, B) + ", " + chain("masq_" + b) + "]}";
        FakeNft nft = new FakeNft();
        nft.setListing("table ip weft_portmap", Json.parseObject(json, "listing"));
        return PortmapListing.read(nft, Family.IP);
    }

    @Test
    void sweepRemovesTheElementsJumpingToTheDoomedChainsThenTheChains() {
        PortmapListing l = listing();
        assertThat(l.attachmentKeys()).containsExactly(A, B);
        assertThat(l.sweepKey(A).render().replace(PortmapRules.hash(A), "A")).isEqualTo("""
                delete element ip weft_portmap ports { tcp . 8080 }
                delete element ip weft_portmap masq { 10.88.0.5 }
                flush chain ip weft_portmap dnat_A
                delete chain ip weft_portmap dnat_A
                flush chain ip weft_portmap masq_A
                delete chain ip weft_portmap masq_A
                """);
        assertThat(l.sweepKey("weft:n:absent")).isNull();
        assertThat(l.sweep(k -> true).render()).as("the last attachment takes the table").isEqualTo("delete table ip weft_portmap\n");
    }

    @Test
    void checkNamesWhatIsMissing() {
        var c = new PortmapConfig(true, false, java.util.List.of(), java.util.List.of(), java.util.List.of(
                new dev.weft.cni.config.PortMapping(8080, 80, "tcp", null),
                new dev.weft.cni.config.PortMapping(8081, 80, "tcp", null)));
        var addr = dev.weft.net.InterfaceAddress.parse("10.88.0.5/16");
        var a = new PortmapRules.Attachment(A, java.util.List.of(addr), c);
        assertThat(listing().problems(a, addr)).containsExactly(
                "base chain output has 0 rules, expected 2",
                "base chain masquerading has 0 rules, expected 1",
                "chain dnat_" + PortmapRules.hash(A) + " has 1 rules, expected 2",
                "chain masq_" + PortmapRules.hash(A) + " has 1 rules, expected 2",
                "map ports lacks tcp . 8081 : jump dnat_" + PortmapRules.hash(A));
    }
}
