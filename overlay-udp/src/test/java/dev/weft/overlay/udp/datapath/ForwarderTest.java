package dev.weft.overlay.udp.datapath;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.overlay.udp.packet.Ipv4;
import dev.weft.overlay.udp.packet.Packets;
import dev.weft.overlay.udp.peer.LivePeers;
import dev.weft.overlay.udp.peer.PeerTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ForwarderTest {
    private static final int GW = Ipv4.address(10, 244, 1, 1);
    private static final int PEER = Ipv4.address(192, 0, 2, 12);
    private final LivePeers peers = new LivePeers();
    private final Counters counters = new Counters();
    private final byte[] reply = new byte[600];
    private Forwarder fwd;

    @BeforeEach
    void setUp() {
        peers.replace(PeerTable.of(Map.of(Cidr.parse("10.244.2.0/24"), IpAddress.parse("192.0.2.12"))));
        fwd = new Forwarder(peers, counters, GW, Ipv4.address(10, 244, 1, 0), 24, 1472, MemorySegment.ofArray(reply), 0);
    }

    @Test
    void sendsToThePeerOwningTheDestinationWithTheTtlDecremented() {
        byte[] p = Packets.echo(Ipv4.address(10, 244, 1, 5), Ipv4.address(10, 244, 2, 9), 64, 56, true);
        assertThat(fwd.toPeer(Packets.seg(p), 0, p.length, false)).isEqualTo(Integer.toUnsignedLong(PEER));
        assertThat(p[8]).isEqualTo((byte) 63);
        assertThat(Packets.naive(p, 0, 20, 0)).isZero();
    }

    @Test
    void answersANetUnreachableForADestinationNoPeerOwns() {
        byte[] p = Packets.echo(Ipv4.address(10, 244, 1, 5), Ipv4.address(10, 244, 7, 9), 64, 56, true);
        assertThat(fwd.toPeer(Packets.seg(p), 0, p.length, false)).isEqualTo(Forwarder.REPLY);
        assertThat(reply[20]).isEqualTo((byte) 3);
        assertThat(reply[21]).isEqualTo((byte) 0);
        assertThat(Ipv4.source(MemorySegment.ofArray(reply), 0)).isEqualTo(GW);
        assertThat(Ipv4.destination(MemorySegment.ofArray(reply), 0)).isEqualTo(Ipv4.address(10, 244, 1, 5));
        assertThat(fwd.replyLength()).isEqualTo(28 + p.length);
        assertThat(counters.get(Counter.DROP_NO_ROUTE)).isEqualTo(1);
        assertThat(counters.get(Counter.ICMP_SENT)).isEqualTo(1);
    }

    @Test
    void answersFragNeededAboveTheMtuWithDfAndTimeExceededAtTtlOne() {
        byte[] big = Packets.echo(Ipv4.address(10, 244, 1, 5), Ipv4.address(10, 244, 2, 9), 64, 1473 - 28, true);
        assertThat(fwd.toPeer(Packets.seg(big), 0, big.length, false)).isEqualTo(Forwarder.REPLY);
        assertThat(reply[21]).isEqualTo((byte) 4);
        assertThat(Packets.getShort(reply, 26)).isEqualTo(1472);
        byte[] fits = Packets.echo(Ipv4.address(10, 244, 1, 5), Ipv4.address(10, 244, 2, 9), 64, 1472 - 28, true);
        assertThat(fwd.toPeer(Packets.seg(fits), 0, fits.length, false)).isEqualTo(Integer.toUnsignedLong(PEER));
        byte[] noDf = Packets.echo(Ipv4.address(10, 244, 1, 5), Ipv4.address(10, 244, 2, 9), 64, 1473 - 28, false);
        assertThat(fwd.toPeer(Packets.seg(noDf), 0, noDf.length, false)).as("no DF: the kernel fragments the datagram")
                .isEqualTo(Integer.toUnsignedLong(PEER));
        byte[] ttl1 = Packets.echo(Ipv4.address(10, 244, 1, 5), Ipv4.address(10, 244, 2, 9), 1, 8, false);
        assertThat(fwd.toPeer(Packets.seg(ttl1), 0, ttl1.length, false)).isEqualTo(Forwarder.REPLY);
        assertThat(reply[20]).isEqualTo((byte) 11);
        assertThat(counters.get(Counter.DROP_TOO_BIG)).isEqualTo(1);
        assertThat(counters.get(Counter.DROP_TTL)).isEqualTo(1);
    }

    @Test
    void dropsAndCountsWhatComesFromStrangersOrIsNotIpv4() {
        byte[] p = Packets.echo(Ipv4.address(10, 244, 2, 9), Ipv4.address(10, 244, 1, 5), 63, 56, true);
        assertThat(fwd.fromPeer(Ipv4.address(192, 0, 2, 99), Packets.seg(p), 0, p.length)).isEqualTo(-1);
        assertThat(fwd.fromPeer(PEER, Packets.seg(p), 0, 10)).isEqualTo(-1);
        assertThat(fwd.fromPeer(PEER, Packets.seg(new byte[0]), 0, 0)).isEqualTo(-1);
        byte[] v6 = p.clone();
        v6[0] = 0x60;
        assertThat(fwd.fromPeer(PEER, Packets.seg(v6), 0, v6.length)).isEqualTo(-1);
        byte[] badSum = p.clone();
        badSum[10] ^= 1;
        assertThat(fwd.fromPeer(PEER, Packets.seg(badSum), 0, badSum.length)).isEqualTo(-1);
        byte[] elsewhere = Packets.echo(Ipv4.address(10, 244, 2, 9), Ipv4.address(10, 244, 5, 5), 63, 56, true);
        assertThat(fwd.fromPeer(PEER, Packets.seg(elsewhere), 0, elsewhere.length)).isEqualTo(-1);
        assertThat(counters.get(Counter.DROP_UNKNOWN_SENDER)).isEqualTo(1);
        assertThat(counters.get(Counter.DROP_SHORT)).isEqualTo(2);
        assertThat(counters.get(Counter.DROP_NOT_IPV4)).isEqualTo(1);
        assertThat(counters.get(Counter.DROP_BAD_HEADER)).isEqualTo(1);
        assertThat(counters.get(Counter.DROP_NOT_LOCAL)).isEqualTo(1);
    }

    @Test
    void acceptsAPacketForThisSubnetOrTheGatewayAndCutsPadding() {
        byte[] p = Packets.echo(Ipv4.address(10, 244, 2, 9), Ipv4.address(10, 244, 1, 5), 63, 56, true);
        byte[] padded = java.util.Arrays.copyOf(p, p.length + 6);
        assertThat(fwd.fromPeer(PEER, Packets.seg(padded), 0, padded.length)).isEqualTo(p.length);
        byte[] gw = Packets.echo(Ipv4.address(10, 244, 2, 9), GW, 63, 8, false);
        assertThat(fwd.fromPeer(PEER, Packets.seg(gw), 0, gw.length)).isEqualTo(gw.length);
    }

    @Test
    void aNewTableTakesEffectOnTheNextPacket() {
        byte[] p = Packets.echo(Ipv4.address(10, 244, 1, 5), Ipv4.address(10, 244, 3, 9), 64, 8, false);
        assertThat(fwd.toPeer(Packets.seg(p.clone()), 0, p.length, false)).isEqualTo(Forwarder.REPLY);
        peers.replace(PeerTable.of(Map.of(Cidr.parse("10.244.3.0/24"), IpAddress.parse("192.0.2.13"))));
        assertThat(fwd.toPeer(Packets.seg(p.clone()), 0, p.length, false)).isEqualTo(Integer.toUnsignedLong(Ipv4.address(192, 0, 2, 13)));
    }

    @Test
    void neverAnswersAnIcmpErrorWithAnother() {
        byte[] p = Packets.echo(Ipv4.address(10, 244, 1, 5), Ipv4.address(10, 244, 7, 9), 64, 8, false);
        fwd.toPeer(Packets.seg(p), 0, p.length, false);
        byte[] err = java.util.Arrays.copyOf(reply, fwd.replyLength());
        // the error itself, sent somewhere no peer owns, is dropped without another error
        Ipv4.writeHeader(MemorySegment.ofArray(err), 0, 0, err.length, 0, 0, 64, 1, GW, Ipv4.address(10, 244, 9, 9));
        assertThat(fwd.toPeer(Packets.seg(err), 0, err.length, false)).isEqualTo(Forwarder.DROP);
    }
}
