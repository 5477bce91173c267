package dev.weft.cni.config;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;

import java.util.regex.Pattern;

/** The spec's rule for network names, which also keeps them safe as cache file name parts. */
public final class NetworkName {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    private NetworkName() {
    }

    public static String validate(String name, String field) {
        if (name == null || name.isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"" + field + "\" is required");
        }
        if (!VALID.matcher(name).matches()) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"" + field + "\" value \"" + name
                    + "\" must start with a letter or digit, followed by letters, digits, '_', '.' or '-'");
        }
        return name;
    }
}
