package dev.weft.nft;

/** nftables address families weft uses. */
public enum Family {
    IP("ip"), IP6("ip6"), INET("inet"), BRIDGE("bridge"), NETDEV("netdev");

    private final String text;

    Family(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
