package dev.weft.fastpath;

import dev.weft.cni.CniException;
import dev.weft.cni.json.ErrorCodec;
import dev.weft.cni.json.Json;

import java.util.Arrays;
import java.util.Objects;

/** What the plugin executable would have produced: exit code (0-255), stdout and stderr bytes. */
public record CniResponse(int exitCode, byte[] stdout, byte[] stderr) {
    private static final byte[] NONE = new byte[0];

    public CniResponse {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (exitCode < 0 || exitCode > 255) {
            throw new IllegalArgumentException("exitCode must be 0-255: " + exitCode);
        }
        if (stdout.length > Limits.MAX_STDOUT) {
            throw new IllegalArgumentException("stdout is " + stdout.length + " bytes, over the limit of " + Limits.MAX_STDOUT);
        }
        if (stderr.length > Limits.MAX_STDERR) {
            throw new IllegalArgumentException("stderr is " + stderr.length + " bytes, over the limit of " + Limits.MAX_STDERR);
        }
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    /** Exit 0 with {@code stdout} (a result JSON, or nothing for DEL). */
    public static CniResponse success(byte[] stdout) {
        return new CniResponse(0, stdout, NONE);
    }

    /** Exit 1 with the spec's error JSON on stdout, as a plugin executable reports a failure. */
    public static CniResponse error(CniException e, String cniVersion) {
        return new CniResponse(1, Json.bytes(ErrorCodec.encode(e, cniVersion)), NONE);
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CniResponse r && exitCode == r.exitCode
                && Arrays.equals(stdout, r.stdout) && Arrays.equals(stderr, r.stderr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(exitCode, Arrays.hashCode(stdout), Arrays.hashCode(stderr));
    }

    @Override
    public String toString() {
        return "CniResponse[exitCode=" + exitCode + ", stdout=" + stdout.length + " bytes, stderr=" + stderr.length + " bytes]";
    }
}
