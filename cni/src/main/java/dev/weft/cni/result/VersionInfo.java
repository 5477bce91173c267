package dev.weft.cni.result;

import dev.weft.cni.CniVersion;
import dev.weft.cni.json.Fields;
import dev.weft.cni.json.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A plugin's answer to {@code VERSION}: the version of the answer and the versions it supports.
 * Supported versions stay text, since a newer plugin may list versions weft does not know.
 */
public record VersionInfo(String cniVersion, List<String> supportedVersions) {
    public VersionInfo {
        supportedVersions = List.copyOf(supportedVersions);
    }

    /** What a weft plugin answers. */
    public static VersionInfo weft() {
        return new VersionInfo(CniVersion.CURRENT.text(), CniVersion.supportedTexts());
    }

    public boolean supports(String version) {
        return supportedVersions.contains(version);
    }

    public static VersionInfo decode(byte[] bytes) {
        Fields f = Fields.ofContent(Json.parseObject(bytes, "VERSION output"), "");
        String v = f.string("cniVersion").orElse("0.1.0");
        List<String> supported = f.has("supportedVersions") ? f.strings("supportedVersions")
                : List.of("0.1.0"); // plugins predating 0.2.0 answer nothing useful
        return new VersionInfo(v, supported);
    }

    public ObjectNode encode() {
        ObjectNode o = Json.object();
        o.put("cniVersion", cniVersion);
        supportedVersions.forEach(o.putArray("supportedVersions")::add);
        return o;
    }
}
