/**
 * {@code weft-macvlan}: the underlay mode. A macvlan sub-interface of a host device (by default
 * the one carrying the default route) is moved into the container, so pods sit directly on the
 * node's L2 network with no bridge or NAT. Host and pod on the same master cannot talk directly
 * (a macvlan property), which is why the master is never the pod's gateway.
 */
package dev.weft.plugins.macvlan;
