package dev.weft.overlay.udp.datapath;

/** What the datapath counts: packets forwarded, packets dropped (by reason), system calls made. */
public enum Counter {
    /** Packets read from the TUN and sent to a peer (after segmentation: one per inner packet). */
    TX_PACKETS("tx_packets"),
    TX_BYTES("tx_bytes"),
    /** Packets received from peers and written to the TUN (before coalescing: one per inner packet). */
    RX_PACKETS("rx_packets"),
    RX_BYTES("rx_bytes"),
    /** Datagrams from an address that is no peer's. */
    DROP_UNKNOWN_SENDER("drop_unknown_sender"),
    /** Shorter than an IPv4 header, or than their header or total length says. */
    DROP_SHORT("drop_short"),
    /** Not IPv4 (version field). */
    DROP_NOT_IPV4("drop_not_ipv4"),
    /** IPv4 with a header length under 20, a total length under it, or a bad header checksum. */
    DROP_BAD_HEADER("drop_bad_header"),
    /** From the TUN to a destination no peer owns (answered with ICMP net unreachable). */
    DROP_NO_ROUTE("drop_no_route"),
    /** TTL ran out here (answered with ICMP time exceeded). */
    DROP_TTL("drop_ttl"),
    /** Larger than the TUN MTU with DF set (answered with ICMP fragmentation needed). */
    DROP_TOO_BIG("drop_too_big"),
    /** From a peer to an address that is not on this node's subnet. */
    DROP_NOT_LOCAL("drop_not_local"),
    /** A TUN super-packet of a kind this datapath does not cut (not TCP/IPv4). */
    DROP_UNSUPPORTED("drop_unsupported"),
    /** A datagram larger than the receive buffer (MSG_TRUNC). */
    DROP_TRUNCATED("drop_truncated"),
    /** ICMP errors written back to the TUN. */
    ICMP_SENT("icmp_sent"),
    /** sendto/sendmsg/sendmmsg failures (each lost datagram counted once). */
    SEND_ERRORS("send_errors"),
    /** write(2) to the TUN failed. */
    TUN_WRITE_ERRORS("tun_write_errors"),
    /** read(2) calls on the TUN that returned a packet. */
    SYS_TUN_READ("sys_tun_read"),
    /** write(2) calls on the TUN. */
    SYS_TUN_WRITE("sys_tun_write"),
    /** sendto/sendmsg/sendmmsg calls. */
    SYS_UDP_SEND("sys_udp_send"),
    /** recvfrom/recvmsg/recvmmsg calls that returned data. */
    SYS_UDP_RECV("sys_udp_recv"),
    /** poll(2) calls. */
    SYS_POLL("sys_poll"),
    /** read/recv calls that found nothing (EAGAIN): the price of not polling before each one. */
    SYS_EMPTY("sys_empty"),
    /** TUN super-packets cut into segments (offload). */
    GSO_SUPER_PACKETS("gso_super_packets"),
    /** Received segments merged into an earlier one before the TUN write (offload). */
    GRO_MERGED("gro_merged");

    private final String key;

    Counter(String key) {
        this.key = key;
    }

    /** The name in the status file. */
    public String key() {
        return key;
    }

    static final Counter[] ALL = values();
}
