package dev.weft.dhcp.packet;

import java.util.Map;

/**
 * The option codes weft's client reads or writes (RFC 2132, RFC 3442 for 121). Others are kept as
 * raw bytes in {@link Options}.
 */
public final class OptionCode {
    public static final int PAD = 0;
    public static final int SUBNET_MASK = 1;
    public static final int ROUTER = 3;
    public static final int DNS_SERVERS = 6;
    public static final int HOST_NAME = 12;
    public static final int DOMAIN_NAME = 15;
    public static final int STATIC_ROUTES = 33;
    public static final int REQUESTED_ADDRESS = 50;
    public static final int LEASE_TIME = 51;
    public static final int OVERLOAD = 52;
    public static final int MESSAGE_TYPE = 53;
    public static final int SERVER_ID = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int MESSAGE = 56;
    public static final int MAX_MESSAGE_SIZE = 57;
    public static final int RENEWAL_TIME = 58;
    public static final int REBINDING_TIME = 59;
    public static final int VENDOR_CLASS = 60;
    public static final int CLIENT_ID = 61;
    public static final int USER_CLASS = 77;
    public static final int CLASSLESS_ROUTES = 121;
    public static final int END = 255;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(SUBNET_MASK, "subnet mask"), Map.entry(ROUTER, "router"),
            Map.entry(DNS_SERVERS, "DNS servers"), Map.entry(HOST_NAME, "host name"),
            Map.entry(DOMAIN_NAME, "domain name"), Map.entry(STATIC_ROUTES, "static routes"),
            Map.entry(REQUESTED_ADDRESS, "requested address"), Map.entry(LEASE_TIME, "lease time"),
            Map.entry(OVERLOAD, "overload"), Map.entry(MESSAGE_TYPE, "message type"),
            Map.entry(SERVER_ID, "server identifier"), Map.entry(PARAMETER_REQUEST_LIST, "parameter request list"),
            Map.entry(MESSAGE, "message"), Map.entry(MAX_MESSAGE_SIZE, "maximum message size"),
            Map.entry(RENEWAL_TIME, "renewal time"), Map.entry(REBINDING_TIME, "rebinding time"),
            Map.entry(VENDOR_CLASS, "vendor class identifier"), Map.entry(CLIENT_ID, "client identifier"),
            Map.entry(USER_CLASS, "user class"), Map.entry(CLASSLESS_ROUTES, "classless static routes"));

    private OptionCode() {
    }

    /** {@code option 1 (subnet mask)}, or {@code option 200} for one without a name here. */
    public static String describe(int code) {
        String name = NAMES.get(code);
        return name == null ? "option " + code : "option " + code + " (" + name + ")";
    }
}
