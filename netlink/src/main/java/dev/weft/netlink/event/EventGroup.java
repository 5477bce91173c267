package dev.weft.netlink.event;

import java.util.Set;

/** The rtnetlink multicast groups weft subscribes to ({@code RTNLGRP_*} in uapi rtnetlink.h). */
public enum EventGroup {
    /** RTNLGRP_LINK. */
    LINK(1),
    /** RTNLGRP_IPV4_IFADDR. */
    IPV4_ADDRESS(5),
    /** RTNLGRP_IPV4_ROUTE. */
    IPV4_ROUTE(7),
    /** RTNLGRP_IPV6_IFADDR. */
    IPV6_ADDRESS(9),
    /** RTNLGRP_IPV6_ROUTE. */
    IPV6_ROUTE(11);

    private final int group;

    EventGroup(int group) {
        this.group = group;
    }

    /** The group number. */
    public int group() {
        return group;
    }

    /** The bind(2) {@code nl_groups} mask for these groups (all below 32). */
    public static int mask(Set<EventGroup> groups) {
        int m = 0;
        for (EventGroup g : groups) {
            m |= 1 << (g.group - 1);
        }
        return m;
    }
}
