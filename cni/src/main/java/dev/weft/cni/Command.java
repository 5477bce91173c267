package dev.weft.cni;

/** The spec's {@code CNI_COMMAND} values. */
public enum Command {
    ADD, DEL, CHECK, GC, STATUS, VERSION;

    /** Commands that act on one attachment and so need container ID and interface name. */
    public boolean perAttachment() {
        return this == ADD || this == DEL || this == CHECK;
    }
}
