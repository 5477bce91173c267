package dev.weft.cni.result;

import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;

/**
 * An address in a result: the address with prefix, an optional gateway, and the index into the
 * result's interfaces (absent in IPAM results).
 */
public record IpConfig(InterfaceAddress address, IpAddress gateway, Integer interfaceIndex) {
    public IpConfig {
        if (address == null) {
            throw new IllegalArgumentException("ips[].address is required");
        }
        if (gateway != null && gateway.isV4() != address.isV4()) {
            throw new IllegalArgumentException("gateway " + gateway + " is not in the family of " + address);
        }
        if (interfaceIndex != null && interfaceIndex < 0) {
            throw new IllegalArgumentException("ips[].interface must not be negative");
        }
    }

    public IpConfig withInterface(int index) {
        return new IpConfig(address, gateway, index);
    }

    public boolean isV4() {
        return address.isV4();
    }
}
