package dev.weft.doctor.probe;

import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.ProbeNames;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.InterfaceName;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.link.LinkSpec;
import dev.weft.netlink.link.MacvlanMode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;

/**
 * Whether the segment accepts extra MAC addresses (what the macvlan underlay needs): a macvlan
 * with a fresh MAC on the uplink, moved into a throwaway namespace with the probe address, opens
 * a TCP connection to another on-link node's discard port. An answer of either kind (accepted or
 * refused: the peer's TCP stack sent a RST) proves frames from and to the new MAC cross the
 * segment; a timeout or an ARP failure means the switch or hypervisor drops them. The probe
 * address must be free on the segment, so it is the operator's to give ({@code --probe-address});
 * without it, or without another on-link node, the answer is "unknown".
 */
public final class SegmentProbe {
    /** How a connection attempt from the probe's MAC ended. */
    public enum Outcome { CONNECTED, REFUSED, TIMED_OUT, UNREACHABLE }

    private SegmentProbe() {
    }

    public static Finding run(Netlink nl, Uplink uplink, Optional<InterfaceAddress> probeAddress, Optional<PeerPath> onLinkPeer) {
        if (onLinkPeer.isEmpty()) {
            return Finding.info(ProbeNames.SEGMENT_EXTRA_MACS, "unknown: no other node on this segment to probe");
        }
        if (probeAddress.isEmpty()) {
            return Finding.info(ProbeNames.SEGMENT_EXTRA_MACS,
                    "unknown: give --probe-address (a free address on " + uplink.address().network() + ") to probe it");
        }
        PeerPath peer = onLinkPeer.get();
        try (Scratch s = Scratch.create()) {
            nl.links().add(new LinkSpec.Macvlan(InterfaceName.of("wd-mv" + (ProcessHandle.current().pid() % 10000)),
                    0, uplink.index(), MacvlanMode.BRIDGE, s.ns().fd()));
            LinkInfo mv = s.netlink().links().list().stream().filter(l -> "macvlan".equals(l.kind())).findFirst().orElseThrow();
            s.netlink().addresses().add(mv.index(), probeAddress.get());
            s.netlink().links().setUp(mv.index());
            Outcome o = s.ns().run(() -> connect(peer.address()));
            return interpret(o, peer, probeAddress.get());
        } catch (RuntimeException e) {
            return Finding.warn(ProbeNames.SEGMENT_EXTRA_MACS, "probe failed: " + e.getMessage(),
                    "see the message; the macvlan backend needs a macvlan on " + uplink.name());
        }
    }

    static Outcome connect(IpAddress peer) {
        try (Socket sock = new Socket()) {
            sock.connect(new InetSocketAddress(peer.toInetAddress(), 9), 2000);
            return Outcome.CONNECTED;
        } catch (ConnectException e) {
            return Outcome.REFUSED;
        } catch (SocketTimeoutException e) {
            return Outcome.TIMED_OUT;
        } catch (IOException e) {
            return Outcome.UNREACHABLE;
        }
    }

    public static Finding interpret(Outcome o, PeerPath peer, InterfaceAddress probe) {
        String via = "a macvlan with a new MAC (" + probe + ") reaching " + peer.node() + " " + peer.address();
        return switch (o) {
            case CONNECTED, REFUSED -> Finding.ok(ProbeNames.SEGMENT_EXTRA_MACS, via + ": answered");
            case TIMED_OUT, UNREACHABLE -> Finding.warn(ProbeNames.SEGMENT_EXTRA_MACS,
                    via + ": " + (o == Outcome.TIMED_OUT ? "no answer" : "no ARP answer") + ", the segment drops unknown MACs",
                    "the macvlan underlay needs a segment that accepts several MACs per port (port security off, "
                            + "VMware: promiscuous mode and forged transmits); else use host-gw or vxlan");
        };
    }
}
