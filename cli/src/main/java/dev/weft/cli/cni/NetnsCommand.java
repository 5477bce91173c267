package dev.weft.cli.cni;

import dev.weft.netlink.ns.NetNs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code weft cni netns add|del NAME}: named namespaces for trying CNI out, made with weft's own syscalls. */
@Command(name = "netns", mixinStandardHelpOptions = true,
        description = "Create or delete a named network namespace under /run/netns (like ip netns add|del).",
        subcommands = {NetnsCommand.Add.class, NetnsCommand.Del.class})
public final class NetnsCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create /run/netns/NAME with lo up.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (NetNs ns = NetNs.create(name); var nl = dev.weft.netlink.Netlink.open(ns)) {
                nl.links().setUp(nl.links().require("lo").index());
            }
            System.err.println("created " + NetNs.RUN_NETNS.resolve(name));
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, description = "Delete /run/netns/NAME (a missing one is fine).")
    static final class Del implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            boolean existed = NetNs.delete(name);
            System.err.println(existed ? "deleted " + NetNs.RUN_NETNS.resolve(name) : "no netns " + name);
            return 0;
        }
    }
}
