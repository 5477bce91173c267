package dev.weft.e2e.lab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The torture test's verdict, a pure function so that it can be shown to fail
 * ({@code TortureVerdictTest} plants a duplicate, a leak, a stolen and a lost address): given the
 * pods that survived (their ADD returned an address), the address each one's eth0 really carries,
 * and every allocation left in the datastore after GC, it lists every broken promise of issue #16:
 * <ul>
 *   <li>an address returned to two pods, configured in two pods, or listed twice by the store;</li>
 *   <li>a survivor whose interface does not carry the address its ADD returned;</li>
 *   <li>a survivor whose address is no longer allocated, or allocated to another attachment, or
 *       not recorded in its handle (GC took a live one, or a stale release freed it);</li>
 *   <li>an allocation that belongs to no survivor (a leak GC did not collect).</li>
 * </ul>
 * An empty list is a pass.
 */
final class TortureVerdict {
    private TortureVerdict() {
    }

    /**
     * @param survivors  the pods whose ADD succeeded and that still exist
     * @param configured the address each survivor's eth0 carries, by its namespace (a missing entry: no address)
     * @param afterGc    every allocation in the datastore once GC ran
     */
    static List<String> violations(List<IpamLabPods.Added> survivors, Map<String, String> configured,
                                   List<IpamLabPods.Allocated> afterGc) {
        List<String> out = new ArrayList<>();
        duplicates(survivors.stream().map(a -> a.ip().orElse("?")).toList(), "returned by ADD to two pods", out);
        duplicates(survivors.stream().map(a -> configured.getOrDefault(a.netns(), "-")).filter(ip -> !ip.equals("-"))
                .toList(), "configured in two pods", out);
        duplicates(afterGc.stream().map(IpamLabPods.Allocated::ip).toList(), "allocated twice in the store", out);
        Map<String, IpamLabPods.Allocated> byIp = new HashMap<>();
        afterGc.forEach(a -> byIp.putIfAbsent(a.ip(), a));
        Set<String> liveAttachments = new HashSet<>();
        for (IpamLabPods.Added s : survivors) {
            String want = IpamLabPods.attachment(s.netns());
            liveAttachments.add(want);
            String ip = s.ip().orElse("?");
            String inPod = configured.getOrDefault(s.netns(), "-");
            if (!inPod.equals(ip)) {
                out.add("pod " + s.pod() + " on " + s.node() + " was given " + ip + " but its eth0 carries " + inPod);
            }
            Optional<IpamLabPods.Allocated> held = Optional.ofNullable(byIp.get(ip));
            if (held.isEmpty()) {
                out.add("the address " + ip + " of live pod " + s.pod() + " on " + s.node() + " is no longer allocated");
            } else if (!held.get().attachment().equals(want)) {
                out.add("the address " + ip + " of live pod " + s.pod() + " is allocated to " + held.get().attachment());
            } else if (!held.get().recorded()) {
                out.add("the address " + ip + " of live pod " + s.pod() + " is not in its handle");
            }
        }
        for (IpamLabPods.Allocated a : afterGc) {
            if (!liveAttachments.contains(a.attachment())) {
                out.add("leak: " + a.ip() + " held by " + a.attachment() + " on " + a.node() + ", which is no live pod");
            }
        }
        return out;
    }

    private static void duplicates(List<String> ips, String how, List<String> out) {
        Set<String> seen = new HashSet<>();
        Set<String> reported = new HashSet<>();
        for (String ip : ips) {
            if (!seen.add(ip) && reported.add(ip)) {
                out.add("duplicate: " + ip + " " + how);
            }
        }
    }
}
