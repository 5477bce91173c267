package dev.weft.cli.cluster;

import dev.weft.testkit.Proc;
import dev.weft.testkit.WeftCli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft cluster} on a damaged embedded store (issue #13, item 9). */
class ClusterCommandTest {
    @TempDir
    Path tmp;

    /**
     * An empty, blank, {@code []} or {@code {}} store file. {@code leases} used to print nothing
     * and exit 0, and {@code init} rewrote the file from scratch; both now fail, name the file and
     * leave it as it was.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "  \n", "[]", "{}"})
    void aDamagedStoreIsReportedAndNeverRewritten(String content) throws Exception {
        Path store = Files.writeString(tmp.resolve("store.json"), content);
        Proc.Result leases = WeftCli.run(null, Map.of(), "cluster", "leases", "--datastore", store.toString());
        assertThat(leases.exit()).as(leases.out()).isEqualTo(1);
        assertThat(leases.err()).contains(store.toString()).contains(".bak");
        Proc.Result init = WeftCli.run(null, Map.of(), "cluster", "init", "--network", "10.244.0.0/16",
                "--datastore", store.toString());
        assertThat(init.exit()).as(init.out()).isEqualTo(1);
        assertThat(init.err()).contains(store.toString());
        assertThat(Files.readString(store)).isEqualTo(content);
    }
}
