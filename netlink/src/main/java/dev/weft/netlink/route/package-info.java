/**
 * Routes in any table (RTM_NEWROUTE/DELROUTE/GETROUTE), v4 and v6: gateway, device, {@code onlink},
 * scope, metric (priority), {@code mtu}/{@code advmss} (nested RTA_METRICS), blackhole and ECMP
 * multipath (RTA_MULTIPATH). {@link dev.weft.netlink.route.RouteSpec} is both what is asked for and
 * what a dump decodes into, so the two compare directly.
 *
 * <p>Limits: tables above 255 go in RTA_TABLE (the header byte says RT_TABLE_COMPAT); a delete
 * leaves scope and protocol as wildcards, as {@code ip route del} does, so it matches the kernel's
 * own routes too. Nexthop objects (RTA_NH_ID), policy rules and MPLS are not modelled. Listing dumps
 * every table and filters here.
 */
package dev.weft.netlink.route;
