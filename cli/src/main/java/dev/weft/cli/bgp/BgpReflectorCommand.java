package dev.weft.cli.bgp;

import dev.weft.bgp.BgpConfig;
import dev.weft.bgp.BgpException;
import dev.weft.net.IpAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code weft bgp rr add|del NODE...}: route reflectors. Once a node is a reflector, the mesh is
 * replaced: reflectors peer with every node and with each other, the others only with the
 * reflectors. Give redundant reflectors one {@code --cluster-id} so they recognise each other's
 * reflections.
 */
@Command(name = "rr", mixinStandardHelpOptions = true,
        description = {"Route reflectors: rr add NODE... [--cluster-id ID] | rr del NODE...",
                "With reflectors, they peer with everyone and the other nodes only with them (the mesh is off)."},
        subcommands = {BgpReflectorCommand.Add.class, BgpReflectorCommand.Del.class})
public final class BgpReflectorCommand {
    private BgpReflectorCommand() {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Make nodes route reflectors (known nodes only).")
    static final class Add implements Callable<Integer> {
        @Mixin
        BgpCommand.Store store;
        @Parameters(paramLabel = "NODE", arity = "1..*")
        List<String> nodes;
        @Option(names = "--cluster-id", description = "The reflectors' cluster id, as an IPv4 address (default: each "
                + "reflector's router id).")
        String clusterId;

        @Override
        public Integer call() {
            Optional<IpAddress> id = BgpCommand.clusterId(clusterId);
            BgpConfig c = store.with(s -> s.update(old -> {
                BgpConfig n = old;
                for (String node : nodes) {
                    n = n.withReflector(node, true);
                }
                return id.isPresent() ? n.withReflectorClusterId(id) : n;
            }));
            System.out.print(BgpCommand.describe(c));
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, description = "Nodes are route reflectors no more.")
    static final class Del implements Callable<Integer> {
        @Mixin
        BgpCommand.Store store;
        @Parameters(paramLabel = "NODE", arity = "1..*")
        List<String> nodes;

        @Override
        public Integer call() {
            BgpConfig c = store.with(s -> s.update(old -> {
                BgpConfig n = old;
                for (String node : nodes) {
                    if (!old.isReflector(node)) {
                        throw new BgpException("reflectors: " + node + " is not a route reflector (they are: "
                                + BgpCommand.joined(old.reflectors()) + ")");
                    }
                    n = n.withReflector(node, false);
                }
                return n;
            }));
            System.out.print(BgpCommand.describe(c));
            return 0;
        }
    }
}
