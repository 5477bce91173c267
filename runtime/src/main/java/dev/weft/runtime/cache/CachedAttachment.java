package dev.weft.runtime.cache;

import dev.weft.cni.result.Result;
import dev.weft.cni.CniArgs;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;

/** One cache record: what ADD was given and what it returned. */
public record CachedAttachment(String network, String containerId, String ifName, String netns, CniArgs cniArgs,
                               Map<String, JsonNode> capabilityArgs, byte[] config, Optional<Result> result) {
}
