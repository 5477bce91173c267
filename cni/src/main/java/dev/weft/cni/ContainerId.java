package dev.weft.cni;

import java.util.regex.Pattern;

/**
 * A container ID as the spec defines it: not empty, starts with an alphanumeric character, then
 * alphanumerics, {@code _}, {@code .} or {@code -}.
 */
public record ContainerId(String value) {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    public ContainerId {
        if (value == null || value.isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "CNI_CONTAINERID is empty");
        }
        if (!VALID.matcher(value).matches()) {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "CNI_CONTAINERID \"" + value
                    + "\" must start with a letter or digit, followed by letters, digits, '_', '.' or '-'");
        }
    }

    public static ContainerId of(String value) {
        return new ContainerId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
