/**
 * FRR as the lab's top-of-rack router: {@link dev.weft.bgp.frr.FrrConfig} renders {@code frr.conf}
 * ({@code router bgp}, {@code no bgp ebgp-requires-policy}, neighbors or listen ranges, prefixes to
 * originate) and {@link dev.weft.bgp.frr.FrrRouter} runs zebra and bgpd as a private instance (its
 * own pathspace, sockets and pid files in a directory owned by frr:frr, no vty port) inside a
 * namespace, ended by pid. The lab may use it; product nodes never run FRR.
 */
package dev.weft.bgp.frr;
