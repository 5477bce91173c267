package dev.weft.cli;

import dev.weft.cli.bench.BenchCommand;
import dev.weft.cli.agent.AgentCommand;
import dev.weft.cli.bgp.BgpCommand;
import dev.weft.cli.cluster.ClusterCommand;
import dev.weft.cli.cni.CniCommand;
import dev.weft.cli.cnm.CnmCommand;
import dev.weft.cli.dhcp.DhcpCommand;
import dev.weft.cli.doctor.DoctorCommand;
import dev.weft.cli.install.InstallCommand;
import dev.weft.cli.ipam.IpamCommand;
import dev.weft.cli.lab.LabCommand;
import dev.weft.cli.metrics.MetricsCommand;
import dev.weft.cli.policy.LabelCommands;
import dev.weft.cli.policy.PolicyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code weft}. */
@Command(name = "weft", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "weft: container networking (CNI) in Java.",
        subcommands = {CniCommand.class, CnmCommand.class, ClusterCommand.class, IpamCommand.class, AgentCommand.class, BgpCommand.class, LabCommand.class,
                PolicyCommand.class, LabelCommands.PodCommand.class, LabelCommands.NamespaceCommand.class, InstallCommand.class,
                ScriptCommands.Build.class, ScriptCommands.Test.class,
                ScriptCommands.Demo.class, BenchCommand.class, DhcpCommand.class, DoctorCommand.class, MetricsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int execute(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new Errors())
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** The version from the jar manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"weft " + (v == null ? "dev" : v)};
        }
    }
}
