package dev.weft.doctor.probe;

import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.addr.AddrCodec;
import dev.weft.netlink.link.LinkInfo;

import java.util.Optional;

/** The device holding the node's underlay address: its index, name, MTU and the address with its prefix. */
public record Uplink(int index, String name, int mtu, InterfaceAddress address) {

    public static Optional<Uplink> find(Netlink nl, IpAddress publicIp) {
        for (AddrCodec.Addr a : nl.addresses().list()) {
            if (a.address().address().equals(publicIp)) {
                LinkInfo l = nl.links().require(a.index());
                return Optional.of(new Uplink(l.index(), l.name(), l.mtu(), a.address()));
            }
        }
        return Optional.empty();
    }
}
