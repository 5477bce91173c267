package dev.weft.fastpath;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Runs the built C shim as a real process with an exact environment and stdin. */
record ShimProcess(int exitCode, byte[] stdout, byte[] stderr) {

    /** The shim binary; skips the test when it was not built, fails when it should have been. */
    static Path binary() {
        Path shim = Path.of(System.getProperty("weft.shim", "target/native/weft-shim"));
        if (!Files.isExecutable(shim) && compilerOnPath()) {
            fail("a C compiler is on PATH but " + shim + " was not built: check src/main/c/build.sh output");
        }
        Assumptions.assumeTrue(Files.isExecutable(shim), "no C compiler at build time, so no " + shim + " to test");
        return shim.toAbsolutePath();
    }

    static ShimProcess run(List<String> command, Map<String, String> env, byte[] stdin, Path work) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "stdout", "");
        Path err = Files.createTempFile(work, "stderr", "");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        Thread feeder = Thread.ofVirtual().start(() -> feed(p.getOutputStream(), stdin));
        if (!p.waitFor(120, TimeUnit.SECONDS)) { // a hang guard, not a timing assertion
            p.destroyForcibly();
            fail("shim did not exit: " + command);
        }
        feeder.join();
        return new ShimProcess(p.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
    }

    String stdoutText() {
        return new String(stdout, java.nio.charset.StandardCharsets.UTF_8);
    }

    void assertCniError(int code, String msg) throws IOException {
        assertThat(exitCode).as("exit code; stdout %s", stdoutText()).isEqualTo(1);
        var json = dev.weft.cni.json.Json.mapper().readTree(stdout);
        assertThat(json.path("code").intValue()).as(stdoutText()).isEqualTo(code);
        assertThat(json.path("msg").stringValue()).contains(msg);
    }

    /** The shim may exit before reading everything (stdin too large): a broken pipe is expected then. */
    private static void feed(OutputStream in, byte[] stdin) {
        try (in) {
            in.write(stdin);
        } catch (IOException ignored) {
            // the shim stopped reading; its exit code and output tell the test what happened
        }
    }

    private static boolean compilerOnPath() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && (Files.isExecutable(Path.of(d, "cc")) || Files.isExecutable(Path.of(d, "gcc")))) {
                return true;
            }
        }
        return false;
    }
}
