package dev.weft.cni.config;

import dev.weft.cni.json.Fields;
import dev.weft.cni.result.Dns;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * A plugin's view of {@code runtimeConfig}: the well-known capabilities of CONVENTIONS.md, typed.
 * Absent capabilities are empty lists or empty optionals. Unknown keys are ignored, as the
 * conventions require. The fields inside a capability's value are matched as Go's decoder
 * matches them ({@link Fields#goKeys()}): runtimes written in Go may send them capitalised.
 */
public record RuntimeConfig(List<PortMapping> portMappings, List<List<IpRange>> ipRanges,
                            Optional<Bandwidth> bandwidth, Optional<Dns> dns, List<IpAddress> ips,
                            Optional<MacAddress> mac, List<String> aliases, Optional<String> deviceId,
                            Optional<String> cgroupPath) {
    public static final RuntimeConfig EMPTY = new RuntimeConfig(List.of(), List.of(), Optional.empty(),
            Optional.empty(), List.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty());

    /** Reads {@code runtimeConfig} from a plugin's stdin configuration. */
    public static RuntimeConfig parse(ObjectNode pluginConfig) {
        Fields f = Fields.ofConfig(pluginConfig, "");
        if (!f.has("runtimeConfig")) {
            return EMPTY;
        }
        Fields rc = f.nested("runtimeConfig");
        return new RuntimeConfig(
                rc.list("portMappings", e -> portMapping(e.asObject().goKeys())),
                rc.list("ipRanges", set -> set.asList(r -> ipRange(r.asObject().goKeys()))),
                rc.object("bandwidth").map(b -> bandwidth(Fields.ofConfig(b, rc.path("bandwidth")).goKeys())),
                rc.object("dns").map(d -> dns(Fields.ofConfig(d, rc.path("dns")).goKeys())),
                rc.list("ips", e -> e.parsed(IpAddress::parseIgnoringPrefix)),
                rc.parsed("mac", MacAddress::parse),
                rc.strings("aliases"),
                rc.string("deviceID"),
                rc.string("cgroupPath"));
    }

    private static PortMapping portMapping(Fields f) {
        try {
            return new PortMapping(f.integer("hostPort").orElse(0), f.integer("containerPort").orElse(0),
                    f.string("protocol").orElse("tcp"),
                    // go-cni sends "HostIP": "" for no host address, as the reference reads it
                    f.string("hostIP").orElse("").isEmpty() ? null : f.parsed("hostIP", IpAddress::parse).orElseThrow());
        } catch (IllegalArgumentException e) {
            throw f.error("", e.getMessage(), e);
        }
    }

    private static IpRange ipRange(Fields f) {
        Cidr subnet = f.parsed("subnet", Cidr::parseMasked).orElseThrow(() -> f.error("subnet", "is required"));
        try {
            return new IpRange(subnet, f.parsed("rangeStart", IpAddress::parse).orElse(null),
                    f.parsed("rangeEnd", IpAddress::parse).orElse(null),
                    f.parsed("gateway", IpAddress::parse).orElse(null));
        } catch (IllegalArgumentException e) {
            throw f.error("subnet", e.getMessage(), e);
        }
    }

    private static Bandwidth bandwidth(Fields f) {
        try {
            return new Bandwidth(f.longInteger("ingressRate").orElse(0L), f.longInteger("ingressBurst").orElse(0L),
                    f.longInteger("egressRate").orElse(0L), f.longInteger("egressBurst").orElse(0L));
        } catch (IllegalArgumentException e) {
            throw f.error("", e.getMessage(), e);
        }
    }

    /** The capability's DNS uses {@code servers}/{@code searches}, unlike results. */
    private static Dns dns(Fields f) {
        return new Dns(f.strings("servers"), f.string("domain").orElse(null), f.strings("searches"),
                f.strings("options"));
    }
}
