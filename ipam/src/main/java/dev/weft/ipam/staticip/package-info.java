/**
 * {@code weft-static}: fixed addresses, routes and DNS from the configuration or the caller
 * ({@code runtimeConfig.ips}, {@code args.cni.ips}, {@code CNI_ARGS IP=…;GATEWAY=…}). It holds no
 * state, so DEL and GC have nothing to release.
 */
package dev.weft.ipam.staticip;
