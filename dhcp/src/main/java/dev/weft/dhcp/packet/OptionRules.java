package dev.weft.dhcp.packet;

/**
 * The shape each known option's value must have. Checked once, when a packet is decoded (and when
 * one is built), so that {@link Options}' typed getters never meet a malformed value.
 */
final class OptionRules {
    private OptionRules() {
    }

    /** What is wrong with {@code value} as option {@code code}, or null when it is well formed. */
    static String problem(int code, Octets value) {
        int n = value.length();
        return switch (code) {
            case OptionCode.PAD, OptionCode.END -> "is not an option with a value";
            case OptionCode.SUBNET_MASK -> n != 4 ? length(n, "4") : contiguousMask(value);
            case OptionCode.REQUESTED_ADDRESS, OptionCode.SERVER_ID, OptionCode.LEASE_TIME,
                 OptionCode.RENEWAL_TIME, OptionCode.REBINDING_TIME -> n != 4 ? length(n, "4") : null;
            case OptionCode.ROUTER, OptionCode.DNS_SERVERS -> n == 0 || n % 4 != 0 ? length(n, "a multiple of 4") : null;
            case OptionCode.STATIC_ROUTES -> n == 0 || n % 8 != 0 ? length(n, "a multiple of 8") : staticRoutes(value);
            case OptionCode.MESSAGE_TYPE -> n != 1 ? length(n, "1")
                    : MessageType.of(value.at(0)) == null ? "has unknown message type " + value.at(0) : null;
            case OptionCode.OVERLOAD -> n != 1 ? length(n, "1")
                    : value.at(0) < 1 || value.at(0) > 3 ? "has value " + value.at(0) + " (1, 2 or 3)" : null;
            case OptionCode.MAX_MESSAGE_SIZE -> n != 2 ? length(n, "2")
                    : (value.at(0) << 8 | value.at(1)) < 576 ? "is below the minimum of 576" : null;
            case OptionCode.CLIENT_ID -> n < 2 ? length(n, "at least 2") : null;
            case OptionCode.HOST_NAME, OptionCode.DOMAIN_NAME, OptionCode.MESSAGE,
                 OptionCode.PARAMETER_REQUEST_LIST -> n == 0 ? length(n, "at least 1") : null;
            case OptionCode.CLASSLESS_ROUTES -> n < 5 ? length(n, "at least 5") : classless(value);
            default -> null;
        };
    }

    private static String length(int actual, String expected) {
        return "has length " + actual + " (must be " + expected + ")";
    }

    private static String contiguousMask(Octets value) {
        int mask = value.at(0) << 24 | value.at(1) << 16 | value.at(2) << 8 | value.at(3);
        int inverted = ~mask;
        return (inverted & (inverted + 1)) == 0 ? null : "is not a contiguous mask: " + value.toHex();
    }

    private static String staticRoutes(Octets value) {
        for (int i = 0; i < value.length(); i += 8) {
            if (value.at(i) == 0 && value.at(i + 1) == 0 && value.at(i + 2) == 0 && value.at(i + 3) == 0) {
                return "has destination 0.0.0.0, which RFC 2132 forbids";
            }
        }
        return null;
    }

    private static String classless(Octets value) {
        try {
            ClasslessRoutes.decode(value);
            return null;
        } catch (IllegalArgumentException e) {
            return "is malformed: " + e.getMessage();
        }
    }
}
