package dev.weft.dhcp.packet;

import dev.weft.cni.result.Route;
import dev.weft.net.IpAddress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of a packet, in wire order, one value per code (RFC 3396: a code that appears more
 * than once is one option whose value is the concatenation). Known options are validated when
 * decoded or built, so the typed getters below never fail; unknown ones are kept as raw bytes.
 */
public final class Options {
    public static final Options NONE = new Options(new LinkedHashMap<>());

    private final Map<Integer, Octets> values;

    private Options(LinkedHashMap<Integer, Octets> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The options of {@code values} (wire order is the map's), each checked as {@link Builder#put} does. */
    public static Options of(Map<Integer, Octets> values) {
        Builder b = builder();
        values.forEach(b::put);
        return b.build();
    }

    /** For the decoder: values already checked. */
    static Options trusted(LinkedHashMap<Integer, Octets> values) {
        return new Options(new LinkedHashMap<>(values));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to add or replace some. */
    public Builder toBuilder() {
        Builder b = builder();
        values.forEach(b::put);
        return b;
    }

    /** Codes in wire order. */
    public Set<Integer> codes() {
        return values.keySet();
    }

    /** Code → value in wire order. */
    public Map<Integer, Octets> asMap() {
        return values;
    }

    public Optional<Octets> get(int code) {
        return Optional.ofNullable(values.get(code));
    }

    public boolean has(int code) {
        return values.containsKey(code);
    }

    public Optional<MessageType> messageType() {
        return get(OptionCode.MESSAGE_TYPE).map(v -> MessageType.of(v.at(0)));
    }

    /** Option 1 as a prefix length (the mask is known to be contiguous). */
    public Optional<Integer> subnetPrefix() {
        return get(OptionCode.SUBNET_MASK).map(v -> Integer.bitCount((int) u32(v, 0)));
    }

    public List<IpAddress> routers() {
        return addresses(OptionCode.ROUTER);
    }

    public List<IpAddress> dnsServers() {
        return addresses(OptionCode.DNS_SERVERS);
    }

    public Optional<String> hostName() {
        return get(OptionCode.HOST_NAME).map(Octets::asText);
    }

    public Optional<String> domainName() {
        return get(OptionCode.DOMAIN_NAME).map(Octets::asText).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Option 56, the server's explanation (of a NAK, mostly). */
    public Optional<String> message() {
        return get(OptionCode.MESSAGE).map(Octets::asText);
    }

    public Optional<IpAddress> requestedAddress() {
        return get(OptionCode.REQUESTED_ADDRESS).map(v -> ClasslessRoutes.address(v, 0));
    }

    public Optional<IpAddress> serverId() {
        return get(OptionCode.SERVER_ID).map(v -> ClasslessRoutes.address(v, 0));
    }

    /** Option 51; 0xffffffff (infinity) is returned as is, about 136 years. */
    public Optional<Duration> leaseTime() {
        return seconds(OptionCode.LEASE_TIME);
    }

    /** Option 58, T1. */
    public Optional<Duration> renewalTime() {
        return seconds(OptionCode.RENEWAL_TIME);
    }

    /** Option 59, T2. */
    public Optional<Duration> rebindingTime() {
        return seconds(OptionCode.REBINDING_TIME);
    }

    public List<Integer> parameterRequestList() {
        List<Integer> codes = new ArrayList<>();
        get(OptionCode.PARAMETER_REQUEST_LIST).ifPresent(v -> {
            for (int i = 0; i < v.length(); i++) {
                codes.add(v.at(i));
            }
        });
        return List.copyOf(codes);
    }

    public Optional<Integer> maxMessageSize() {
        return get(OptionCode.MAX_MESSAGE_SIZE).map(v -> v.at(0) << 8 | v.at(1));
    }

    public Optional<Octets> clientId() {
        return get(OptionCode.CLIENT_ID);
    }

    /** Option 33's routes (empty when absent). */
    public List<Route> staticRoutes() {
        return get(OptionCode.STATIC_ROUTES).map(StaticRoutes::decode).orElse(List.of());
    }

    /** Option 121's routes; empty when the option is absent, which differs from present and empty. */
    public Optional<List<Route>> classlessRoutes() {
        return get(OptionCode.CLASSLESS_ROUTES).map(ClasslessRoutes::decode);
    }

    private List<IpAddress> addresses(int code) {
        List<IpAddress> out = new ArrayList<>();
        get(code).ifPresent(v -> {
            for (int i = 0; i + 4 <= v.length(); i += 4) {
                out.add(ClasslessRoutes.address(v, i));
            }
        });
        return List.copyOf(out);
    }

    private Optional<Duration> seconds(int code) {
        return get(code).map(v -> Duration.ofSeconds(u32(v, 0)));
    }

    private static long u32(Octets v, int offset) {
        return (long) v.at(offset) << 24 | v.at(offset + 1) << 16 | v.at(offset + 2) << 8 | v.at(offset + 3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Options other && values.equals(other.values)
                && List.copyOf(values.keySet()).equals(List.copyOf(other.values.keySet()));
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(v.toHex()));
        return sb.append('}').toString();
    }

    /** Options in the order they are put; putting a code again replaces its value in place. */
    public static final class Builder {
        private final LinkedHashMap<Integer, Octets> values = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets option {@code code}; a malformed value of a known option is an {@link IllegalArgumentException}. */
        public Builder put(int code, Octets value) {
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("option code " + code + " is out of range 0-255");
            }
            if (code == OptionCode.OVERLOAD) {
                throw new IllegalArgumentException("option 52 (overload) is the decoder's to read; the encoder never overloads");
            }
            String problem = OptionRules.problem(code, value);
            if (problem != null) {
                throw new IllegalArgumentException(OptionCode.describe(code) + " " + problem);
            }
            values.put(code, value);
            return this;
        }

        public Builder messageType(MessageType type) {
            return put(OptionCode.MESSAGE_TYPE, Octets.of((byte) type.code()));
        }

        public Builder address(int code, IpAddress address) {
            if (!address.isV4()) {
                throw new IllegalArgumentException(OptionCode.describe(code) + " needs an IPv4 address, not " + address);
            }
            return put(code, Octets.of(address.bytes()));
        }

        public Builder addresses(int code, List<IpAddress> addresses) {
            Octets v = Octets.EMPTY;
            for (IpAddress a : addresses) {
                if (!a.isV4()) {
                    throw new IllegalArgumentException(OptionCode.describe(code) + " needs IPv4 addresses, not " + a);
                }
                v = v.concat(Octets.of(a.bytes()));
            }
            return put(code, v);
        }

        /** A 32-bit count of seconds (lease time, T1, T2). */
        public Builder seconds(int code, Duration d) {
            long s = Math.min(d.toSeconds(), 0xffffffffL);
            return put(code, Octets.of((byte) (s >>> 24), (byte) (s >>> 16), (byte) (s >>> 8), (byte) s));
        }

        public Builder u16(int code, int value) {
            return put(code, Octets.of((byte) (value >>> 8), (byte) value));
        }

        public Builder text(int code, String text) {
            return put(code, Octets.ofText(text));
        }

        /** A prefix length as option 1's mask. */
        public Builder subnetPrefix(int prefix) {
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("option 1 (subnet mask) prefix " + prefix + " is out of range 0-32");
            }
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return put(OptionCode.SUBNET_MASK,
                    Octets.of((byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask));
        }

        public Builder remove(int code) {
            values.remove(code);
            return this;
        }

        public Options build() {
            return new Options(new LinkedHashMap<>(values));
        }
    }
}
