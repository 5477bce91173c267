package dev.weft.policy.manifest;

import dev.weft.net.Cidr;
import dev.weft.policy.LabelSelector;
import dev.weft.policy.PolicyPeer;
import dev.weft.policy.PolicyPort;
import dev.weft.policy.PolicyRule;
import dev.weft.policy.PortRange;
import dev.weft.policy.Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads ingress and egress rules: their peers ({@code from}/{@code to}) and ports, with the API server's checks. */
final class RuleReader {
    private RuleReader() {
    }

    /** {@code peersField} is {@code from} for ingress and {@code to} for egress. */
    static PolicyRule rule(Field f, String peersField) {
        f.allowOnly(Set.of(peersField, "ports"));
        List<PolicyPeer> peers = new ArrayList<>();
        for (Field p : f.get(peersField).items()) {
            peers.add(peer(p));
        }
        List<PolicyPort> ports = new ArrayList<>();
        for (Field p : f.get("ports").items()) {
            ports.add(port(p));
        }
        return new PolicyRule(peers, ports);
    }

    private static PolicyPeer peer(Field f) {
        f.allowOnly(Set.of("podSelector", "namespaceSelector", "ipBlock"));
        Field block = f.get("ipBlock");
        Optional<LabelSelector> pods = SelectorReader.optional(f.get("podSelector"));
        Optional<LabelSelector> namespaces = SelectorReader.optional(f.get("namespaceSelector"));
        if (block.present()) {
            if (pods.isPresent() || namespaces.isPresent()) {
                throw block.fail("may not be combined with podSelector or namespaceSelector in the same peer");
            }
            return ipBlock(block);
        }
        if (pods.isEmpty() && namespaces.isEmpty()) {
            throw f.fail("a peer must specify podSelector, namespaceSelector or ipBlock");
        }
        return new PolicyPeer.Selector(pods, namespaces);
    }

    private static PolicyPeer.IpBlock ipBlock(Field f) {
        f.allowOnly(Set.of("cidr", "except"));
        Cidr cidr = cidr(f.get("cidr"));
        List<Cidr> except = new ArrayList<>();
        for (Field e : f.get("except").items()) {
            Cidr c = cidr(e);
            if (!cidr.contains(c) || c.prefixLength() <= cidr.prefixLength()) {
                throw e.fail("\"" + c + "\" is not strictly inside cidr \"" + cidr + "\"");
            }
            except.add(c);
        }
        return new PolicyPeer.IpBlock(cidr, except);
    }

    /** Host bits are tolerated and cleared, as the API server's {@code ParseCIDRSloppy} does. */
    private static Cidr cidr(Field f) {
        String text = f.text();
        try {
            return Cidr.parseMasked(text);
        } catch (IllegalArgumentException e) {
            throw f.fail("\"" + text + "\" is not a CIDR", e);
        }
    }

    private static PolicyPort port(Field f) {
        f.allowOnly(Set.of("protocol", "port", "endPort"));
        Protocol protocol = protocol(f.get("protocol"));
        Field port = f.get("port");
        Field end = f.get("endPort");
        if (!port.present()) {
            if (end.present()) {
                throw end.fail("requires a numeric port");
            }
            return PolicyPort.any(protocol);
        }
        if (!port.isInteger()) {
            String name = port.text();
            if (!KubeNames.isPortName(name)) {
                throw port.fail("\"" + name + "\" is neither a port number nor a valid port name");
            }
            if (end.present()) {
                throw end.fail("may not be used with the named port \"" + name + "\"");
            }
            return PolicyPort.named(protocol, name);
        }
        int first = number(port);
        int last = end.present() ? number(end) : first;
        if (last < first) {
            throw end.fail("endPort " + last + " is below port " + first);
        }
        return new PolicyPort(protocol, new PolicyPort.Numbers(new PortRange(first, last)));
    }

    private static int number(Field f) {
        int n = f.integer();
        if (n < 1 || n > 65535) {
            throw f.fail(n + " is out of range 1-65535");
        }
        return n;
    }

    private static Protocol protocol(Field f) {
        if (!f.present()) {
            return Protocol.TCP;
        }
        try {
            return Protocol.parse(f.text());
        } catch (IllegalArgumentException e) {
            throw f.fail(e.getMessage(), e);
        }
    }
}
