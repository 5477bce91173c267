package dev.weft.node.install;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher script starts the agent on exactly {@link AgentJvm#FLAGS}, and the heap is bounded. */
class AgentJvmTest {
    @Test
    void theLauncherScriptUsesTheSameFlags() throws Exception {
        String script = Files.readString(Path.of("../weft"));
        String line = script.lines().filter(l -> l.startsWith("AGENT_JVM=(")).findFirst().orElseThrow();
        List<String> flags = List.of(line.substring("AGENT_JVM=(".length(), line.lastIndexOf(')')).split(" "));
        assertThat(flags).isEqualTo(AgentJvm.FLAGS);
    }

    @Test
    void theLauncherScriptTrainsAndUsesTheSameAgentAotCache() throws Exception {
        String script = Files.readString(Path.of("../weft"));
        assertThat(script).contains("cache=\"$LIB/" + AgentAot.CACHE + "\"", "claim=\"$LIB/" + AgentAot.CLAIM + "\"",
                "-mmin +" + AgentAot.STALE_CLAIM.toMinutes(), "-XX:AOTCache=$cache", "-XX:AOTCacheOutput=$cache");
    }

    @Test
    void theHeapIsBoundedAndGcThreadsAreNone() {
        assertThat(AgentJvm.FLAGS).anyMatch(f -> f.startsWith("-Xmx")).contains("-XX:+UseSerialGC");
    }
}
