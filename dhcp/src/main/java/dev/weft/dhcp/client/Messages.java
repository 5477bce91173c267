package dev.weft.dhcp.client;

import dev.weft.dhcp.packet.DhcpPacket;
import dev.weft.dhcp.packet.MessageType;
import dev.weft.dhcp.packet.OptionCode;
import dev.weft.dhcp.packet.Octets;
import dev.weft.dhcp.packet.Options;
import dev.weft.net.IpAddress;

/**
 * The messages a client sends, with the options RFC 2131 table 5 allows in each: pure builders,
 * golden-tested. Every message carries the client identifier; requests also the parameter request
 * list, the maximum message size and the provided options (a provided option 61 replaces the
 * derived identifier).
 */
public final class Messages {
    /** The largest message the client accepts: an Ethernet frame's worth. */
    static final int MAX_MESSAGE_SIZE = 1500;

    private Messages() {
    }

    /** DHCPDISCOVER, broadcast; {@code hint} (may be null) asks for a former address. */
    public static DhcpPacket discover(ClientConfig c, int xid, int secs, IpAddress hint) {
        Options.Builder o = start(c, MessageType.DISCOVER);
        if (hint != null) {
            o.address(OptionCode.REQUESTED_ADDRESS, hint);
        }
        return DhcpPacket.request(xid, secs, true, null, c.mac(), finish(c, o));
    }

    /** DHCPREQUEST in SELECTING: takes {@code server}'s offer of {@code offered}; broadcast. */
    public static DhcpPacket select(ClientConfig c, int xid, int secs, IpAddress offered, IpAddress server) {
        Options.Builder o = start(c, MessageType.REQUEST)
                .address(OptionCode.REQUESTED_ADDRESS, offered)
                .address(OptionCode.SERVER_ID, server);
        return DhcpPacket.request(xid, secs, true, null, c.mac(), finish(c, o));
    }

    /** DHCPREQUEST in INIT-REBOOT: asks to keep a remembered {@code address}; broadcast, no server. */
    public static DhcpPacket reboot(ClientConfig c, int xid, int secs, IpAddress address) {
        Options.Builder o = start(c, MessageType.REQUEST).address(OptionCode.REQUESTED_ADDRESS, address);
        return DhcpPacket.request(xid, secs, true, null, c.mac(), finish(c, o));
    }

    /**
     * DHCPREQUEST in RENEWING (unicast to the server) or REBINDING (broadcast): the address in
     * {@code ciaddr}, neither option 50 nor 54. The broadcast flag stays clear: the client has its
     * address, and servers answer to {@code ciaddr}.
     */
    public static DhcpPacket renew(ClientConfig c, int xid, int secs, IpAddress address) {
        return DhcpPacket.request(xid, secs, false, address, c.mac(), finish(c, start(c, MessageType.REQUEST)));
    }

    /** DHCPRELEASE of {@code address} to {@code server}: only type, server and client identifier. */
    public static DhcpPacket release(ClientConfig c, int xid, IpAddress address, IpAddress server) {
        Options o = start(c, MessageType.RELEASE).address(OptionCode.SERVER_ID, server).build();
        return DhcpPacket.request(xid, 0, false, address, c.mac(), o);
    }

    private static Options.Builder start(ClientConfig c, MessageType type) {
        Octets id = c.options().provided().getOrDefault(OptionCode.CLIENT_ID, c.clientId());
        return Options.builder().messageType(type).put(OptionCode.CLIENT_ID, id);
    }

    private static Options finish(ClientConfig c, Options.Builder o) {
        o.u16(OptionCode.MAX_MESSAGE_SIZE, MAX_MESSAGE_SIZE);
        if (!c.options().requested().isEmpty()) {
            byte[] prl = new byte[c.options().requested().size()];
            for (int i = 0; i < prl.length; i++) {
                prl[i] = (byte) (int) c.options().requested().get(i);
            }
            o.put(OptionCode.PARAMETER_REQUEST_LIST, Octets.of(prl));
        }
        c.options().provided().forEach((code, value) -> {
            if (code != OptionCode.CLIENT_ID) {
                o.put(code, value);
            }
        });
        return o.build();
    }
}
