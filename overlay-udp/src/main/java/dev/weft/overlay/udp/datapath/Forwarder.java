package dev.weft.overlay.udp.datapath;

import dev.weft.overlay.udp.packet.Icmp;
import dev.weft.overlay.udp.packet.Ipv4;
import dev.weft.overlay.udp.peer.LivePeers;
import dev.weft.overlay.udp.peer.PeerTable;

import java.lang.foreign.MemorySegment;

/**
 * The forwarding decisions of one packet thread, shared by every datapath and free of I/O (tested
 * without root): for a packet from the TUN, which peer gets it ({@link #toPeer}); for a datagram
 * from the underlay, whether the TUN gets it ({@link #fromPeer}). Drops are counted by reason;
 * ICMP errors are built into the thread's reply buffer for the caller to write to the TUN.
 * Allocates nothing.
 */
public final class Forwarder {
    /** {@link #toPeer}: the packet is dropped (counted). */
    public static final long DROP = -1;
    /** {@link #toPeer}: dropped, and an ICMP error of {@link #replyLength()} bytes waits in the reply buffer. */
    public static final long REPLY = -2;

    private final LivePeers peers;
    private final Counters counters;
    private final int gateway;
    private final int localNet;
    private final int localMask;
    private final int mtu;
    private final MemorySegment reply;
    private final long replyOff;
    private int replyLength;

    /**
     * A forwarder for a node whose TUN has address {@code gateway} and MTU {@code mtu}, serving
     * subnet {@code localNet}/{@code localPrefix}; ICMP errors are written at {@code replyOff} of
     * {@code reply} ({@link Icmp#MAX_ERROR} bytes of room).
     */
    public Forwarder(LivePeers peers, Counters counters, int gateway, int localNet, int localPrefix, int mtu,
                     MemorySegment reply, long replyOff) {
        this.peers = peers;
        this.counters = counters;
        this.gateway = gateway;
        this.localMask = localPrefix == 0 ? 0 : -1 << (32 - localPrefix);
        this.localNet = localNet & localMask;
        this.mtu = mtu;
        this.reply = reply;
        this.replyOff = replyOff;
    }

    /**
     * A packet of {@code len} bytes read from the TUN: the underlay address (as an unsigned int in
     * a long) of the peer owning its destination, with the TTL already decremented, or
     * {@link #DROP}, or {@link #REPLY}. {@code superPacket} (a GSO packet, cut later) skips the MTU
     * check.
     */
    public long toPeer(MemorySegment s, long off, int len, boolean superPacket) {
        int status = Ipv4.check(s, off, len, false);
        if (status != Ipv4.OK) {
            countBad(status);
            return DROP;
        }
        int peer = peers.current().lookup(Ipv4.destination(s, off));
        if (peer == 0) {
            counters.inc(Counter.DROP_NO_ROUTE);
            return answer(Icmp.DEST_UNREACHABLE, Icmp.CODE_NET_UNREACHABLE, 0, s, off, len);
        }
        if (!superPacket && Ipv4.totalLength(s, off) > mtu && Ipv4.dontFragment(s, off)) {
            counters.inc(Counter.DROP_TOO_BIG);
            return answer(Icmp.DEST_UNREACHABLE, Icmp.CODE_FRAG_NEEDED, mtu, s, off, len);
        }
        if (!Ipv4.decrementTtl(s, off)) {
            counters.inc(Counter.DROP_TTL);
            return answer(Icmp.TIME_EXCEEDED, Icmp.CODE_TTL_EXCEEDED, 0, s, off, len);
        }
        return Integer.toUnsignedLong(peer);
    }

    /**
     * A datagram payload of {@code len} bytes from underlay address {@code sender}: the length of
     * the IPv4 packet to write to the TUN (the total length; padding after it is cut), or -1 when
     * it is dropped (counted): unknown sender, short, not IPv4, bad header, not for this node.
     */
    public int fromPeer(int sender, MemorySegment s, long off, int len) {
        if (!peers.current().isPeer(sender)) {
            counters.inc(Counter.DROP_UNKNOWN_SENDER);
            return -1;
        }
        return fromKnownPeer(s, off, len);
    }

    /** {@link #fromPeer} once the sender was checked (a GRO batch shares one sender). */
    public int fromKnownPeer(MemorySegment s, long off, int len) {
        int status = Ipv4.check(s, off, len, true);
        if (status != Ipv4.OK) {
            countBad(status);
            return -1;
        }
        int dst = Ipv4.destination(s, off);
        if ((dst & localMask) != localNet && dst != gateway) {
            counters.inc(Counter.DROP_NOT_LOCAL);
            return -1;
        }
        return Ipv4.totalLength(s, off);
    }

    /** Whether {@code sender} is a peer now. */
    public boolean isPeer(int sender) {
        return peers.current().isPeer(sender);
    }

    /** The peers in force. */
    public PeerTable peers() {
        return peers.current();
    }

    /** The length of the ICMP error after {@link #REPLY}. */
    public int replyLength() {
        return replyLength;
    }

    /** The counters this forwarder writes. */
    public Counters counters() {
        return counters;
    }

    private long answer(int type, int code, int nextHopMtu, MemorySegment s, long off, int len) {
        if (!Icmp.mayAnswer(s, off, len)) {
            return DROP;
        }
        replyLength = Icmp.error(reply, replyOff, type, code, nextHopMtu, gateway, s, off, len);
        counters.inc(Counter.ICMP_SENT);
        return REPLY;
    }

    private void countBad(int status) {
        counters.inc(switch (status) {
            case Ipv4.SHORT -> Counter.DROP_SHORT;
            case Ipv4.NOT_IPV4 -> Counter.DROP_NOT_IPV4;
            default -> Counter.DROP_BAD_HEADER;
        });
    }
}
