package dev.weft.cli.doctor;

import dev.weft.cli.cluster.ClusterCommand;
import dev.weft.doctor.Doctor;
import dev.weft.doctor.DoctorSettings;
import dev.weft.doctor.Report;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;
import dev.weft.store.Datastore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code weft doctor}: probe this node, advise a backend, check the running cluster. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Probe this node, advise a backend and check the running node: a checklist, exit 1 on any ✗.",
                "Probes: kernel features, uplink MTU, on-link peers, extra MACs, sysctls, BGP, datastore. The advice",
                "names the probe behind each reason. Checks: agent, lease, peers, routes, policy, leftovers, each ✗",
                "with its fix. --lab NAME runs it on every node of a lab, inside each node's namespace."})
public final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--node", description = "This node's name (default: the host name).")
    String node;
    @Option(names = "--public-ip", description = "This node's underlay address (default: from its lease).")
    String publicIp;
    @Option(names = "--datastore", defaultValue = ClusterCommand.DEFAULT_STORE, description = "File path or etcd://host:port[,...].")
    String datastore;
    @Option(names = "--status-file", defaultValue = "/run/weft/status.json", description = "The agent's --status-file.")
    Path statusFile;
    @Option(names = "--cni-socket", defaultValue = "/run/weft/cni.sock", description = "The agent's --cni-socket; empty: not checked.")
    String cniSocket;
    @Option(names = "--cni-data-dir", defaultValue = "/var/lib/cni/weft", description = "The agent's --cni-data-dir (pod records).")
    Path cniDataDir;
    @Option(names = "--probe-address", description = "A free address on the segment, ADDRESS/PREFIX, that the extra-MAC probe may use for 2 s.")
    String probeAddress;
    @Option(names = "--bench", defaultValue = "build/bench/dataplane.json", description = "weft bench dataplane's figures, cited when measured on this kernel.")
    Path bench;
    @Option(names = "--restart-hint", hidden = true, description = "How to restart the agent, for the fix texts.")
    String restartHint;
    @Option(names = "--lab", description = "Every node of this lab (weft lab up --name NAME).")
    String lab;
    @Option(names = "--lab-root", hidden = true, description = "Where labs keep their state (tests use their own).")
    Path labRoot = dev.weft.lab.LabLayout.DEFAULT_ROOT;
    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text (default) or json.")
    String output;

    @Override
    public Integer call() throws Exception {
        if (!output.equals("text") && !output.equals("json")) {
            throw new IllegalArgumentException("--output: text or json, not \"" + output + "\"");
        }
        List<Report> reports = lab != null ? LabDoctor.run(new dev.weft.lab.LabLayout(lab, labRoot), bench) : List.of(here());
        System.out.print(output.equals("json") ? Report.json(reports) + "\n"
                : String.join("\n", reports.stream().map(Report::text).toList()));
        return reports.stream().anyMatch(Report::failed) ? 1 : 0;
    }

    private Report here() throws Exception {
        String name = node != null ? node : InetAddress.getLocalHost().getHostName();
        DoctorSettings s = new DoctorSettings(name, Optional.ofNullable(publicIp).map(IpAddress::parse), datastore,
                statusFile, cniSocket.isEmpty() ? Optional.empty() : Optional.of(Path.of(cniSocket)), cniDataDir,
                Optional.ofNullable(probeAddress).map(InterfaceAddress::parse), Optional.of(bench),
                restartHint != null ? restartHint : "weft agent --node " + name + " ...");
        try (Datastore store = ClusterCommand.open(datastore)) {
            return new Doctor(s, store).run();
        }
    }
}
