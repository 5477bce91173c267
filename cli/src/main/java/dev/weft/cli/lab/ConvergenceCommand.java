package dev.weft.cli.lab;

import dev.weft.bench.convergence.ConvergenceBench;
import dev.weft.lab.LabEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code weft bench convergence}. */
@Command(name = "convergence", mixinStandardHelpOptions = true,
        description = "Node join -> every pod pair reachable, on labs of 3, 10 and 30 nodes; writes build/bench/convergence.json.")
public final class ConvergenceCommand implements Callable<Integer> {
    @Option(names = "--nodes", split = ",", defaultValue = "3,10,30", description = "Cluster sizes (default 3,10,30).")
    List<Integer> sizes;
    @Option(names = "--backends", split = ",", defaultValue = "vxlan,host-gw")
    List<String> backends;
    @Option(names = "--out", defaultValue = "build/bench/convergence.json")
    Path out;

    @Override
    public Integer call() throws Exception {
        new ConvergenceBench(LabEnv.current(), System.out).run(sizes, backends, out);
        return 0;
    }
}
