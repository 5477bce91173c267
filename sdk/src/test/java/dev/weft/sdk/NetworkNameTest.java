package dev.weft.sdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network {@code name} is a file name part for plugins (host-local's directory, the cache's
 * record): the Dispatcher holds it to the spec's rule before any plugin sees it.
 */
class NetworkNameTest {
    private final DispatcherTest.TestPlugin plugin = new DispatcherTest.TestPlugin();

    private DispatcherTest.Out run(java.util.Map<String, String> env, String stdin) {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int exit = new Dispatcher(plugin).run(env, stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8), out, err);
        return new DispatcherTest.Out(exit, out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A name like {@code ../../x} used to reach the plugin, and host-local made its directory
     * outside its data directory from it (issue #13, item 3). Now it is code 7 naming the field,
     * for every command, and the plugin is not called.
     */
    @ParameterizedTest
    @ValueSource(strings = {"../../x", "..", ".", "a/b", "/abs", "-dash", "with space", "tab\tname", "_x"})
    void aNameThatIsNotASingleSafeSegmentIsCode7(String name) {
        for (String command : new String[] {"ADD", "DEL", "CHECK", "GC", "STATUS"}) {
            String conf = "{\"cniVersion\": \"1.1.0\", \"name\": " + tools.jackson.databind.node.StringNode.valueOf(name)
                    + ", \"type\": \"test\"}";
            DispatcherTest.Out o = run(DispatcherTest.env(command), conf);
            DispatcherTest.assertError(o, 7);
            assertThat(o.msg()).as(command).contains("\"name\"");
        }
        assertThat(plugin.requests).isEmpty();
    }

    @Test
    void theSpecsNamesStillPass() {
        for (String name : new String[] {"mynet", "net-1", "a.b_c", "9lives"}) {
            DispatcherTest.Out o = run(DispatcherTest.env("ADD"), "{\"cniVersion\": \"1.1.0\", \"name\": \"" + name + "\", \"type\": \"test\"}");
            assertThat(o.exit()).as(o.stdout()).isZero();
        }
    }
}
