package dev.weft.cli.bgp;

import dev.weft.bgp.BgpException;
import dev.weft.bgp.BgpPeer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code weft bgp peer add|list|del}: explicit peers such as a top-of-rack router. */
@Command(name = "peer", mixinStandardHelpOptions = true,
        description = "Explicit BGP peers (a top-of-rack router): of every node, or of one node with --node.",
        subcommands = {BgpPeerCommand.Add.class, BgpPeerCommand.ListPeers.class, BgpPeerCommand.Del.class})
public final class BgpPeerCommand {
    private BgpPeerCommand() {
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a peer.", "Refused, with nothing stored: an address that is not one, an AS outside"
                    + " 1..4294967295, an unknown node, a name or an address (for the same nodes) already taken."})
    static final class Add implements Callable<Integer> {
        @Mixin
        BgpCommand.Store store;
        @Parameters(index = "0", paramLabel = "NAME", description = "Lower-case letters, digits and '-'.")
        String name;
        @Option(names = "--peer-ip", required = true, description = "The peer's IPv4 address (on a connected network for eBGP).")
        String peerIp;
        @Option(names = "--as", required = true, description = "The peer's AS: eBGP when it differs from the cluster's.")
        String as;
        @Option(names = "--node", description = "Only this node peers with it (default: every node).")
        String node;
        @Option(names = "--accept", split = ",", description = "Prefixes to import from it besides node subnets, e.g. 0.0.0.0/0.")
        List<String> accept = new ArrayList<>();

        @Override
        public Integer call() {
            BgpPeer p = BgpPeer.parse(name, peerIp, as, node, accept); // every field checked before the store is opened
            store.with(s -> s.addPeer(p));
            System.out.println("peer " + p.name() + " " + p.peerIp() + " as " + p.asn() + " for "
                    + p.node().map(n -> "node " + n).orElse("every node"));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The explicit peers.")
    static final class ListPeers implements Callable<Integer> {
        @Mixin
        BgpCommand.Store store;

        @Override
        public Integer call() {
            String text = store.with(s -> table(s.peers()));
            System.out.print(text);
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, description = "Delete a peer (its sessions close at once).")
    static final class Del implements Callable<Integer> {
        @Mixin
        BgpCommand.Store store;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            if (!store.with(s -> s.deletePeer(name))) {
                throw new BgpException("name: no peer named \"" + name + "\"");
            }
            System.out.println("peer " + name + " deleted");
            return 0;
        }
    }

    static String table(List<BgpPeer> peers) {
        if (peers.isEmpty()) {
            return "no explicit peers\n";
        }
        StringBuilder b = new StringBuilder(String.format("%-20s %-16s %-11s %-12s %s%n", "PEER", "ADDRESS", "AS", "NODE", "ACCEPT"));
        for (BgpPeer p : peers) {
            b.append(String.format("%-20s %-16s %-11s %-12s %s%n", p.name(), p.peerIp(), p.asn(), p.node().orElse("*"),
                    BgpCommand.joined(p.accept())));
        }
        return b.toString();
    }
}
