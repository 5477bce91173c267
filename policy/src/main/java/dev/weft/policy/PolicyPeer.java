package dev.weft.policy;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.util.List;
import java.util.Optional;

/** One entry of a rule's {@code from}/{@code to}: pods chosen by selectors, or an IP block. */
public sealed interface PolicyPeer {

    /**
     * Pods by label. Absent {@code namespaceSelector} means the policy's own namespace; absent
     * {@code podSelector} means every pod of the selected namespaces; both present means both must hold (AND).
     * An <em>empty</em> selector, by contrast, matches everything.
     */
    record Selector(Optional<LabelSelector> podSelector, Optional<LabelSelector> namespaceSelector) implements PolicyPeer {
        public Selector {
            if (podSelector.isEmpty() && namespaceSelector.isEmpty()) {
                throw new IllegalArgumentException("a peer needs a podSelector, a namespaceSelector or an ipBlock");
            }
        }

        public static Selector pods(LabelSelector pods) {
            return new Selector(Optional.of(pods), Optional.empty());
        }

        public static Selector namespaces(LabelSelector namespaces) {
            return new Selector(Optional.empty(), Optional.of(namespaces));
        }

        public static Selector both(LabelSelector pods, LabelSelector namespaces) {
            return new Selector(Optional.of(pods), Optional.of(namespaces));
        }

        @Override
        public String toString() {
            String ns = namespaceSelector.map(s -> "namespaces(" + s + ")").orElse("own namespace");
            return podSelector.map(s -> "pods(" + s + ") in " + ns).orElse("all pods in " + ns);
        }
    }

    /** Addresses in {@code cidr} but in none of {@code except}, each of which lies strictly inside {@code cidr}. */
    record IpBlock(Cidr cidr, List<Cidr> except) implements PolicyPeer {
        public IpBlock {
            except = except.stream().sorted().distinct().toList();
            for (Cidr e : except) {
                if (!cidr.contains(e) || e.prefixLength() <= cidr.prefixLength()) {
                    throw new IllegalArgumentException("except " + e + " is not strictly inside cidr " + cidr);
                }
            }
        }

        public static IpBlock of(String cidr, String... except) {
            return new IpBlock(Cidr.parseMasked(cidr), List.of(except).stream().map(Cidr::parseMasked).toList());
        }

        public boolean contains(IpAddress ip) {
            return cidr.contains(ip) && except.stream().noneMatch(e -> e.contains(ip));
        }

        /** The excepts with those inside another except dropped: what a rule needs to test. */
        public List<Cidr> outermostExcepts() {
            return except.stream()
                    .filter(e -> except.stream().noneMatch(o -> !o.equals(e) && o.contains(e)))
                    .toList();
        }

        @Override
        public String toString() {
            return except.isEmpty() ? "ipBlock " + cidr : "ipBlock " + cidr + " except " + except;
        }
    }
}
