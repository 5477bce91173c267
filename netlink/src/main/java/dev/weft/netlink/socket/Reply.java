package dev.weft.netlink.socket;

import dev.weft.netlink.codec.Message;

import java.util.List;

/**
 * One request's outcome in a batch ({@link NetlinkSocket#requestAll}): the messages before its
 * ACK, or the kernel's error. A batch keeps going after an error, so its caller sees which
 * requests took effect and can undo them.
 */
public record Reply(List<Message> messages, NetlinkException error) {
    public Reply {
        messages = List.copyOf(messages);
    }

    /** Whether the kernel refused this request. */
    public boolean failed() {
        return error != null;
    }

    /** The messages; the error, if the request failed. */
    public List<Message> orThrow() {
        if (error != null) {
            throw error;
        }
        return messages;
    }
}
