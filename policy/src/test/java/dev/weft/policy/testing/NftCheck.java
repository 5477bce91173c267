package dev.weft.policy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code nft -c -f}: the kernel parses and validates the script in a transaction it then aborts, so
 * nothing changes. It needs CAP_NET_ADMIN; without it (or without nft) the check is skipped with the reason.
 */
public final class NftCheck {
    private static final Path NFT = Path.of("/usr/sbin/nft");

    private NftCheck() {
    }

    public static void assertValid(String script) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(NFT), "nft not installed at " + NFT);
        Path file = Files.createTempFile("weft-policy", ".nft");
        try {
            Files.writeString(file, script);
            Process p = new ProcessBuilder(NFT.toString(), "-c", "-f", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assumeTrue(!out.contains("Operation not permitted"), "nft -c needs CAP_NET_ADMIN: " + out.strip());
            assertThat(p.exitValue()).as("nft -c -f says:\n" + out).isZero();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
