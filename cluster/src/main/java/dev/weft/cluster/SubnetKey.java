package dev.weft.cluster;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

/**
 * Datastore keys named after a subnet: {@code PREFIX + 10.244.3.0-24} (a dash, not a slash, so
 * the subnet stays one key segment). Subnet leases and reservations share this form.
 */
final class SubnetKey {
    private SubnetKey() {
    }

    static String of(String prefix, Cidr subnet) {
        return prefix + subnet.network() + "-" + subnet.prefixLength();
    }

    static Cidr parse(String prefix, String key) {
        String tail = key.substring(prefix.length());
        int dash = tail.lastIndexOf('-');
        return new Cidr(IpAddress.parse(tail.substring(0, dash)), Integer.parseInt(tail.substring(dash + 1)));
    }
}
