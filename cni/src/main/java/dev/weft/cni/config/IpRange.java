package dev.weft.cni.config;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

/** An {@code ipRanges} capability entry or an IPAM range: a subnet with optional bounds and gateway. */
public record IpRange(Cidr subnet, IpAddress rangeStart, IpAddress rangeEnd, IpAddress gateway) {
    public IpRange {
        if (subnet == null) {
            throw new IllegalArgumentException("subnet is required");
        }
        for (IpAddress a : new IpAddress[] {rangeStart, rangeEnd, gateway}) {
            if (a != null && !subnet.contains(a)) {
                throw new IllegalArgumentException(a + " is not in subnet " + subnet);
            }
        }
        if (rangeStart != null && rangeEnd != null && rangeStart.compareTo(rangeEnd) > 0) {
            throw new IllegalArgumentException("rangeStart " + rangeStart + " is after rangeEnd " + rangeEnd);
        }
    }
}
