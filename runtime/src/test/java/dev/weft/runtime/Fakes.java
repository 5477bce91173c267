package dev.weft.runtime;

import dev.weft.cni.result.VersionInfo;
import dev.weft.cni.config.NetworkConfigList;
import dev.weft.cni.json.Json;
import dev.weft.invoke.FakeExec;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/** Fake plugins for runtime tests: they parse their stdin and answer like real plugins would. */
final class Fakes {
    private Fakes() {
    }

    static ObjectNode stdin(FakeExec.Call call) {
        return Json.parseObject(call.stdin(), "stdin of " + call.type());
    }

    static ObjectNode json(String text) {
        return Json.parseObject(text, "test json");
    }

    static NetworkConfigList list(String text) {
        return NetworkConfigList.parseList(text.getBytes(StandardCharsets.UTF_8), "test");
    }

    /** ADD answered by {@code onAdd(stdin)}; VERSION by weft's versions; anything else prints nothing. */
    static FakeExec.Plugin plugin(Function<ObjectNode, ObjectNode> onAdd) {
        return versioned(VersionInfo.weft(), onAdd);
    }

    static FakeExec.Plugin versioned(VersionInfo versions, Function<ObjectNode, ObjectNode> onAdd) {
        return call -> switch (call.command()) {
            case "ADD" -> Json.bytes(onAdd.apply(stdin(call)));
            case "VERSION" -> Json.bytes(versions.encode());
            default -> new byte[0];
        };
    }

    /** Prints its prevResult (already in the list's version) unchanged. */
    static FakeExec.Plugin passThrough() {
        return plugin(conf -> (ObjectNode) conf.get("prevResult").deepCopy());
    }

    static List<FakeExec.Call> calls(FakeExec exec, String command) {
        return exec.calls().stream().filter(c -> c.command().equals(command)).toList();
    }

    static List<String> types(List<FakeExec.Call> calls) {
        return calls.stream().map(FakeExec.Call::type).toList();
    }
}
