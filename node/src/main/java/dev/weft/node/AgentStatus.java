package dev.weft.node;

import dev.weft.node.policy.PolicyHealth;

import dev.weft.io.AtomicFile;
import dev.weft.net.Cidr;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a running agent reports after every reconcile round, as a JSON file: the subnet it holds,
 * the peer subnets it has connected, the peers its backend refused with the reason, and how its
 * policy rounds go ({@link PolicyHealth}; null without policy). The lab
 * and operators read it; nothing in the data path depends on it.
 */
public record AgentStatus(String node, String subnet, String backend, int mtu, List<String> peers,
                          Map<String, String> refused, long rounds, long updatedMillis, PolicyHealth policy) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public AgentStatus {
        peers = List.copyOf(peers);
        refused = new TreeMap<>(refused);
    }

    /** Without policy rounds to report (the agent runs with --no-policy): {@code policy} is null. */
    public AgentStatus(String node, String subnet, String backend, int mtu, List<String> peers,
                       Map<String, String> refused, long rounds, long updatedMillis) {
        this(node, subnet, backend, mtu, peers, refused, rounds, updatedMillis, null);
    }

    static AgentStatus of(String node, Cidr subnet, String backend, int mtu, java.util.Set<Cidr> peers,
                          Map<String, String> refused, long rounds, PolicyHealth policy) {
        return new AgentStatus(node, subnet.toString(), backend, mtu,
                peers.stream().map(Cidr::toString).sorted().toList(), refused, rounds, System.currentTimeMillis(), policy);
    }

    /** Writes atomically (temp + rename), so a reader never sees half a file. */
    public void write(Path file) {
        try {
            AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static AgentStatus read(Path file) {
        try {
            return JSON.readValue(Files.readAllBytes(file), AgentStatus.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
