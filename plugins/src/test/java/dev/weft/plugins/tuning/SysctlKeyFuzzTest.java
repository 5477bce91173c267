package dev.weft.plugins.tuning;

import dev.weft.cni.CniException;
import dev.weft.cni.json.Fields;
import dev.weft.cni.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.node.StringNode;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the one place where configuration becomes a file path: whatever key and interface name
 * come in, an accepted key resolves to a file under {@code /proc/sys/net}, and a refused one is a
 * code-7 error, never another exception.
 */
class SysctlKeyFuzzTest {
    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of("net", "ipv4", "conf", "IFNAME", "..", ".", "", "kernel",
                "rp_filter", "eth0.100", "all"), Arbitraries.strings().withChars("abn./\\%\n:_-IFNAME").ofMaxLength(6));
        return segment.list().ofMinSize(1).ofMaxSize(6).flatMap(parts -> Arbitraries.of(".", "/")
                .map(sep -> String.join(sep, parts)));
    }

    @Provide
    Arbitrary<String> ifNames() {
        return Arbitraries.oneOf(Arbitraries.of("eth0", "eth0.100", "..", "a/b", "net"),
                Arbitraries.strings().withChars("ae0./-_").ofMinLength(1).ofMaxLength(15));
    }

    @Property(tries = 3000)
    void acceptedKeysStayUnderProcSysNet(@ForAll("keys") String key, @ForAll("ifNames") String ifName) {
        try {
            TuningConfig.Sysctl s = TuningConfig.sysctl(Fields.ofConfig(Json.object(), ""), key, StringNode.valueOf("1"), ifName);
            Path file = Path.of("/proc/sys").resolve(s.path()).normalize();
            assertThat(file.startsWith(Path.of("/proc/sys/net"))).as(key + " with " + ifName + " -> " + file).isTrue();
            assertThat(file.toString()).isEqualTo("/proc/sys/" + s.path());
        } catch (CniException refused) {
            assertThat(refused.code()).isEqualTo(7);
            assertThat(refused.msg()).contains("sysctl.");
        }
    }
}
