package dev.weft.policy.manifest;

import java.util.regex.Pattern;

/** The API server's syntax rules for the names a NetworkPolicy contains (apimachinery's {@code validation} package). */
final class KubeNames {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?");

    private KubeNames() {
    }

    /** Namespaces: RFC 1123 label, at most 63 characters. */
    static boolean isDnsLabel(String s) {
        return DNS_LABEL.matcher(s).matches();
    }

    /** Object names: RFC 1123 subdomain, at most 253 characters. */
    static boolean isDnsSubdomain(String s) {
        return s.length() <= 253 && DNS_SUBDOMAIN.matcher(s).matches();
    }

    /** Label keys: an optional DNS-subdomain prefix and {@code /}, then a name of at most 63 characters. */
    static boolean isLabelKey(String s) {
        int slash = s.indexOf('/');
        String name = slash < 0 ? s : s.substring(slash + 1);
        boolean prefixOk = slash < 0 || (slash > 0 && isDnsSubdomain(s.substring(0, slash)));
        return prefixOk && QUALIFIED_NAME.matcher(name).matches();
    }

    /** Label values: empty, or a name of at most 63 characters. */
    static boolean isLabelValue(String s) {
        return s.isEmpty() || QUALIFIED_NAME.matcher(s).matches();
    }

    /** IANA service names: at most 15 characters, at least one letter, no leading, trailing or doubled hyphen. */
    static boolean isPortName(String s) {
        return PORT_NAME.matcher(s).matches() && !s.contains("--") && s.chars().anyMatch(Character::isLetter);
    }
}
