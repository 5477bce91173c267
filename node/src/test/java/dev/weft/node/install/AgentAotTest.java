package dev.weft.node.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AgentAotTest {
    @TempDir
    Path dir;

    private String jars(String... names) throws Exception {
        StringBuilder cp = new StringBuilder();
        for (String n : names) {
            Path jar = Files.createFile(dir.resolve(n));
            cp.append(cp.isEmpty() ? "" : File.pathSeparator).append(jar);
        }
        return cp.toString();
    }

    @Test
    void oneAgentTrainsThenEveryAgentUsesTheCache() throws Exception {
        String cp = jars("a.jar", "b.jar");
        Path cache = dir.resolve(AgentAot.CACHE);

        assertThat(AgentAot.flags(cp)).containsExactly("-XX:AOTCacheOutput=" + cache);
        assertThat(AgentAot.flags(cp)).as("a second agent while the first trains").isEmpty();

        Files.write(cache, new byte[] {1}); // what the trainer's clean exit leaves
        assertThat(AgentAot.flags(cp)).containsExactly("-XX:AOTCache=" + cache);
        assertThat(AgentAot.flags(cp)).containsExactly("-XX:AOTCache=" + cache);
    }

    @Test
    void aWildcardClasspathNamesItsDirectory() {
        assertThat(AgentAot.jarDirectory(dir + "/*")).contains(dir);
    }

    @Test
    void classpathsTheJvmCannotCacheGetNoFlags() throws Exception {
        Path classes = Files.createDirectory(dir.resolve("classes"));
        Path other = Files.createDirectory(dir.resolve("other"));
        String jar = jars("a.jar");

        assertThat(AgentAot.flags(classes + File.pathSeparator + jar)).as("a directory of classes").isEmpty();
        assertThat(AgentAot.flags(jar + File.pathSeparator + other.resolve("b.jar"))).as("jars in two directories").isEmpty();
        assertThat(AgentAot.flags("")).isEmpty();
        assertThat(Files.exists(dir.resolve(AgentAot.CACHE + ".training"))).as("nothing claimed").isFalse();
    }

    @Test
    void onlyTheTrainingAgentIsToldApart() throws Exception {
        assertThat(AgentAot.trains(ProcessHandle.current().pid())).isFalse();
        assertThat(AgentAot.trains(Long.MAX_VALUE)).isFalse();
        // a shell that carries the flag as its $0 and does not exec its last command
        Process training = new ProcessBuilder("sh", "-c", "sleep 30; true", "-XX:AOTCacheOutput=x").start();
        try {
            assertThat(AgentAot.trains(training.pid())).isTrue();
        } finally {
            training.destroyForcibly().waitFor();
        }
    }
}
