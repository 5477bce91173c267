package dev.weft.policy.manifest;

import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PolicyException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses NetworkPolicy manifests as {@code kubectl apply -f} accepts them: JSON, YAML, several YAML
 * documents separated by {@code ---}, and {@code kind: List}. Validation is strict and every error names
 * the field ({@code spec.ingress[0].from[1].ipBlock.cidr}); with more than one document the path starts
 * with {@code document[i]}, inside a List with {@code items[i]}. Unknown fields are errors, since a misspelt
 * selector would otherwise silently select everything. YAML anchors, aliases and merge keys are
 * resolved, with a bound on what aliases add ({@link YamlTree}).
 *
 * <p>Limits: a manifest is at most {@link #MAX_BYTES} (8 MiB, about 20,000 policies), checked before
 * it is parsed; one policy's stored JSON at most {@link #MAX_POLICY_BYTES} (1 MiB: etcd refuses
 * requests over 1.5 MiB by default, and the API server objects over that).
 */
public final class PolicyManifest {
    static final String API_VERSION = "networking.k8s.io/v1";
    /** The largest manifest accepted, in bytes. */
    public static final int MAX_BYTES = 8 << 20;
    /** The largest stored policy document (JSON, UTF-8), in bytes. */
    public static final int MAX_POLICY_BYTES = 1 << 20;

    private static final LoadSettings YAML = LoadSettings.builder().setCodePointLimit(MAX_BYTES).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private PolicyManifest() {
    }

    /**
     * A manifest's bytes as text: at most {@link #MAX_BYTES}, and UTF-8 (as YAML and JSON must be);
     * an error names the first byte that is not.
     */
    public static String text(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new PolicyException("", tooLarge(bytes.length));
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = utf8.decode(in, out, true);
        if (r.isError()) {
            throw new PolicyException("", "not UTF-8 text at byte " + in.position() + " (0x"
                    + String.format("%02x", bytes[in.position()] & 0xff) + "): a manifest is YAML or JSON");
        }
        utf8.flush(out);
        return out.flip().toString();
    }

    /** The message for a manifest of {@code bytes} over {@link #MAX_BYTES}. */
    public static String tooLarge(long bytes) {
        return "the manifest is " + bytes + " bytes, over the limit of " + MAX_BYTES + " (8 MiB); split it";
    }

    /** All policies in the text, in document order. */
    public static List<NetworkPolicy> parse(String yamlOrJson) {
        return policies(documents(yamlOrJson));
    }

    private static List<NetworkPolicy> policies(List<JsonNode> docs) {
        List<NetworkPolicy> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = docs.size() > 1 ? "document[" + i + "]" : "";
            object(Field.root(docs.get(i), path), out, true);
        }
        return out;
    }

    /** A policy and its own JSON document (namespace filled in), as the datastore keeps it. */
    public record Sourced(NetworkPolicy policy, String json) {
    }

    /**
     * {@link #parse} (so errors carry the same paths), then each policy's document on its own:
     * every document, and every item of a List, becomes one JSON text that parses back to it.
     */
    public static List<Sourced> parseEach(String yamlOrJson) {
        List<JsonNode> docs = documents(yamlOrJson);
        List<NetworkPolicy> all = policies(docs);
        List<JsonNode> single = new ArrayList<>();
        for (JsonNode doc : docs) {
            if ("List".equals(doc.path("kind").asString(""))) {
                doc.path("items").forEach(single::add);
            } else {
                single.add(doc);
            }
        }
        List<Sourced> out = new ArrayList<>();
        for (int i = 0; i < single.size(); i++) {
            JsonNode doc = single.get(i).deepCopy();
            if (doc.path("metadata") instanceof tools.jackson.databind.node.ObjectNode meta && !meta.has("namespace")) {
                meta.put("namespace", all.get(i).namespace());
            }
            String json = JSON.writeValueAsString(doc);
            if (json.length() > MAX_POLICY_BYTES / 3 && json.getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
                throw new PolicyException("", "the policy " + all.get(i).namespace()
                        + "/" + all.get(i).name() + " is over " + MAX_POLICY_BYTES + " bytes of JSON, the limit for one policy");
            }
            out.add(new Sourced(all.get(i), json));
        }
        return out;
    }

    private static List<JsonNode> documents(String text) {
        boolean json = text.stripLeading().startsWith("{");
        if (!json) {
            return YamlTree.documents(YAML, text);
        }
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n); // "---" at the end of a file, or an empty document, is not an object
                }
            }
        } catch (JacksonException e) {
            throw new PolicyException("", "not valid JSON: " + e.getOriginalMessage(), e);
        }
        return docs;
    }

    private static void object(Field doc, List<NetworkPolicy> out, boolean listAllowed) {
        String kind = doc.get("kind").text();
        String apiVersion = doc.get("apiVersion").text();
        if (kind.equals("List") && listAllowed) {
            if (!apiVersion.equals("v1")) {
                throw doc.get("apiVersion").fail("\"" + apiVersion + "\" is not v1 (the apiVersion of kind List)");
            }
            doc.allowOnly(java.util.Set.of("apiVersion", "kind", "metadata", "items"));
            for (Field item : doc.get("items").items()) {
                object(item, out, false);
            }
            return;
        }
        if (!kind.equals("NetworkPolicy")) {
            throw doc.get("kind").fail("\"" + kind + "\" is not NetworkPolicy" + (listAllowed ? " or List" : ""));
        }
        if (!apiVersion.equals(API_VERSION)) {
            throw doc.get("apiVersion").fail("\"" + apiVersion + "\" is not " + API_VERSION);
        }
        out.add(SpecReader.policy(doc));
    }
}
