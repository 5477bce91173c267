package dev.weft.cli.bgp;

import dev.weft.bgp.BgpConfig;
import dev.weft.bgp.BgpPeer;
import dev.weft.bgp.BgpStore;
import dev.weft.bgp.BgpTimers;
import dev.weft.cli.cluster.BgpInit;
import dev.weft.cli.cluster.ClusterCommand;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code weft bgp}: the BGP backend's settings in the datastore (AS, mesh, route reflectors, explicit
 * peers) and the sessions the agents report. Every change is checked before it is stored and stored
 * with a compare-and-swap; agents follow it within a second (they watch {@code /weft/bgp/}).
 */
@Command(name = "bgp", mixinStandardHelpOptions = true,
        description = {"BGP routing (cluster init --backend bgp): settings, explicit peers, route reflectors, sessions.",
                "Agents run BIRD 2 and follow every change at once; a refused change stores nothing."},
        subcommands = {BgpCommand.Show.class, BgpCommand.SetCmd.class, BgpPeerCommand.class, BgpReflectorCommand.class,
                BgpStatusCommand.class})
public final class BgpCommand {
    private BgpCommand() {
    }

    /** {@code --datastore}, shared by the commands that read or change settings. */
    static final class Store {
        @Option(names = "--datastore", defaultValue = ClusterCommand.DEFAULT_STORE,
                description = "File path or etcd://host:port[,...].")
        String datastore;

        <T> T with(Function<BgpStore, T> f) {
            try (Datastore ds = ClusterCommand.open(datastore)) {
                return f.apply(new BgpStore(ds));
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The BGP settings and explicit peers.")
    static final class Show implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Store store;

        @Override
        public Integer call() {
            String text = store.with(s -> describe(s.config()) + BgpPeerCommand.table(s.peers()));
            System.out.print(text);
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change the cluster AS or the node-to-node mesh (sessions are re-established).")
    static final class SetCmd implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Store store;
        @Option(names = "--as", description = "The cluster's AS number, 1..4294967295.")
        String as;
        @Option(names = "--mesh", description = "on: an iBGP session between every two nodes; off: nodes peer only "
                + "with explicit peers (and reflectors).")
        String mesh;

        @Override
        public Integer call() {
            if (as == null && mesh == null) {
                throw new IllegalArgumentException("nothing to set: give --as or --mesh");
            }
            var asn = as == null ? null : dev.weft.bgp.Asn.parse(as, "--as");
            Boolean on = mesh == null ? null : BgpInit.onOff(mesh, "--mesh");
            BgpConfig c = store.with(s -> s.update(old -> {
                BgpConfig n = asn == null ? old : old.withAsn(asn);
                return on == null ? n : n.withMesh(on);
            }));
            System.out.print(describe(c));
            return 0;
        }
    }

    static String describe(BgpConfig c) {
        BgpTimers t = c.timers();
        return "as " + c.asn() + ", mesh " + (c.mesh() ? "on" : "off") + ", route reflectors "
                + (c.reflectors().isEmpty() ? "none" : String.join(",", c.reflectors())
                + c.reflectorClusterId().map(id -> " (cluster id " + id + ")").orElse(" (cluster id: each one's router id)"))
                + "\ntimers: hold " + t.hold() + " s, keepalive " + t.keepalive() + " s, connect retry " + t.connectRetry()
                + " s, graceful restart " + t.gracefulRestart() + " s\n";
    }

    static Optional<IpAddress> clusterId(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpAddress.parse(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cluster-id: a 32-bit id written as an IPv4 address, not \"" + text + "\"", e);
        }
    }

    static String joined(java.util.Collection<?> c) {
        return c.isEmpty() ? "-" : c.stream().map(Object::toString).collect(Collectors.joining(","));
    }

    static String peerKind(BgpPeer p, BgpConfig c) {
        return p.isExternal(c.asn()) ? "ebgp" : "ibgp";
    }
}
