package dev.weft.doctor;

import dev.weft.doctor.check.LeftoverCheck;
import dev.weft.doctor.finding.Finding;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.link.LinkInfo;
import dev.weft.netlink.route.RouteSpec;
import dev.weft.nft.Nft;
import dev.weft.nft.TaggedRules;
import dev.weft.nodestate.PodRecord;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads what {@link LeftoverCheck} judges: weft0's veths and routed pods' veths, the ruleset's comments, the pod records. */
final class Leftovers {
    /** The host veth names weft's plugins (and the reference plugins) give: veth and 8 hex digits. */
    private static final java.util.regex.Pattern WEFT_VETH = java.util.regex.Pattern.compile("veth[0-9a-f]{8}");

    private Leftovers() {
    }

    static List<Finding> check(Netlink nl, Nft nft, Path cniDataDir) {
        List<PodRecord> records = PodRecord.readAll(cniDataDir);
        Set<String> ifaces = records.stream().flatMap(r -> r.hostIface().stream()).map(Object::toString).collect(Collectors.toSet());
        Set<String> hashes = records.stream().map(r -> LeftoverCheck.hashOf(TaggedRules.key("x", ruleOwner(r), r.ifName())))
                .collect(Collectors.toSet());
        List<LinkInfo> links = nl.links().list();
        Optional<LinkInfo> bridge = links.stream().filter(l -> l.name().equals("weft0")).findFirst();
        List<String> ports = bridge.map(b -> links.stream().filter(l -> l.master() == b.index() && "veth".equals(l.kind()))
                .map(LinkInfo::name).toList()).orElse(List.of());
        Set<Integer> hostRouted = nl.routes().list().stream()
                .filter(r -> r.gateway() == null && r.dst() != null && r.dst().prefixLength() == r.dst().network().bitLength())
                .map(RouteSpec::oif).collect(Collectors.toSet());
        List<String> routed = links.stream().filter(l -> l.master() == 0 && "veth".equals(l.kind())
                && WEFT_VETH.matcher(l.name()).matches() && hostRouted.contains(l.index())).map(LinkInfo::name).toList();
        List<Finding> out = new ArrayList<>();
        out.add(LeftoverCheck.devices(ports, routed, ifaces));
        try {
            out.add(LeftoverCheck.rules(comments(nft.listJson("ruleset")), hashes));
        } catch (RuntimeException e) {
            out.add(Finding.info("leftovers.rules", "unknown: cannot list the ruleset (" + e.getMessage() + ")"));
        }
        return out;
    }

    /**
     * The container ID the record's rules are tagged with: the Docker driver runs the CNI chain with
     * the bare endpoint ID and records it as {@code docker-ENDPOINT}.
     */
    static String ruleOwner(PodRecord r) {
        return r.isDocker() ? r.containerId().substring(PodRecord.DOCKER_PREFIX.length()) : r.containerId();
    }

    private static List<String> comments(Optional<JsonNode> ruleset) {
        List<String> out = new ArrayList<>();
        ruleset.ifPresent(r -> r.path("nftables").forEach(e -> {
            JsonNode c = e.path("rule").path("comment");
            if (c.isString()) {
                out.add(c.asString());
            }
        }));
        return out;
    }
}
