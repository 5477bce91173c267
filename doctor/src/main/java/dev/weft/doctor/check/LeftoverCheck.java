package dev.weft.doctor.check;

import dev.weft.doctor.finding.Finding;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What removed pods may leave behind: host-side veths (on weft's bridge, or routed) that no pod record names,
 * and rules tagged {@code weft:NETWORK:HASH} whose hash (of container ID and interface) matches
 * no pod record. Both are warnings: they cost a little, they break nothing.
 */
public final class LeftoverCheck {
    private static final Pattern TAG = Pattern.compile("weft:[^:]+:([0-9a-f]{24})");

    private LeftoverCheck() {
    }

    /**
     * {@code bridgePorts}: the veths on weft0; {@code routedVeths}: host veths of routed pods (on no
     * bridge, named as weft names them, a host route pointing at them); {@code recordedIfaces}: the
     * host interfaces the pod records name.
     */
    public static Finding devices(List<String> bridgePorts, List<String> routedVeths, Set<String> recordedIfaces) {
        List<String> strayPorts = bridgePorts.stream().filter(p -> !recordedIfaces.contains(p)).sorted().toList();
        List<String> strayRouted = routedVeths.stream().filter(p -> !recordedIfaces.contains(p)).sorted().toList();
        if (strayPorts.isEmpty() && strayRouted.isEmpty()) {
            return Finding.ok("leftovers.devices", bridgePorts.size() + " veth(s) on weft0 and " + routedVeths.size()
                    + " routed, each a recorded pod's");
        }
        List<String> parts = new java.util.ArrayList<>();
        if (!strayPorts.isEmpty()) {
            parts.add("on weft0: " + String.join(", ", strayPorts));
        }
        if (!strayRouted.isEmpty()) {
            parts.add("routed: " + String.join(", ", strayRouted));
        }
        return Finding.warn("leftovers.devices", "veths with no pod record (" + String.join("; ", parts) + ")",
                "a pod was removed without CNI DEL: run the runtime's GC (weft cni gc), or delete them (ip link del NAME)");
    }

    /** {@code comments}: every rule comment in the ruleset; {@code knownHashes}: the tag hashes of recorded pods. */
    public static Finding rules(List<String> comments, Set<String> knownHashes) {
        List<String> stray = comments.stream().map(TAG::matcher).filter(Matcher::matches).filter(m -> !knownHashes.contains(m.group(1)))
                .map(Matcher::group).distinct().sorted().toList();
        long tagged = comments.stream().filter(c -> TAG.matcher(c).matches()).count();
        return stray.isEmpty()
                ? Finding.ok("leftovers.rules", tagged + " tagged rule(s), each a recorded pod's")
                : Finding.warn("leftovers.rules", "rules of unknown pods: " + String.join(", ", stray),
                        "a pod was removed without CNI DEL: run the runtime's GC (weft cni gc) so the plugins delete them");
    }

    /** The hash part of a tag ({@code weft:NET:HASH}). */
    public static String hashOf(String tag) {
        return tag.substring(tag.lastIndexOf(':') + 1);
    }
}
