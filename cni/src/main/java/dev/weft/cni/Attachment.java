package dev.weft.cni;

/** A (container ID, interface name) pair: the key of an attachment within a network, as GC sees it. */
public record Attachment(String containerId, String ifName) {
}
