/**
 * RFC 2131's client as a pure state machine: {@link dev.weft.dhcp.client.DhcpClient}, driven by
 * {@code onPacket}/{@code onTimer} events and commands, with its time from an injected
 * {@link java.time.InstantSource}, its messages out through a {@link dev.weft.dhcp.client.Transport}
 * and one {@link dev.weft.dhcp.client.Timer}. No thread, socket or sleep inside, so every
 * transition — retransmission backoff, NAK, T1, T2, expiry, INIT-REBOOT — is tested with a fake
 * clock in microseconds. {@link dev.weft.dhcp.client.Messages} builds the messages (golden-tested).
 *
 * <p>Decisions where the RFC leaves room: the first usable OFFER is taken (no collection window;
 * a container network has one server); a NAK restarts at once the first time and after the backoff
 * thereafter, so a server that always NAKs is not flooded; an ACK that cannot make a lease (no
 * mask, no lease time) counts as a refusal while acquiring and is ignored while renewing; the
 * lease's times count from when the REQUEST was sent, not when the ACK arrived (they err early);
 * INIT-REBOOT without an answer keeps the remembered lease while it is valid (RFC 2131 3.2). No
 * DHCPDECLINE: the client does not probe the address with ARP (the reference plugin does not
 * either). {@link dev.weft.dhcp.client.DhcpClient} is one file of about 430 lines, above the house's
 * 300: the transitions read best side by side; the retransmission arithmetic lives apart in
 * {@code Retransmission}.
 */
package dev.weft.dhcp.client;
