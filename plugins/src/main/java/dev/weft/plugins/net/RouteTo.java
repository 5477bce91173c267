package dev.weft.plugins.net;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.util.Objects;

/** A route out of one link: to {@code dst} via {@code gateway}, or on-link when it is {@code null}. */
public record RouteTo(Cidr dst, IpAddress gateway) {
    public RouteTo {
        Objects.requireNonNull(dst, "dst");
    }
}
