package dev.weft.policy.manifest;

import dev.weft.policy.PolicyException;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * YAML documents as JSON trees, built from the YAML parser's events so that anchors ({@code &a}),
 * aliases ({@code *a}) and merge keys ({@code <<: *a}) are resolved as kubectl resolves them (a
 * plain Jackson YAML tree reports an alias as the anchor's name and drops the anchors of scalars).
 * Scalars are typed by YAML's JSON schema, as Jackson types them: {@code 80} a number, {@code '80'}
 * and {@code yes} strings, {@code true} a boolean, {@code null} or nothing null.
 *
 * <p>Bounds: an alias shares the anchored node (no copy), and what aliases add is counted by the
 * anchored node's expanded size; more than {@link #MAX_ALIAS_NODES} in a manifest is refused, so a
 * "billion laughs" costs nothing. Nesting is limited to {@link #MAX_DEPTH}. Anchors belong to their
 * document; an alias to an unknown anchor, or to the node it is inside, is an error naming it. A key
 * that appears twice in a mapping is an error, as with the API server.
 */
final class YamlTree {
    /** Nodes that aliases may add to a manifest: ample for selectors and rules shared by thousands of policies. */
    static final long MAX_ALIAS_NODES = 1_000_000;
    /** Nesting depth, as Jackson's default for JSON. */
    static final int MAX_DEPTH = 500;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A node and its size with every alias expanded (what reading it costs). */
    private record Built(JsonNode node, long size) {
    }

    private final Iterator<Event> events;
    private final ScalarResolver resolver;
    private final Map<String, Built> anchors = new HashMap<>();
    private final Set<String> open = new HashSet<>();
    private long aliasNodes;
    private int document;
    private int depth;

    private YamlTree(Iterator<Event> events, ScalarResolver resolver) {
        this.events = events;
        this.resolver = resolver;
    }

    /** Every document of {@code text}, in order; an empty document or a bare {@code null} gives none. */
    static List<JsonNode> documents(LoadSettings settings, String text) {
        List<JsonNode> docs = new ArrayList<>();
        try {
            YamlTree t = new YamlTree(new ParserImpl(settings, new StreamReader(settings, text)), settings.getSchema().getScalarResolver());
            for (Event e; (e = t.events.next()).getEventId() != Event.ID.StreamEnd; ) {
                if (e.getEventId() == Event.ID.DocumentStart) {
                    t.anchors.clear(); // anchors belong to their document
                    JsonNode n = t.value(t.events.next(), "").node();
                    if (!n.isNull()) {
                        docs.add(n);
                    }
                    t.document++;
                }
            }
        } catch (YamlEngineException e) {
            throw new PolicyException("", "not valid YAML: " + e.getMessage().strip(), e);
        } catch (NumberFormatException e) {
            // snakeyaml-engine's scanner parses a hex escape (x, u, U) cut short by the end of the text
            // without checking its digits first
            throw new PolicyException("", "not valid YAML: a \\x, \\u or \\U escape without its hex digits", e);
        }
        return docs;
    }

    private Built value(Event e, String path) {
        if (e instanceof AliasEvent a) {
            return alias(a, path);
        }
        String anchor = e instanceof NodeEvent n ? n.getAnchor().map(Anchor::getValue).orElse(null) : null;
        if (anchor != null) {
            open.add(anchor);
        }
        Built b = switch (e.getEventId()) {
            case MappingStart -> nested(() -> object(path), e, path);
            case SequenceStart -> nested(() -> array(path), e, path);
            case Scalar -> new Built(scalar((ScalarEvent) e), 1);
            default -> throw fail(e, path, "unexpected " + e.getEventId());
        };
        if (anchor != null) {
            open.remove(anchor);
            anchors.put(anchor, b); // a later anchor of the same name replaces it, as YAML says
        }
        return b;
    }

    private Built nested(java.util.function.Supplier<Built> build, Event e, String path) {
        if (++depth > MAX_DEPTH) {
            throw fail(e, path, "nested deeper than " + MAX_DEPTH + " levels");
        }
        try {
            return build.get();
        } finally {
            depth--;
        }
    }

    private Built alias(AliasEvent a, String path) {
        String name = a.getAlias().getValue();
        if (open.contains(name)) {
            throw fail(a, path, "*" + name + " refers to the node it is inside (&" + name + "): a recursive structure");
        }
        Built b = anchors.get(name);
        if (b == null) {
            throw fail(a, path, "*" + name + ": no anchor &" + name + " before it in this document (anchors do not carry across ---)");
        }
        aliasNodes += b.size();
        if (aliasNodes > MAX_ALIAS_NODES) {
            throw fail(a, path, "aliases expand to more than " + MAX_ALIAS_NODES + " nodes, the limit for a manifest (*" + name + ")");
        }
        return b;
    }

    private Built object(String path) {
        ObjectNode o = NODES.objectNode();
        List<Built> merges = new ArrayList<>();
        long size = 1;
        for (Event k; (k = events.next()).getEventId() != Event.ID.MappingEnd; ) {
            String name = key(k, path);
            String at = path.isEmpty() ? name : path + "." + name;
            Built v = value(events.next(), at);
            if (name.equals("<<") && k instanceof ScalarEvent s && s.isPlain() && mergeable(v.node())) {
                merges.add(v);
            } else if (o.has(name)) {
                throw fail(k, at, "duplicate key \"" + name + "\"");
            } else {
                o.set(name, v.node());
                size += v.size();
            }
        }
        for (Built m : merges) { // explicit keys win, then earlier merges over later ones
            for (JsonNode source : m.node().isArray() ? m.node() : List.of(m.node())) {
                for (Map.Entry<String, JsonNode> e : source.properties()) {
                    if (!o.has(e.getKey())) {
                        o.set(e.getKey(), e.getValue());
                    }
                }
            }
            size += m.size();
        }
        return new Built(o, size);
    }

    /** A mapping key is a scalar (or an alias of one); its text is the JSON field name. */
    private String key(Event k, String path) {
        if (k instanceof ScalarEvent s) {
            return s.getValue();
        }
        JsonNode n = value(k, path).node();
        if (n.isValueNode() && !n.isNull()) {
            return n.asString();
        }
        throw fail(k, path, "a mapping key must be a single value, not " + (n.isNull() ? "null" : n.getNodeType().name().toLowerCase()));
    }

    private static boolean mergeable(JsonNode v) {
        if (v.isObject()) {
            return true;
        }
        if (!v.isArray() || v.isEmpty()) {
            return false;
        }
        for (JsonNode item : v) {
            if (!item.isObject()) {
                return false;
            }
        }
        return true;
    }

    private Built array(String path) {
        ArrayNode a = NODES.arrayNode();
        long size = 1;
        for (Event e; (e = events.next()).getEventId() != Event.ID.SequenceEnd; ) {
            Built v = value(e, path + "[" + a.size() + "]");
            a.add(v.node());
            size += v.size();
        }
        return new Built(a, size);
    }

    /** YAML's JSON schema: only a plain scalar is typed; a quoted one, or one tagged {@code !!str}, is a string. */
    private JsonNode scalar(ScalarEvent s) {
        String v = s.getValue();
        boolean str = s.getTag().map(Tag.STR.getValue()::equals).orElse(false);
        if (!s.isPlain() || str) {
            return NODES.stringNode(v);
        }
        Tag tag = resolver.resolve(v, true);
        if (tag.equals(Tag.INT)) {
            BigInteger i = new BigInteger(v);
            return i.bitLength() < 32 ? NODES.numberNode(i.intValue())
                    : i.bitLength() < 64 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
        }
        if (tag.equals(Tag.FLOAT)) {
            return NODES.numberNode(floating(v));
        }
        if (tag.equals(Tag.BOOL)) {
            return NODES.booleanNode(v.equals("true"));
        }
        if (tag.equals(Tag.NULL)) {
            return NODES.nullNode();
        }
        return NODES.stringNode(v);
    }

    private static double floating(String v) {
        String lower = v.toLowerCase(java.util.Locale.ROOT);
        return switch (lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower) {
            case ".inf" -> lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            case ".nan" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    /** An error at the event, with the field path as the manifest readers write it and the line. */
    private PolicyException fail(Event e, String path, String detail) {
        String at = document > 0 ? "document[" + document + "]" + (path.isEmpty() ? "" : "." + path) : path;
        String line = e.getStartMark().map(m -> " (line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ")").orElse("");
        return new PolicyException(at, detail + line);
    }
}
