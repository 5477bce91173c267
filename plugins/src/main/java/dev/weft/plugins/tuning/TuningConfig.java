package dev.weft.plugins.tuning;

import dev.weft.cni.CniArgs;
import dev.weft.cni.config.RuntimeConfig;
import dev.weft.cni.json.Fields;
import dev.weft.net.MacAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * weft-tuning's configuration, with the reference tuning plugin's keys: {@code sysctl} (keys under
 * {@code net.*}, in the container's namespace; {@code IFNAME} in a key becomes {@code CNI_IFNAME}),
 * {@code mac}, {@code mtu}, {@code promisc}, {@code allmulti}, {@code txQLen} for the container's
 * interface, and {@code dataDir} (where previous values are kept until DEL; default
 * {@value #DEFAULT_DATA_DIR}). The MAC may also come from {@code CNI_ARGS} ({@code MAC=…}) and the
 * {@code mac} capability, and every key from {@code args.cni}, each later source winning, as in
 * the reference. {@code sysctl} holds the resolved file paths under {@code /proc/sys}
 * ({@code net/ipv4/conf/eth0/rp_filter}), keyed by how the configuration wrote them.
 */
public record TuningConfig(Map<String, Sysctl> sysctl, Optional<MacAddress> mac, int mtu, boolean promisc,
                           Optional<Boolean> allmulti, Optional<Integer> txQLen, Path dataDir) {
    public static final String DEFAULT_DATA_DIR = "/run/weft/tuning";

    /** One sysctl: its path under {@code /proc/sys} and the value to write. */
    public record Sysctl(String path, String value) {
    }

    public TuningConfig {
        sysctl = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sysctl));
    }

    /** Whether the interface itself changes (not only sysctls). */
    public boolean touchesLink() {
        return mac.isPresent() || mtu != 0 || promisc || allmulti.isPresent() || txQLen.isPresent();
    }

    public static TuningConfig parse(ObjectNode stdin, RuntimeConfig runtime, CniArgs cniArgs, String ifName) {
        Fields f = Fields.ofConfig(stdin, "");
        Fields override = f.nested("args").nested("cni");
        Map<String, Sysctl> sysctl = new LinkedHashMap<>();
        for (Fields source : java.util.List.of(f, override)) {
            source.object("sysctl").ifPresent(o -> o.properties().forEach(e ->
                    sysctl.put(e.getKey(), sysctl(source, e.getKey(), e.getValue(), ifName))));
        }
        Optional<MacAddress> mac = f.parsed("mac", MacAddress::parse);
        Optional<String> envMac = cniArgs.get("MAC");
        if (envMac.isPresent()) {
            try {
                mac = Optional.of(MacAddress.parse(envMac.get()));
            } catch (IllegalArgumentException e) {
                throw new dev.weft.cni.CniException(dev.weft.cni.CniErrorCode.INVALID_ENVIRONMENT,
                        "CNI_ARGS MAC is invalid: " + e.getMessage(), e);
            }
        }
        if (runtime.mac().isPresent()) {
            mac = runtime.mac();
        }
        Optional<MacAddress> argsMac = override.parsed("mac", MacAddress::parse);
        if (argsMac.isPresent()) {
            mac = argsMac;
        }
        int mtu = override.integer("mtu").or(() -> f.integer("mtu")).orElse(0);
        if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
            throw (override.has("mtu") ? override : f).error("mtu", "must be between 68 and 65535, not " + mtu);
        }
        Optional<Integer> txQLen = override.integer("txQLen").or(() -> f.integer("txQLen"));
        if (txQLen.isPresent() && txQLen.get() < 0) {
            throw (override.has("txQLen") ? override : f).error("txQLen", "must not be negative, not " + txQLen.get());
        }
        boolean promisc = override.has("promisc") ? override.bool("promisc", false) : f.bool("promisc", false);
        Optional<Boolean> allmulti = override.has("allmulti") ? Optional.of(override.bool("allmulti", false))
                : f.has("allmulti") ? Optional.of(f.bool("allmulti", false)) : Optional.empty();
        Path dataDir = f.absolutePath("dataDir").orElse(Path.of(DEFAULT_DATA_DIR));
        return new TuningConfig(sysctl, mac, mtu, promisc, allmulti, txQLen, dataDir);
    }

    /**
     * A key as the configuration writes it ({@code net.ipv4.conf.IFNAME.rp_filter}, or with slashes
     * when a segment holds dots) resolved to its path under {@code /proc/sys}: {@code IFNAME}
     * substituted after the dots became slashes (so an interface name with dots stays whole), and
     * refused unless it stays under {@code net/}, so a key can never reach outside the container's
     * network namespace (no {@code kernel.*}, no {@code ..}).
     */
    static Sysctl sysctl(Fields f, String key, JsonNode value, String ifName) {
        String field = "sysctl." + key;
        if (!value.isString()) {
            throw f.error(field, "must be a string");
        }
        String rel = (key.contains("/") ? key : key.replace('.', '/')).replace("IFNAME", ifName);
        boolean bad = !rel.startsWith("net/") || rel.endsWith("/") || rel.contains("//")
                || java.util.Arrays.stream(rel.split("/")).anyMatch(s -> s.equals("..") || s.equals("."))
                || rel.chars().anyMatch(ch -> ch < 0x20);
        if (bad) {
            throw f.error(field, "must name a sysctl under net.* (the container's network namespace), not \"" + key + "\"");
        }
        String v = value.stringValue();
        if (v.chars().anyMatch(ch -> ch == '\n' || ch == '\0')) {
            throw f.error(field, "must be a single line");
        }
        return new Sysctl(rel, v);
    }
}
