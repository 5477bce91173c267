package dev.weft.plugins.firewall;

import dev.weft.cni.json.Fields;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/**
 * weft-firewall's configuration, with the reference firewall plugin's keys: {@code ingressPolicy}
 * ({@code open}, the default; {@code same-bridge}; weft's {@code isolated}) and {@code backend}
 * ({@code iptables} or {@code nftables}: weft keeps its rules in nftables either way;
 * {@code firewalld} zones are not offered). {@code iptablesAdminChainName} and
 * {@code firewalldZone} are read and unused. weft's own key {@code hostForwardChains} names the
 * host's forward chains ({@code "FAMILY TABLE CHAIN"}) that get weft's accepts too, where they
 * exist: by default iptables-nft's {@code ip filter FORWARD} and {@code ip6 filter FORWARD}, as
 * the reference's iptables backend writes into FORWARD; a host whose own nftables table drops
 * forwarding names its chain here (e.g. {@code ["inet filter forward"]}); {@code []} keeps weft
 * out of every table it does not own.
 */
public record FirewallConfig(IngressPolicy ingressPolicy, List<HostChain> hostForwardChains) {
    public FirewallConfig {
        hostForwardChains = List.copyOf(hostForwardChains);
    }

    /** {@code ingressPolicy} with the default host chains. */
    public FirewallConfig(IngressPolicy ingressPolicy) {
        this(ingressPolicy, HostChain.IPTABLES);
    }

    /** Which new flows from outside the container's bridge may reach it. */
    public enum IngressPolicy {
        /** Any. */
        OPEN("open"),
        /** None from another bridge (pods of other networks), as the reference's same-bridge. */
        SAME_BRIDGE("same-bridge"),
        /** None from outside its bridge, except connections to its published ports (DNAT). */
        ISOLATED("isolated");

        private final String text;

        IngressPolicy(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public static FirewallConfig parse(ObjectNode stdin) {
        Fields f = Fields.ofConfig(stdin, "");
        f.string("backend").ifPresent(b -> {
            if (b.equals("firewalld")) {
                throw f.error("backend", "\"firewalld\" is not supported: weft-firewall keeps its rules in nftables "
                        + "(use \"nftables\" or leave it out)");
            }
            if (!b.equals("iptables") && !b.equals("nftables")) {
                throw f.error("backend", "must be \"nftables\" or \"iptables\", not \"" + b + "\"");
            }
        });
        f.string("iptablesAdminChainName");
        f.string("firewalldZone");
        String policy = f.string("ingressPolicy").orElse("open");
        IngressPolicy p = java.util.Arrays.stream(IngressPolicy.values())
                .filter(x -> x.text.equals(policy.isEmpty() ? "open" : policy.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> f.error("ingressPolicy", "must be open, same-bridge or isolated, not \"" + policy + "\""));
        List<HostChain> chains = f.has("hostForwardChains") ? f.strings("hostForwardChains").stream().map(t -> {
            try {
                return HostChain.parse(t);
            } catch (IllegalArgumentException e) {
                throw f.error("hostForwardChains", e.getMessage());
            }
        }).toList() : HostChain.IPTABLES;
        return new FirewallConfig(p, chains);
    }
}
