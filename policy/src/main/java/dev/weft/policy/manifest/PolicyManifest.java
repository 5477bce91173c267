package dev.weft.policy.manifest;

import dev.weft.policy.NetworkPolicy;
import dev.weft.policy.PolicyException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses NetworkPolicy manifests as {@code kubectl apply -f} accepts them: JSON, YAML, several YAML
 * documents separated by {@code ---}, and {@code kind: List}. Validation is strict and every error names
 * the field ({@code spec.ingress[0].from[1].ipBlock.cidr}); with more than one document the path starts
 * with {@code document[i]}, inside a List with {@code items[i]}. Unknown fields are errors, since a misspelt
 * selector would otherwise silently select everything.
 */
public final class PolicyManifest {
    static final String API_VERSION = "networking.k8s.io/v1";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private PolicyManifest() {
    }

    /** All policies in the text, in document order. */
    public static List<NetworkPolicy> parse(String yamlOrJson) {
        List<JsonNode> docs = documents(yamlOrJson);
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
        List<NetworkPolicy> all = parse(yamlOrJson);
        List<JsonNode> single = new ArrayList<>();
        for (JsonNode doc : documents(yamlOrJson)) {
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
            out.add(new Sourced(all.get(i), JSON.writeValueAsString(doc)));
        }
        return out;
    }

    private static List<JsonNode> documents(String text) {
        boolean json = text.stripLeading().startsWith("{");
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = (json ? JSON : YAML).readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n); // "---" at the end of a file, or an empty document, is not an object
                }
            }
        } catch (JacksonException e) {
            throw new PolicyException("", "not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage(), e);
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
