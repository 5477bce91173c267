package dev.weft.cli.lab;

import dev.weft.bench.policy.PolicyBench;
import dev.weft.lab.LabEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code weft bench policy}. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"NetworkPolicy cost: apply-to-enforced time, forwarding throughput and ruleset size.",
                "With 0, 100 and 1000 policies, for 10 and 100 pods per node; writes build/bench/policy.json."})
public final class PolicyBenchCommand implements Callable<Integer> {
    @Option(names = "--pods-per-node", split = ",", defaultValue = "10,100")
    List<Integer> pods;
    @Option(names = "--policies", split = ",", defaultValue = "0,100,1000")
    List<Integer> policies;
    @Option(names = "--seconds", defaultValue = "5", description = "iperf3 seconds per run.")
    int seconds;
    @Option(names = "--out", defaultValue = "build/bench/policy.json")
    Path out;

    @Override
    public Integer call() throws Exception {
        new PolicyBench(LabEnv.current(), System.out).run(pods, policies, seconds, out);
        return 0;
    }
}
