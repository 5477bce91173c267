/**
 * CNI results and their conversion between spec versions.
 *
 * <p>{@link dev.weft.cni.result.Result} is one canonical value (the 1.1.0 shape) tagged with the
 * version it is expressed in. {@link dev.weft.cni.result.ResultCodec} reads and writes every rich
 * format (0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0). Conversion follows Go's {@code types/100} exactly:
 * going below 1.0.0 drops the interface fields 0.4.0 has no place for ({@code mtu},
 * {@code socketPath}, {@code pciID}) and adds {@code ips[].version}; routes keep their 1.1.0 fields
 * because the reference implementation shares one route type across versions. What is dropped
 * stays dropped when converting back up, exactly as in Go.
 *
 * <p>0.1.0 and 0.2.0 results ({@code ip4}/{@code ip6}) are not read or written: conversion to them
 * fails with error code 1.
 */
package dev.weft.cni.result;
