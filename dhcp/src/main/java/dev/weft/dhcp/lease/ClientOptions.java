package dev.weft.dhcp.lease;

import dev.weft.dhcp.packet.OptionCode;
import dev.weft.dhcp.packet.Octets;
import dev.weft.dhcp.packet.Options;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the client asks for and what it tells the server, as the reference plugin's {@code request}
 * and {@code provide} keys configure it: {@code requested} are the codes of the parameter request
 * list (option 55), {@code provided} options sent as they are, in order of their codes (a host
 * name, a vendor class, or a client identifier that replaces the derived one).
 *
 * <p>By default the client requests subnet mask, router, DNS servers, domain name, static routes
 * and classless static routes (1, 3, 6, 15, 33, 121): everything {@link Lease} turns into a result.
 * {@code skipDefault} (as in the reference) leaves out the defaults and requests only what is named.
 */
public record ClientOptions(List<Integer> requested, Map<Integer, Octets> provided) {
    public static final List<Integer> DEFAULT_REQUESTED = List.of(OptionCode.SUBNET_MASK, OptionCode.ROUTER,
            OptionCode.DNS_SERVERS, OptionCode.DOMAIN_NAME, OptionCode.STATIC_ROUTES, OptionCode.CLASSLESS_ROUTES);
    public static final ClientOptions DEFAULTS = new ClientOptions(DEFAULT_REQUESTED, Map.of());

    /** The reference plugin's option names; any other option is named by its number. */
    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("subnet-mask", OptionCode.SUBNET_MASK), Map.entry("routers", OptionCode.ROUTER),
            Map.entry("domain-name-servers", OptionCode.DNS_SERVERS), Map.entry("host-name", OptionCode.HOST_NAME),
            Map.entry("domain-name", OptionCode.DOMAIN_NAME), Map.entry("static-routes", OptionCode.STATIC_ROUTES),
            Map.entry("vendor-class-identifier", OptionCode.VENDOR_CLASS),
            Map.entry("dhcp-client-identifier", OptionCode.CLIENT_ID), Map.entry("user-class", OptionCode.USER_CLASS),
            Map.entry("classless-static-routes", OptionCode.CLASSLESS_ROUTES));

    /** Options the client itself writes in every message; providing them would break the exchange. */
    private static final Set<Integer> CLIENT_OWNED = Set.of(OptionCode.PAD, OptionCode.END,
            OptionCode.REQUESTED_ADDRESS, OptionCode.OVERLOAD, OptionCode.MESSAGE_TYPE, OptionCode.SERVER_ID,
            OptionCode.PARAMETER_REQUEST_LIST, OptionCode.MAX_MESSAGE_SIZE);

    public ClientOptions {
        LinkedHashSet<Integer> codes = new LinkedHashSet<>();
        for (Integer c : requested == null ? List.<Integer>of() : requested) {
            if (c == null || c < 1 || c > 254) {
                throw new IllegalArgumentException("request option " + c + " is not an option code (1-254)");
            }
            codes.add(c);
        }
        requested = List.copyOf(codes);
        LinkedHashMap<Integer, Octets> values = new LinkedHashMap<>();
        Options.Builder check = Options.builder();
        // Sorted by code: the wire order (and so golden packets) must not depend on the caller's map.
        new java.util.TreeMap<>(provided == null ? Map.<Integer, Octets>of() : provided).forEach((code, value) -> {
            if (CLIENT_OWNED.contains(code)) {
                throw new IllegalArgumentException("provide option " + code + " is set by the client itself");
            }
            if (value == null || value.length() > 255) {
                throw new IllegalArgumentException("provide option " + code + " needs a value of at most 255 bytes");
            }
            check.put(code, value); // the same shape rules as a decoded packet
            values.put(code, value);
        });
        provided = Collections.unmodifiableMap(values);
    }

    /**
     * From the reference plugin's configuration: option names or numbers to request, whether to
     * skip the defaults, and name-or-number → text value to provide.
     */
    public static ClientOptions of(List<String> request, boolean skipDefault, Map<String, String> provide) {
        List<Integer> codes = new ArrayList<>(skipDefault ? List.of() : DEFAULT_REQUESTED);
        for (String r : request) {
            codes.add(code(r, "request"));
        }
        LinkedHashMap<Integer, Octets> values = new LinkedHashMap<>();
        provide.forEach((name, value) -> values.put(code(name, "provide"), Octets.ofText(value)));
        return new ClientOptions(codes, values);
    }

    /** An option's code from its reference name ({@code host-name}) or number ({@code 12}). */
    public static int code(String nameOrNumber, String field) {
        Integer named = NAMES.get(nameOrNumber);
        if (named != null) {
            return named;
        }
        try {
            int n = Integer.parseInt(nameOrNumber);
            if (n >= 1 && n <= 254) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error naming the field
        }
        throw new IllegalArgumentException(field + " option \"" + nameOrNumber + "\" is neither a known name "
                + NAMES.keySet().stream().sorted().toList() + " nor a number 1-254");
    }
}
