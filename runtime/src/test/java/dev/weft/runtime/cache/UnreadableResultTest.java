package dev.weft.runtime.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A record whose result weft cannot read still names an attachment, so GC can DEL it. */
class UnreadableResultTest {
    @TempDir
    Path dir;

    @Test
    void recordWithA020ResultIsListedWithoutItsResult() throws Exception {
        Files.createDirectories(dir.resolve("results"));
        Files.writeString(dir.resolve("results/net-old-eth0"), """
                {"kind":"cniCacheV1","containerId":"old","config":"e30=","ifName":"eth0","networkName":"net",
                 "result":{"cniVersion":"0.2.0","ip4":{"ip":"10.0.0.2/24"}}}
                """);
        var all = new ResultCache(dir).list();
        assertThat(all).singleElement().satisfies(a -> {
            assertThat(a.containerId()).isEqualTo("old");
            assertThat(a.result()).isEmpty();
        });
    }
}
