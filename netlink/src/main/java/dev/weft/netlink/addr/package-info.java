/** Addresses on interfaces (RTM_NEWADDR/DELADDR/GETADDR), v4 and v6. */
package dev.weft.netlink.addr;
