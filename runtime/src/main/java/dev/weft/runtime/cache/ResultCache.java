package dev.weft.runtime.cache;

import dev.weft.io.AtomicFile;
import dev.weft.io.StateFiles;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.json.Json;
import dev.weft.cni.result.Result;
import dev.weft.cni.result.ResultCodec;
import dev.weft.cni.CniArgs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads and writes libcni-compatible cache records under a cache directory (default /var/lib/cni). */
public final class ResultCache {
    public static final Path DEFAULT_DIR = Path.of("/var/lib/cni");
    private static final String KIND = "cniCacheV1";
    private static final System.Logger LOG = System.getLogger(ResultCache.class.getName());

    private final Path resultsDir;

    public ResultCache(Path cacheDir) {
        this.resultsDir = cacheDir.resolve("results");
    }

    public Path fileFor(String network, String containerId, String ifName) {
        return resultsDir.resolve(network + "-" + containerId + "-" + ifName);
    }

    public void put(CachedAttachment a) {
        ObjectNode o = Json.object();
        o.put("kind", KIND);
        o.put("containerId", a.containerId());
        o.put("config", Base64.getEncoder().encodeToString(a.config()));
        o.put("ifName", a.ifName());
        o.put("networkName", a.network());
        if (a.netns() != null && !a.netns().isEmpty()) {
            o.put("netns", a.netns());
        }
        if (!a.cniArgs().pairs().isEmpty()) {
            ArrayNode args = o.putArray("cniArgs");
            a.cniArgs().pairs().forEach(e -> args.addArray().add(e.getKey()).add(e.getValue()));
        }
        if (!a.capabilityArgs().isEmpty()) {
            ObjectNode caps = o.putObject("capabilityArgs");
            a.capabilityArgs().forEach(caps::set);
        }
        a.result().ifPresent(r -> o.set("result", ResultCodec.encode(r)));
        write(fileFor(a.network(), a.containerId(), a.ifName()), Json.bytes(o));
    }

    public Optional<CachedAttachment> get(String network, String containerId, String ifName) {
        Path file = fileFor(network, containerId, ifName);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot read cache record " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(decode(bytes, file));
    }

    public void delete(String network, String containerId, String ifName) {
        try {
            Files.deleteIfExists(fileFor(network, containerId, ifName));
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot delete cache record: " + e.getMessage(), e);
        }
    }

    /** Every readable record; unreadable ones are logged and skipped. */
    public List<CachedAttachment> list() {
        if (!Files.isDirectory(resultsDir)) {
            return List.of();
        }
        List<CachedAttachment> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(resultsDir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                if (f.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try {
                    out.add(decode(Files.readAllBytes(f), f));
                } catch (IOException | CniException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping unreadable cache record " + f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot list " + resultsDir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static CachedAttachment decode(byte[] bytes, Path file) {
        ObjectNode o = Json.parseObject(bytes, "cache record " + file);
        if (!KIND.equals(o.path("kind").asString(""))) {
            throw new CniException(CniErrorCode.DECODING_FAILURE, "cache record " + file + " is not of kind " + KIND);
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (JsonNode p : o.path("cniArgs")) {
            pairs.add(Map.entry(p.path(0).asString(""), p.path(1).asString("")));
        }
        Map<String, JsonNode> caps = new LinkedHashMap<>();
        o.path("capabilityArgs").properties().forEach(e -> caps.put(e.getKey(), e.getValue()));
        Optional<Result> result = Optional.empty();
        if (o.get("result") instanceof ObjectNode r && !r.isEmpty()) {
            try {
                result = Optional.of(ResultCodec.decode(r));
            } catch (CniException e) {
                // e.g. a 0.2.0 result another runtime cached: the attachment still counts for GC
                LOG.log(System.Logger.Level.WARNING, "cache record " + file + " has a result weft cannot read: " + e.msg());
            }
        }
        byte[] config = o.has("config") ? Base64.getDecoder().decode(o.path("config").asString("")) : new byte[0];
        return new CachedAttachment(o.path("networkName").asString(""), o.path("containerId").asString(""),
                o.path("ifName").asString(""), o.path("netns").asString(""), new CniArgs(pairs), caps, config, result);
    }

    private void write(Path file, byte[] bytes) {
        try {
            StateFiles.privateDirectory(resultsDir); // libcni's 0700, exactly, and never through a link
            AtomicFile.write(file, bytes); // 0600; a link at the record's name is replaced, not followed
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot write cache record " + file + ": " + e.getMessage(), e);
        }
    }
}
