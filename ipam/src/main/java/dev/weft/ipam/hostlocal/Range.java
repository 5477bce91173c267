package dev.weft.ipam.hostlocal;

import dev.weft.cni.config.IpRange;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

/**
 * A canonical allocation range: bounds filled in as the reference does. The first address is the
 * network address + 1; the last is the broadcast address − 1 for IPv4 and the last address for
 * IPv6; the gateway defaults to the network address + 1 and is never handed out.
 */
public record Range(Cidr subnet, IpAddress start, IpAddress end, IpAddress gateway) {

    public static Range canonical(IpRange r) {
        Cidr subnet = r.subnet();
        int hostBits = subnet.network().bitLength() - subnet.prefixLength();
        if (subnet.isV4() ? hostBits < 2 : hostBits < 1) {
            throw new IllegalArgumentException("subnet " + subnet + " is too small to allocate from");
        }
        IpAddress first = subnet.network().plus(1);
        IpAddress last = subnet.isV4() ? subnet.last().plus(-1) : subnet.last();
        IpAddress start = r.rangeStart() != null ? r.rangeStart() : first;
        IpAddress end = r.rangeEnd() != null ? r.rangeEnd() : last;
        if (start.compareTo(first) < 0 || end.compareTo(last) > 0) {
            throw new IllegalArgumentException("range " + start + "-" + end + " must lie within " + first + "-" + last);
        }
        IpAddress gw = r.gateway() != null ? r.gateway() : first;
        return new Range(subnet, start, end, gw);
    }

    public boolean contains(IpAddress a) {
        return a.bitLength() == start.bitLength() && a.compareTo(start) >= 0 && a.compareTo(end) <= 0;
    }

    public boolean overlaps(Range o) {
        return start.bitLength() == o.start.bitLength() && start.compareTo(o.end) <= 0 && o.start.compareTo(end) <= 0;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
