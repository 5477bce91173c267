package dev.weft.nft;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code nft} binary: {@code nft -f -} for transactions, {@code nft -j list} for reads.
 * With a netns path, nft runs inside that namespace through {@code nsenter --net=PATH}. How the
 * process is started is a {@link Runner}: the JVM's {@code ProcessBuilder} by default (which execs
 * a helper, {@code jspawnhelper}, before nft), or one {@code posix_spawn} where the caller has it.
 */
public final class NftCli implements Nft {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a finished nft run printed and how it exited. */
    public record Output(int exit, String out, String err) {
    }

    /** Starts {@code cmd} (its first word a program on the PATH), feeds it {@code stdin}, waits for it. */
    @FunctionalInterface
    public interface Runner {
        Output run(List<String> cmd, byte[] stdin);
    }

    private final Optional<Path> netns;
    private final Runner runner;

    public NftCli() {
        this(Optional.empty());
    }

    public NftCli(Optional<Path> netns) {
        this(netns, NftCli::processBuilder);
    }

    public NftCli(Optional<Path> netns, Runner runner) {
        this.netns = netns;
        this.runner = runner;
    }

    @Override
    public void apply(Transaction tx) {
        if (tx.isEmpty()) {
            return;
        }
        Output o = run(List.of("-f", "-"), tx.render());
        if (o.exit() != 0) {
            throw new NftException("nft rejected the transaction: " + o.err().strip() + "\n--- transaction ---\n" + tx.render());
        }
    }

    @Override
    public Optional<JsonNode> listJson(String object) {
        List<String> args = new ArrayList<>(List.of("-j", "list"));
        args.addAll(List.of(object.strip().split("\\s+")));
        Output o = run(args, "");
        if (o.exit() != 0) {
            if (o.err().contains("No such file or directory") || o.err().contains("does not exist")) {
                return Optional.empty();
            }
            throw new NftException("nft list " + object + " failed: " + o.err().strip());
        }
        return Optional.of(JSON.readTree(o.out()));
    }

    private Output run(List<String> args, String stdin) {
        List<String> cmd = new ArrayList<>();
        netns.ifPresent(ns -> cmd.addAll(List.of("nsenter", "--net=" + ns)));
        cmd.add("nft");
        cmd.addAll(args);
        return runner.run(cmd, stdin.getBytes(StandardCharsets.UTF_8));
    }

    private static Output processBuilder(List<String> cmd, byte[] stdin) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            }
            byte[] out = p.getInputStream().readAllBytes();
            byte[] errBytes = p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new NftException("nft timed out: " + cmd);
            }
            return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(errBytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NftException("cannot run nft (is the nftables package installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NftException("interrupted running nft", e);
        }
    }
}
