package dev.weft.doctor.probe;

import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.ProbeNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Forwarding and reverse-path filtering of this namespace, read from {@code /proc/sys/net} (which
 * shows the namespace of the reading thread: the doctor runs in the node's namespace). The
 * interpretation takes a reader so tests feed it values.
 */
public final class SysctlProbe {
    private SysctlProbe() {
    }

    public static List<Finding> run(Optional<String> uplink) {
        return interpret(SysctlProbe::read, uplink);
    }

    /** {@code read}: a key such as {@code net/ipv4/ip_forward} → its value, empty when absent. */
    public static List<Finding> interpret(Function<String, Optional<String>> read, Optional<String> uplink) {
        Finding fwd = read.apply("net/ipv4/ip_forward").map(v -> v.equals("1")
                ? Finding.ok(ProbeNames.SYSCTL_FORWARDING, "net.ipv4.ip_forward = 1")
                : Finding.fail(ProbeNames.SYSCTL_FORWARDING, "net.ipv4.ip_forward = " + v + ": pod traffic is not routed",
                        "sysctl -w net.ipv4.ip_forward=1 (and persist it in /etc/sysctl.d)"))
                .orElse(Finding.info(ProbeNames.SYSCTL_FORWARDING, "unknown: net.ipv4.ip_forward cannot be read"));
        int all = read.apply("net/ipv4/conf/all/rp_filter").map(SysctlProbe::num).orElse(0);
        int dev = uplink.flatMap(u -> read.apply("net/ipv4/conf/" + u + "/rp_filter")).map(SysctlProbe::num).orElse(0);
        int effective = Math.max(all, dev); // the kernel uses the larger of all and the device's
        String seen = "rp_filter all=" + all + uplink.map(u -> ", " + u + "=" + dev).orElse("") + " (effective " + effective + ")";
        Finding rp = effective == 1
                ? Finding.warn(ProbeNames.SYSCTL_RP_FILTER, seen + ": strict, drops packets that return by another path",
                        "sysctl -w net.ipv4.conf.all.rp_filter=2 (loose) if pods or nodes use asymmetric paths (ECMP, direct routing)")
                : Finding.ok(ProbeNames.SYSCTL_RP_FILTER, seen + (effective == 2 ? ": loose" : ": off"));
        return List.of(fwd, rp);
    }

    private static int num(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<String> read(String key) {
        try {
            return Optional.of(Files.readString(Path.of("/proc/sys", key)).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
