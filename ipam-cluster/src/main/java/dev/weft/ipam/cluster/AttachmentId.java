package dev.weft.ipam.cluster;

import dev.weft.net.InterfaceName;

import java.util.regex.Pattern;

/**
 * The CNI attachment an allocation belongs to: container ID and interface name (the runtime's
 * key for an attachment; pod names are not unique over time, StatefulSets reuse them). Its
 * {@link #handleId()} names the handle record.
 */
public record AttachmentId(String containerId, InterfaceName ifName) {
    private static final Pattern CONTAINER_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    public AttachmentId {
        if (containerId == null || !CONTAINER_ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("containerId \"" + containerId
                    + "\" must start with a letter or digit, followed by letters, digits, '_', '.' or '-'");
        }
        if (ifName == null) {
            throw new IllegalArgumentException("ifName is required");
        }
    }

    public static AttachmentId of(String containerId, String ifName) {
        return new AttachmentId(containerId, InterfaceName.of(ifName));
    }

    /** {@code CONTAINERID:IFNAME}: unambiguous, neither part may hold a colon. */
    public String handleId() {
        return containerId + ":" + ifName.value();
    }

    /** The inverse of {@link #handleId()}. */
    public static AttachmentId parseHandleId(String handleId) {
        int colon = handleId.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("handle \"" + handleId + "\" is not CONTAINERID:IFNAME");
        }
        return of(handleId.substring(0, colon), handleId.substring(colon + 1));
    }

    @Override
    public String toString() {
        return handleId();
    }
}
