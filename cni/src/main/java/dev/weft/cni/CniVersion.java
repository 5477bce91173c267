package dev.weft.cni;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The CNI spec versions weft knows. Results can be written for 0.3.0 and later; 0.1.0 and 0.2.0
 * appear only in other plugins' {@code supportedVersions} lists.
 */
public enum CniVersion {
    V0_1_0("0.1.0"),
    V0_2_0("0.2.0"),
    V0_3_0("0.3.0"),
    V0_3_1("0.3.1"),
    V0_4_0("0.4.0"),
    V1_0_0("1.0.0"),
    V1_1_0("1.1.0");

    /** The version weft implements and emits by default. */
    public static final CniVersion CURRENT = V1_1_0;

    private final String text;

    CniVersion(String text) {
        this.text = text;
    }

    /** Looks a version up by its text, e.g. {@code "0.4.0"}. */
    public static Optional<CniVersion> find(String text) {
        return Arrays.stream(values()).filter(v -> v.text.equals(text)).findFirst();
    }

    /** Like {@link #find} but an unknown version is the spec's error code 1. */
    public static CniVersion parse(String text) {
        return find(text).orElseThrow(() -> new CniException(CniErrorCode.INCOMPATIBLE_VERSION,
                "unsupported CNI version \"" + text + "\"; weft supports " + supportedTexts()));
    }

    /** Versions whose result format weft can read and write. */
    public static List<CniVersion> withResults() {
        return Arrays.stream(values()).filter(CniVersion::hasRichResult).toList();
    }

    public static List<String> supportedTexts() {
        return withResults().stream().map(CniVersion::text).toList();
    }

    public String text() {
        return text;
    }

    /** 0.3.0 introduced the interfaces/ips/routes result and chaining. */
    public boolean hasRichResult() {
        return atLeast(V0_3_0);
    }

    /** 0.4.0 introduced CHECK and prevResult on DEL. */
    public boolean supportsCheck() {
        return atLeast(V0_4_0);
    }

    /** 1.1.0 introduced GC and STATUS. */
    public boolean supportsGcAndStatus() {
        return atLeast(V1_1_0);
    }

    public boolean atLeast(CniVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
