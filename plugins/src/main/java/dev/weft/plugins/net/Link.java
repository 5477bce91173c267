package dev.weft.plugins.net;

import dev.weft.net.MacAddress;

/**
 * A network device as plugins see it; {@code kind} is empty for physical devices; master 0 is
 * none; {@code alias} is the kernel's ifalias ("" when unset).
 */
public record Link(int index, String name, String kind, MacAddress mac, int mtu, boolean up, int masterIndex,
                   String alias) {
    public boolean isBridge() {
        return "bridge".equals(kind);
    }
}
