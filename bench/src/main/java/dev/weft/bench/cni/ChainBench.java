package dev.weft.bench.cni;

import dev.weft.bench.report.Latencies;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.json.Json;
import dev.weft.invoke.ProcessExec;
import dev.weft.netlink.ns.NetNs;
import dev.weft.runtime.CniRuntime;
import dev.weft.runtime.RuntimeConf;
import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chain part of {@code weft bench cni}: a pod set up by a whole configuration list — bridge,
 * portmap, bandwidth, tuning, as a runtime with {@code -p} and a rate limit would run it — through
 * weft's fast path (every plugin an exec of the shim, served by the agent) and through the same
 * chain of reference plugins. Each ADD or DEL is timed around weft's runtime walking the list
 * (the same runtime for both, so its own cost counts on both sides), from a thread inside the
 * bench's host namespace; the two chains are interleaved pod by pod.
 */
final class ChainBench {
    /** One chain under test: its plugin dir, types, bridge, subnet, interface and host-port base. */
    record Chain(String name, Path binDir, String prefix, String bridge, String subnet, String ifName, int hostPortBase,
                 Map<String, String> env) {
        String conflist(Path dir) {
            String weft = prefix;
            return """
                    {"cniVersion": "1.0.0", "name": "chain-%s", "plugins": [
                      {"type": "%sbridge", "bridge": "%s", "isGateway": true, "isDefaultGateway": true, "hairpinMode": true,
                       "ipam": {"type": "%shost-local", "ranges": [[{"subnet": "%s"}]], "dataDir": "%s"}},
                      {"type": "%sportmap", "capabilities": {"portMappings": true}},
                      {"type": "%sbandwidth", "capabilities": {"bandwidth": true}},
                      {"type": "%stuning", "sysctl": {"net.core.somaxconn": "1024"}%s}]}
                    """.formatted(name, weft, bridge, weft, subnet, dir.resolve("ipam-" + name), weft, weft, weft,
                    weft.isEmpty() ? "" : ", \"dataDir\": \"" + dir.resolve("tuning") + "\"");
        }

        String capabilities(int pod) {
            return """
                    {"portMappings": [{"hostPort": %d, "containerPort": 80, "protocol": "tcp"},
                                      {"hostPort": %d, "containerPort": 53, "protocol": "udp"}],
                     "bandwidth": {"ingressRate": 100000000, "ingressBurst": 1000000, "egressRate": 100000000, "egressBurst": 1000000}}
                    """.formatted(hostPortBase + pod, hostPortBase + pod);
        }
    }

    /**
     * ADD and DEL of each chain, in milliseconds, and the agent's own time per plugin call of the
     * fast-path chain ({@code "DEL weft-portmap"}: the dispatcher's run in the agent, from its log),
     * so what the shim, the socket and the runtime add is the rest.
     */
    record Figures(Map<String, Latencies> add, Map<String, Latencies> del, Map<String, Latencies> inAgent) {
    }

    /** An agent log line of one measured chain call (the warm-up's container IDs are "chainwarmN"). */
    private static final java.util.regex.Pattern SERVED =
            java.util.regex.Pattern.compile("cni (ADD|DEL) (\\S+) chain\\d+ exit 0 in ([0-9.]+) ms");

    /** The agent's time per command and plugin of the chain's calls, read from its log. */
    static Map<String, Latencies> inAgent(Path agentLog) {
        Map<String, Latencies> out = new java.util.TreeMap<>();
        try {
            for (String line : java.nio.file.Files.readAllLines(agentLog)) {
                var m = SERVED.matcher(line);
                if (m.find()) {
                    out.computeIfAbsent(m.group(1) + " " + m.group(2), k -> new Latencies()).add(Double.parseDouble(m.group(3)));
                }
            }
        } catch (java.io.IOException e) {
            // no log: no breakdown
        }
        return out;
    }

    private ChainBench() {
    }

    static Figures run(NetNs host, List<Chain> chains, List<String> pods, int count, Path dir, PrintStream log) {
        Map<String, Latencies> add = new LinkedHashMap<>();
        Map<String, Latencies> del = new LinkedHashMap<>();
        chains.forEach(c -> {
            add.put(c.name(), new Latencies());
            del.put(c.name(), new Latencies());
        });
        log.println("chains: warm-up, then ADD and DEL of " + count + " pods, interleaved");
        for (Chain c : chains) {
            for (int i = 0; i < 2; i++) {
                time(host, c, "ADD", "chainwarm" + i, pods.get(i), i, dir);
                time(host, c, "DEL", "chainwarm" + i, pods.get(i), i, dir);
            }
        }
        for (String cmd : List.of("ADD", "DEL")) {
            for (int i = 0; i < count; i++) {
                for (Chain c : CniBench.rotate(chains, i)) {
                    double ms = time(host, c, cmd, "chain" + i, pods.get(i), i, dir);
                    (cmd.equals("ADD") ? add : del).get(c.name()).add(ms);
                }
            }
        }
        return new Figures(add, del, inAgent(dir.resolve("agent.log")));
    }

    private static double time(NetNs host, Chain c, String cmd, String cid, String pod, int index, Path dir) {
        NetworkConfigList list = NetworkConfigList.parseList(c.conflist(dir).getBytes(StandardCharsets.UTF_8), c.name());
        Map<String, JsonNode> caps = new LinkedHashMap<>();
        Json.parseObject(c.capabilities(index), "capabilities").properties().forEach(e -> caps.put(e.getKey(), e.getValue()));
        RuntimeConf rt = new RuntimeConf(dev.weft.cni.ContainerId.of(cid), NetNs.RUN_NETNS.resolve(pod).toString(),
                dev.weft.net.InterfaceName.of(c.ifName()), dev.weft.cni.CniArgs.EMPTY, caps);
        CniRuntime runtime = new CniRuntime(new ProcessExec().withEnv(c.env()), List.of(c.binDir()), dir.resolve("cache-" + c.name()));
        return host.run(() -> {
            long t0 = System.nanoTime();
            if (cmd.equals("ADD")) {
                runtime.add(list, rt);
            } else {
                runtime.del(list, rt);
            }
            return (System.nanoTime() - t0) / 1e6;
        });
    }
}
