/**
 * DHCPv4 messages as values and their codec, pure and without I/O: {@link dev.weft.dhcp.packet.DhcpPacket}
 * (the BOOTP header and {@link dev.weft.dhcp.packet.Options}), {@link dev.weft.dhcp.packet.DhcpCodec}
 * (bytes both ways), option 121 ({@link dev.weft.dhcp.packet.ClasslessRoutes}) and 33
 * ({@link dev.weft.dhcp.packet.StaticRoutes}).
 *
 * <p>Why hand-written: Maven Central has no well-kept Java DHCP codec. dhcp4java (1.00, 2008) is
 * unmaintained, has no option 121 and decodes into mutable objects; Apache Directory's DHCP
 * protocol module and anarres' dhcp server (both last released years ago) are servers around
 * MINA/Netty, not a client's codec. The format is small (a 236-byte header, a cookie and
 * type-length-value options), so a codec of a few hundred lines with golden packets and a fuzzed
 * decoder is less risk than any of them.
 *
 * <p>Untrusted input: every byte the decoder reads comes from the network. It checks each bound
 * and each known option's shape up front and throws only {@link dev.weft.dhcp.packet.DhcpDecodeException}
 * with a {@link dev.weft.dhcp.packet.DhcpDecodeException.Problem} code, so the typed getters of a
 * decoded packet never fail and a malformed message never reaches the client's state machine.
 * Golden packets captured from dnsmasq and busybox udhcpc are in the tests; a jqwik property feeds
 * the decoder arbitrary and mutated bytes.
 *
 * <p>Limits: IPv4 only (DHCPv6 is another protocol); text options are read as ISO-8859-1, which maps
 * every byte; messages are at most what one UDP datagram holds. Routes are the CNI model's
 * {@link dev.weft.cni.result.Route}, not a DHCP-specific type.
 */
package dev.weft.dhcp.packet;
