package dev.weft.kube;

import java.util.regex.Pattern;

/**
 * The API server's rules for the names weft carries from Kubernetes (apimachinery's
 * {@code validation} package): namespaces are RFC 1123 labels, pod and policy names RFC 1123
 * subdomains. Neither holds a {@code /}, so {@code NAMESPACE/NAME} is one unambiguous key, and
 * neither is {@code .} or {@code ..}, so each is a safe path segment.
 */
public final class KubeNames {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private KubeNames() {
    }

    /** RFC 1123 label: lower-case alphanumerics and {@code -}, at most 63 characters, alphanumeric at both ends. */
    public static boolean isDnsLabel(String s) {
        return s != null && DNS_LABEL.matcher(s).matches();
    }

    /** RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
    public static boolean isDnsSubdomain(String s) {
        return s != null && s.length() <= 253 && DNS_SUBDOMAIN.matcher(s).matches();
    }

    /** {@code namespace} when it is a namespace name; otherwise an IllegalArgumentException naming {@code field}. */
    public static String requireNamespace(String namespace, String field) {
        if (!isDnsLabel(namespace)) {
            throw new IllegalArgumentException(field + " \"" + namespace + "\" is not a Kubernetes namespace name "
                    + "(an RFC 1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a "
                    + "letter or digit)");
        }
        return namespace;
    }

    /**
     * {@code name} when it is an object name (pods, policies); otherwise an IllegalArgumentException
     * naming {@code field}.
     */
    public static String requireObjectName(String name, String field) {
        if (!isDnsSubdomain(name)) {
            throw new IllegalArgumentException(field + " \"" + name + "\" is not a Kubernetes object name "
                    + "(an RFC 1123 subdomain: at most 253 lower-case letters, digits, '-' and '.', each dot-separated "
                    + "part starting and ending with a letter or digit)");
        }
        return name;
    }
}
