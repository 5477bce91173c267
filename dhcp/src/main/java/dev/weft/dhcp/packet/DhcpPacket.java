package dev.weft.dhcp.packet;

import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;

import java.util.Optional;

/**
 * A DHCP message (RFC 2131 section 2): the BOOTP header fields and the options. {@code chaddr} holds
 * {@code hlen} bytes (6 for Ethernet); {@code sname} and {@code file} are held without their zero
 * padding. Encode and decode with {@link DhcpCodec}.
 */
public record DhcpPacket(Op op, int htype, int hops, int xid, int secs, int flags,
                         IpAddress ciaddr, IpAddress yiaddr, IpAddress siaddr, IpAddress giaddr,
                         Octets chaddr, Octets sname, Octets file, Options options) {
    public static final int HTYPE_ETHERNET = 1;
    public static final int FLAG_BROADCAST = 0x8000;
    public static final IpAddress ZERO = IpAddress.parse("0.0.0.0");

    public DhcpPacket {
        if (op == null) {
            throw new IllegalArgumentException("op is required");
        }
        check("htype", htype, 255);
        check("hops", hops, 255);
        check("secs", secs, 0xffff);
        check("flags", flags, 0xffff);
        ciaddr = v4("ciaddr", ciaddr);
        yiaddr = v4("yiaddr", yiaddr);
        siaddr = v4("siaddr", siaddr);
        giaddr = v4("giaddr", giaddr);
        chaddr = bounded("chaddr", chaddr, 16);
        sname = bounded("sname", sname, 64);
        file = bounded("file", file, 128);
        options = options == null ? Options.NONE : options;
    }

    /** A client's message from Ethernet address {@code mac}: zero addresses, the rest as given. */
    public static DhcpPacket request(int xid, int secs, boolean broadcast, IpAddress ciaddr, MacAddress mac,
                                     Options options) {
        return new DhcpPacket(Op.BOOTREQUEST, HTYPE_ETHERNET, 0, xid, secs, broadcast ? FLAG_BROADCAST : 0,
                ciaddr, ZERO, ZERO, ZERO, Octets.of(mac.bytes()), Octets.EMPTY, Octets.EMPTY, options);
    }

    public Optional<MessageType> messageType() {
        return options.messageType();
    }

    public boolean broadcast() {
        return (flags & FLAG_BROADCAST) != 0;
    }

    /** The client's Ethernet address, when {@code htype} is Ethernet and {@code hlen} 6. */
    public Optional<MacAddress> mac() {
        return htype == HTYPE_ETHERNET && chaddr.length() == 6 ? Optional.of(MacAddress.of(chaddr.toArray()))
                : Optional.empty();
    }

    public DhcpPacket withOptions(Options newOptions) {
        return new DhcpPacket(op, htype, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname, file,
                newOptions);
    }

    private static void check(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " " + value + " is out of range 0-" + max);
        }
    }

    private static IpAddress v4(String field, IpAddress a) {
        if (a == null) {
            return ZERO;
        }
        if (!a.isV4()) {
            throw new IllegalArgumentException(field + " must be an IPv4 address, not " + a);
        }
        return a;
    }

    private static Octets bounded(String field, Octets value, int max) {
        if (value == null) {
            return Octets.EMPTY;
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " has " + value.length() + " bytes (at most " + max + ")");
        }
        return value;
    }

    @Override
    public String toString() {
        return messageType().map(MessageType::wireName).orElse(op.name()) + "[xid=" + Integer.toHexString(xid)
                + (broadcast() ? ", broadcast" : "") + ", ciaddr=" + ciaddr + ", yiaddr=" + yiaddr
                + ", chaddr=" + chaddr + ", options=" + options + "]";
    }
}
