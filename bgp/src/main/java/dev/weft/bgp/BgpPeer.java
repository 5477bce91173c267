package dev.weft.bgp;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An explicit BGP peer outside the node mesh, such as a top-of-rack router, stored at
 * {@code /weft/bgp/peers/NAME}: every node peers with it, or only {@code node}. The session is eBGP
 * when {@code asn} differs from the cluster's and iBGP when it is the same. From it a node imports
 * node subnets inside the cluster network, never its own subnet, and besides those exactly the
 * prefixes in {@code accept} (e.g. {@code 0.0.0.0/0} to take a default route from the router).
 */
public record BgpPeer(String name, IpAddress peerIp, Asn asn, Optional<String> node, List<Cidr> accept) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public BgpPeer {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: lower-case letters, digits and '-', 1-63 characters, "
                    + "starting and ending with a letter or digit; got \"" + name + "\"");
        }
        if (peerIp == null) {
            throw new IllegalArgumentException("peerIp: required");
        }
        if (peerIp.isUnspecified()) {
            throw new IllegalArgumentException("peerIp: " + peerIp + " is not a peer's address");
        }
        if (!peerIp.isV4()) {
            throw new IllegalArgumentException("peerIp: only IPv4 peers are supported, got " + peerIp);
        }
        if (asn == null) {
            throw new IllegalArgumentException("as: required");
        }
        node = node == null ? Optional.empty() : node;
        node.ifPresent(n -> NodeNames.check(n, "node"));
        accept = accept == null ? List.of() : List.copyOf(accept);
        for (Cidr c : accept) {
            if (!c.isV4()) {
                throw new IllegalArgumentException("accept: only IPv4 prefixes are supported, got " + c);
            }
        }
    }

    /** A peer of every node, importing nothing beyond node subnets. */
    public static BgpPeer global(String name, IpAddress peerIp, Asn asn) {
        return new BgpPeer(name, peerIp, asn, Optional.empty(), List.of());
    }

    /**
     * A peer from command-line text ({@code weft bgp peer add NAME --peer-ip IP --as N [--node NODE]
     * [--accept CIDR...]}); errors name the option.
     */
    public static BgpPeer parse(String name, String peerIp, String as, String node, List<String> accept) {
        IpAddress ip;
        try {
            ip = IpAddress.parse(peerIp == null ? "" : peerIp.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("peerIp: not an IP address: \"" + peerIp + "\"", e);
        }
        List<Cidr> prefixes = new ArrayList<>();
        for (String a : accept == null ? List.<String>of() : accept) {
            try {
                prefixes.add(Cidr.parse(a.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("accept: not a prefix: \"" + a + "\" (" + e.getMessage() + ")", e);
            }
        }
        return new BgpPeer(name, ip, Asn.parse(as, "as"), Optional.ofNullable(node).filter(n -> !n.isEmpty()), prefixes);
    }

    /** True when this peer applies to {@code nodeName} (global, or bound to it). */
    public boolean appliesTo(String nodeName) {
        return node.map(nodeName::equals).orElse(true);
    }

    /** True for an eBGP peer of a cluster in {@code clusterAs}. */
    public boolean isExternal(Asn clusterAs) {
        return !asn.equals(clusterAs);
    }
}
