package dev.weft.overlay.udp.datapath;

import dev.weft.overlay.udp.io.TunDevice;
import dev.weft.overlay.udp.peer.LivePeers;

import java.util.Objects;

/**
 * What every datapath works with: the TUN (one fd per queue), one underlay socket per queue, the
 * overlay port, the live peers, and the node's addressing: its TUN address ({@code gateway}), its
 * subnet and the TUN MTU. Addresses are ints, first octet most significant.
 */
public record DatapathSetup(TunDevice tun, int[] sockets, int port, LivePeers peers, int gateway, int localNet,
                            int localPrefix, int mtu) {
    public DatapathSetup {
        Objects.requireNonNull(tun, "tun");
        Objects.requireNonNull(peers, "peers");
        if (sockets.length != tun.queues()) {
            throw new IllegalArgumentException("sockets: " + sockets.length + " for " + tun.queues() + " TUN queues");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
        if (localPrefix < 0 || localPrefix > 32) {
            throw new IllegalArgumentException("localPrefix " + localPrefix + " is not in 0..32");
        }
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("mtu " + mtu + " is not in 68..65535");
        }
    }

    /** A forwarder for one thread, writing ICMP errors at {@code replyOff} of {@code reply}. */
    Forwarder forwarder(Counters counters, java.lang.foreign.MemorySegment reply, long replyOff) {
        return new Forwarder(peers, counters, gateway, localNet, localPrefix, mtu, reply, replyOff);
    }
}
