package dev.weft.cli.policy;

import dev.weft.lab.LabDrops;
import dev.weft.lab.LabLayout;
import dev.weft.node.policy.DropFile;
import dev.weft.node.policy.DropView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code weft policy drops}: packets NetworkPolicy dropped, as the agents logged them. */
@Command(name = "drops", mixinStandardHelpOptions = true,
        description = "Packets NetworkPolicy dropped: time, node, source and destination pod, protocol/port and the "
                + "verdict (explain's words), from the agent's drop log (rate-limited: not every packet).")
final class DropsCommand implements Callable<Integer> {
    @Option(names = "--follow", description = "Keep printing records as they are logged (Ctrl-C ends).")
    boolean follow;
    @Option(names = "--pod", paramLabel = "NS/NAME", description = "Only records with this pod at either end.")
    String pod;
    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table (default) or json (one object a line).")
    String output;
    @Option(names = "--run-dir", defaultValue = "/run/weft", description = "The agent's --run-dir (default ${DEFAULT-VALUE}).")
    Path runDir;
    @Option(names = "--lab", paramLabel = "LAB", description = "Every node of this lab instead of this node's agent.")
    String lab;
    @Option(names = "--lab-root", defaultValue = "/run/weft-lab", description = "Where labs live (default ${DEFAULT-VALUE}).")
    Path labRoot;

    @Override
    public Integer call() throws Exception {
        if (!output.equals("table") && !output.equals("json")) {
            throw new IllegalArgumentException("--output: table or json, not \"" + output + "\"");
        }
        Optional<String> only = Optional.ofNullable(pod).map(p -> {
            String[] nsName = Names.split(p, "pod");
            return nsName[0] + "/" + nsName[1];
        });
        List<Path> files = lab != null ? new LabDrops(new LabLayout(lab, labRoot)).files() : List.of(DropFile.in(runDir));
        if (files.stream().noneMatch(java.nio.file.Files::exists)) {
            System.err.println("weft policy drops: no drop log yet at " + files
                    + " (nothing dropped since the agent started logging, or it runs with --no-drop-log)");
        }
        DropView view = new DropView(files, only, output.equals("json"));
        view.printAll(System.out);
        System.out.flush();
        while (follow) {
            Thread.sleep(500);
            view.printNew(System.out);
            System.out.flush();
        }
        return 0;
    }
}
