package dev.weft.cli.bgp;

import dev.weft.bgp.speaker.BgpStatus;
import dev.weft.lab.LabLayout;
import dev.weft.lab.LabState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code weft bgp status}: each node's sessions (state, uptime, routes learned, why one is down) as
 * its agent reports them after every round in {@code bgp.json} beside its status file (the agent
 * reads them from BIRD's control socket). A report older than {@link #STALE} says so: the agent is
 * down, while BIRD may well run on.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Each node's BGP sessions: state, uptime, routes learned, and why a session is not up.",
                "Read from the agents' reports (bgp.json beside --status-file); --lab NAME reads every node of a lab."})
public final class BgpStatusCommand implements Callable<Integer> {
    static final Duration STALE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--status-file", description = "An agent's bgp.json (repeatable; default /run/weft/bgp.json).")
    List<Path> files = new ArrayList<>();
    @Option(names = "--lab", description = "Every node of this lab (weft lab up --backend bgp).")
    String lab;
    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table (default) or json.")
    String output;

    @Override
    public Integer call() {
        if (!output.equals("table") && !output.equals("json")) {
            throw new IllegalArgumentException("--output: table or json, not \"" + output + "\"");
        }
        Map<String, Path> sources = new LinkedHashMap<>();
        if (lab != null) {
            LabLayout layout = LabLayout.of(lab);
            LabState.require(layout).nodes().forEach(n -> sources.put(n.name(), layout.nodeDir(n.name()).resolve("bgp.json")));
        }
        files.forEach(f -> sources.put(f.toString(), f));
        if (sources.isEmpty()) {
            sources.put("this node", Path.of("/run/weft/bgp.json"));
        }
        List<BgpStatus> nodes = new ArrayList<>();
        sources.forEach((name, file) -> nodes.add(read(name, file, Instant.now())));
        System.out.print(output.equals("json") ? BgpStatus.json(nodes) + "\n" : table(nodes));
        return nodes.stream().anyMatch(n -> n.at().equals(Instant.EPOCH)) ? 1 : 0;
    }

    /** The sessions' table, then the problem of every node that has sessions (the table shows the others'). */
    static String table(List<BgpStatus> nodes) {
        StringBuilder b = new StringBuilder(BgpStatus.table(nodes));
        nodes.stream().filter(n -> !n.sessions().isEmpty() && n.problem().isPresent())
                .forEach(n -> b.append(n.node()).append(": ").append(n.problem().get()).append('\n'));
        return b.toString();
    }

    /** One node's report; a missing or unreadable one is a row saying so, a stale one is flagged. */
    static BgpStatus read(String name, Path file, Instant now) {
        if (!Files.exists(file)) {
            return new BgpStatus(name, false, List.of(), Optional.of("no report at " + file
                    + " (is an agent with the bgp backend running there?)"), Instant.EPOCH);
        }
        BgpStatus s;
        try {
            s = BgpStatus.fromJson(JSON.readTree(Files.readString(file)));
        } catch (IOException | RuntimeException e) {
            return new BgpStatus(name, false, List.of(), Optional.of("cannot read " + file + ": " + e.getMessage()),
                    Instant.EPOCH);
        }
        Duration age = Duration.between(s.at(), now);
        if (age.compareTo(STALE) > 0) {
            String stale = "reported " + age.toSeconds() + " s ago: the agent is not running (BIRD may be)";
            return new BgpStatus(s.node(), s.running(), s.sessions(),
                    Optional.of(s.problem().map(p -> stale + "; " + p).orElse(stale)), s.at());
        }
        return s;
    }
}
