package dev.weft.cli.doctor;

import dev.weft.doctor.Report;
import dev.weft.lab.Lab;
import dev.weft.lab.LabExec;
import dev.weft.lab.LabLayout;
import dev.weft.lab.LabState;
import dev.weft.netlink.ns.NetNs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code weft doctor --lab NAME}: one {@code weft doctor -o json} per node, run inside the node's
 * namespace with that node's agent files, gathered in node order. Each node's extra-MAC probe
 * borrows {@code .(250 - index)} of its own side's subnet for two seconds (free in every lab: nodes
 * are .11 and up, a macvlan lab's pods take blocks from .64 upwards).
 */
final class LabDoctor {
    private LabDoctor() {
    }

    static List<Report> run(LabLayout layout, Path bench) {
        String name = layout.name();
        LabState s = LabState.require(layout);
        List<Report> out = new ArrayList<>();
        for (LabState.Node n : s.nodes()) {
            Path dir = layout.nodeDir(n.name());
            String ip = n.ip();
            String probe = ip.substring(0, ip.lastIndexOf('.') + 1) + (250 - n.index()) + n.address().substring(n.address().indexOf('/'));
            List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + NetNs.RUN_NETNS.resolve(n.netns()), "--",
                    Path.of(s.javaHome(), "bin", "java").toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED", "-cp", s.classpath(), "dev.weft.cli.Main", "doctor",
                    "--node", n.name(), "--public-ip", ip, "--datastore", s.datastore(),
                    "--status-file", dir.resolve("status.json").toString(), "--cni-socket", Lab.cniSocket(layout, n.name()).toString(),
                    "--cni-data-dir", dir.resolve("cni-weft").toString(), "--probe-address", probe, "--bench", bench.toAbsolutePath().toString(),
                    "--restart-hint", "weft lab node restart " + n.name() + " --name " + name, "-o", "json"));
            LabExec.Result r = LabExec.capture(cmd);
            String json = r.output().substring(Math.max(0, r.output().indexOf('[')));
            try {
                out.addAll(Report.parse(json));
            } catch (RuntimeException e) {
                throw new IllegalStateException("weft doctor on " + n.name() + " failed (exit " + r.exit() + "): " + r.output().strip(), e);
            }
        }
        return out;
    }
}
