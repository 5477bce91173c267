package dev.weft.net;

/**
 * A Linux network interface name: 1 to 15 bytes (IFNAMSIZ less the terminator), not {@code .} or
 * {@code ..}, without {@code /}, {@code :} or white space. These are the kernel's rules
 * ({@code dev_valid_name}) and the CNI spec's for {@code CNI_IFNAME}.
 */
public record InterfaceName(String value) {
    public static final int MAX_LENGTH = 15;

    public InterfaceName {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("interface name is empty");
        }
        if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
            throw new IllegalArgumentException("interface name \"" + value + "\" is longer than "
                    + MAX_LENGTH + " bytes");
        }
        if (value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("interface name \"" + value + "\" is not allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c == 0) {
                throw new IllegalArgumentException("interface name \"" + value + "\" contains an invalid character");
            }
        }
    }

    public static InterfaceName of(String value) {
        return new InterfaceName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
