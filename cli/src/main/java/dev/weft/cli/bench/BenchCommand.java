package dev.weft.cli.bench;

import dev.weft.cli.lab.ConvergenceCommand;
import dev.weft.cli.lab.PolicyBenchCommand;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code weft bench}: the benchmarks; each prints a table and writes JSON under build/bench/. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (root): cni, dataplane, convergence, policy, and netlink (JMH, through the ./weft launcher).",
        subcommands = {CniBenchCommand.class, ConvergenceCommand.class, DataplaneCommand.class, PolicyBenchCommand.class,
                BenchCommand.Netlink.class})
public final class BenchCommand {

    @Command(name = "netlink", description = "JMH: weft's netlink against ip subprocesses (run it as ./weft bench netlink).")
    static final class Netlink implements Callable<Integer> {
        @Override
        public Integer call() {
            System.err.println("weft bench netlink: run it through the ./weft launcher at the repository root");
            return 2;
        }
    }
}
