/** Routes in any table (RTM_NEWROUTE/DELROUTE/GETROUTE): unicast, blackhole, on-link, metrics, ECMP. */
package dev.weft.netlink.route;
